package org.mmsrouter.web.admin;

import jakarta.ejb.EJB;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.annotation.WebListener;
import org.mmsrouter.traffic.TrafficRecorder;

/** Starts the traffic sampling the console charts once the application (and so this module) is up. */
@WebListener
public class TrafficSampling implements ServletContextListener {

    @EJB
    private TrafficRecorder traffic;

    @Override
    public void contextInitialized(ServletContextEvent event) {
        traffic.startSampling();
    }
}
