package org.mmsrouter.bench.floor;

import io.undertow.servlet.api.DeploymentInfo;
import io.undertow.servlet.spec.ServletContextImpl;
import io.undertow.util.SameThreadExecutor;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSDestinationDefinition;
import jakarta.jms.Queue;
import jakarta.servlet.Servlet;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.ServletRegistration;
import jakarta.servlet.annotation.WebListener;

/**
 * Registers the floor's two servlets on Undertow's I/O thread, with the deployment's asynchronous
 * tasks run there, exactly as the router's MM1 servlet is set up; starts the queue's drain.
 */
@JMSDestinationDefinition(
        name = FloorRegistration.QUEUE,
        interfaceName = "jakarta.jms.Queue",
        destinationName = "mmsrouter-bench-floor",
        resourceAdapter = "activemq-ra") // the router's configuration binds no default JMS factory
@WebListener
public class FloorRegistration implements ServletContextListener {

    static final String QUEUE = "java:app/jms/BenchFloorQueue";

    /** The router's ingress factory: in-VM, with the confirmation window its asynchronous sends need. */
    @Resource(lookup = "java:/jms/MmsIngressConnectionFactory")
    private ConnectionFactory ingress;

    @Resource(lookup = "java:/ConnectionFactory")
    private ConnectionFactory plain;

    @Resource(lookup = QUEUE)
    private Queue queue;

    @Resource(lookup = "java:comp/DefaultManagedThreadFactory")
    private ManagedThreadFactory threads;

    private Drain drain;

    @Override
    public void contextInitialized(ServletContextEvent event) {
        ServletContext context = event.getServletContext();
        add(context, "echo", new EchoServlet());
        add(context, "durable", new DurableServlet(ingress, queue));
        if (context instanceof ServletContextImpl undertow) {
            DeploymentInfo deployment = undertow.getDeployment().getDeploymentInfo();
            for (String name : new String[] {"echo", "durable"}) {
                undertow.getDeployment()
                        .getServlets()
                        .getManagedServlet(name)
                        .getServletInfo()
                        .setExecutor(SameThreadExecutor.INSTANCE);
            }
            // Undertow's own tasks for an asynchronous request (the ReadListener's start, the
            // completion) run at once when asked for on an I/O thread, as the router's AsyncTasks does.
            deployment.setAsyncExecutor(Runnable::run);
        }
        drain = new Drain(plain, queue, threads, 2);
    }

    private static void add(ServletContext context, String name, Servlet servlet) {
        ServletRegistration.Dynamic registration = context.addServlet(name, servlet);
        registration.setAsyncSupported(true);
        registration.addMapping("/" + name);
    }

    @Override
    public void contextDestroyed(ServletContextEvent event) {
        if (drain != null) {
            drain.stop();
        }
    }
}
