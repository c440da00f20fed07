package org.mmsrouter.web.admin;

import jakarta.ejb.EJB;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.annotation.WebListener;
import org.mmsrouter.health.HealthMonitor;
import org.mmsrouter.traffic.TrafficRecorder;

/**
 * What starts once the whole application is up and what must happen first when it stops: the web
 * module starts after the EJB module and stops before it.
 */
@WebListener
public class ApplicationLifecycle implements ServletContextListener {

    @EJB
    private TrafficRecorder traffic;

    @EJB
    private HealthMonitor health;

    /** Starts the traffic sampling the console charts (a timer started earlier could fire into a failing deployment). */
    @Override
    public void contextInitialized(ServletContextEvent event) {
        traffic.startSampling();
    }

    /** Lets forwarders waiting for a route go at once, so that a clean stop does not wait out no-route-wait. */
    @Override
    public void contextDestroyed(ServletContextEvent event) {
        health.applicationStopping();
    }
}
