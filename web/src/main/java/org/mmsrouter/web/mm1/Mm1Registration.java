package org.mmsrouter.web.mm1;

import jakarta.annotation.Resource;
import jakarta.ejb.EJB;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.ServletRegistration;
import jakarta.servlet.annotation.WebListener;
import java.lang.management.ManagementFactory;
import java.net.http.HttpClient;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.logging.Logger;
import org.mmsrouter.admission.AdmissionMonitor;
import org.mmsrouter.config.RouterConfiguration;
import org.mmsrouter.config.RouterSettings;
import org.mmsrouter.forward.OutcomeBoard;
import org.mmsrouter.forward.SubmissionIntake;
import org.mmsrouter.health.ServerSuspension;
import org.mmsrouter.retrieval.RetrievalService;

/**
 * Mounts the MM1 servlet at the configured path (mmsrouter.mm1.path), which annotations cannot do,
 * the configured pass-throughs (paths that are not MM1), and the retrieval servlet on every other path.
 */
@WebListener
public class Mm1Registration implements ServletContextListener {

    private static final Logger LOG = Logger.getLogger(Mm1Registration.class.getName());

    @EJB
    private RouterConfiguration configuration;

    @EJB
    private SubmissionIntake intake;

    @EJB
    private OutcomeBoard outcomes;

    @EJB
    private RetrievalService retrievals;

    @EJB
    private AdmissionMonitor admission;

    @Resource
    private ManagedThreadFactory threadFactory;

    private HttpClient passThroughClient;
    private ExecutorService passThroughThreads;
    private ScheduledExecutorService watchdog;

    @Override
    public void contextDestroyed(ServletContextEvent event) {
        if (passThroughThreads != null) {
            passThroughThreads.shutdownNow();
        }
        if (watchdog != null) {
            watchdog.shutdownNow();
        }
    }

    @Override
    public void contextInitialized(ServletContextEvent event) {
        RouterSettings settings = configuration.settings();
        RouterSettings.Mm1 mm1 = settings.mm1();
        // What a reload may change (sources, gateways, limits, window, expiries) is read per request.
        Supplier<RouterSettings> live = configuration.live();
        ServletContext context = event.getServletContext();
        ScheduledThreadPoolExecutor guards = new ScheduledThreadPoolExecutor(1, threadFactory);
        guards.setRemoveOnCancelPolicy(true); // one guard per read, nearly all cancelled: keep the queue short
        watchdog = guards;
        RetrievalServlet retrieval = new RetrievalServlet(
                retrievals,
                address -> live.get().mm1().trustedGateway(address),
                watchdog,
                settings.retrieval().timeout());
        // Every other path is a Content-Location URL some MMSC handed out: the default mapping.
        context.addServlet("mm1-retrieval", retrieval).addMapping("/");
        ServletRegistration.Dynamic servlet = context.addServlet(
                "mm1",
                new Mm1Servlet(
                        intake.intake(),
                        outcomes.waiters(),
                        live,
                        retrieval,
                        retrievals,
                        watchdog,
                        admission.admission()));
        servlet.setAsyncSupported(true);
        servlet.addMapping(mm1.path());
        IoThreadServlet.serveOnIoThread(context, "mm1");
        int maxConcurrent = settings.retrieval().passThroughMaxConcurrent();
        Semaphore passThroughSlots = new Semaphore(maxConcurrent);
        if (!settings.retrieval().passThroughs().isEmpty()) {
            // Bounded: a request may keep one thread reading its body and one taking the answer;
            // beyond max-concurrent requests the servlet answers 503 before asking for a thread.
            ThreadPoolExecutor threads = new ThreadPoolExecutor(
                    2 * maxConcurrent,
                    2 * maxConcurrent,
                    30,
                    TimeUnit.SECONDS,
                    new LinkedBlockingQueue<>(),
                    threadFactory);
            threads.allowCoreThreadTimeOut(true);
            passThroughThreads = threads;
            passThroughClient = HttpClient.newBuilder()
                    .version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(settings.health().probeTimeout())
                    .executor(passThroughThreads)
                    .build();
        }
        List<String> subscriberServlets = new ArrayList<>(List.of("mm1", "mm1-retrieval"));
        for (RouterSettings.PassThrough route : settings.retrieval().passThroughs()) {
            String name = "pass-through-" + route.id();
            context.addServlet(
                            name,
                            new PassThroughServlet(
                                    route,
                                    passThroughClient,
                                    settings.retrieval().timeout(),
                                    address -> live.get().mm1().trustedGateway(address),
                                    watchdog,
                                    passThroughSlots))
                    .addMapping(route.pathPrefix(), route.pathPrefix() + "/*");
            subscriberServlets.add(name);
            LOG.info(() -> "Pass-through " + route.id() + ": " + route.pathPrefix() + " -> " + route.target()
                    + " (served to mmsrouter.mm1.allowed-sources, at most " + maxConcurrent + " at once)");
        }
        // The node's own liveness and readiness for load balancers: open to any address (up or down is all
        // they tell), so not behind mm1-sources.
        context.addServlet(
                        "health",
                        new HealthServlet(
                                admission::state, new ServerSuspension(ManagementFactory.getPlatformMBeanServer())))
                .addMapping(HealthServlet.PATH + "/*");
        // Pass-throughs are on the subscriber-facing listener like MM1: the same networks only.
        context.addFilter(
                        "mm1-sources",
                        new Mm1SourceFilter(address -> live.get().mm1().allowedSource(address)))
                .setAsyncSupported(true);
        context.getFilterRegistration("mm1-sources")
                .addMappingForServletNames(null, false, subscriberServlets.toArray(String[]::new));
        LOG.info(() -> "MM1 ingress at " + context.getContextPath() + mm1.path()
                + " (largest MM " + mm1.maxMessageBytes() + " bytes, answer window "
                + mm1.answerWindow().toMillis() + " ms), served to "
                + mm1.allowedSources().size() + " network(s) in mmsrouter.mm1.allowed-sources");
    }
}
