package org.mmsrouter.forward;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.DependsOn;
import jakarta.ejb.EJB;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.Queue;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.logging.Logger;
import org.mmsrouter.config.RouterConfiguration;
import org.mmsrouter.config.RouterSettings;
import org.mmsrouter.health.ServerSuspension;
import org.mmsrouter.mm.ForwardOutcome;
import org.mmsrouter.mm.QueuedMm;
import org.mmsrouter.nodes.NodeDirectory;
import org.mmsrouter.pdu.PduHeaders;
import org.mmsrouter.retrieval.RetrievalService;

/**
 * Runs this node's forwarding threads ({@link ForwardingWorker}, {@code mmsrouter.forward.consumers}
 * of them) from deployment to undeploy. In place of a message-driven bean: a bean's delivery is an
 * XA transaction through the resource adapter and a pooled bean instance, which cost more CPU per
 * MM than the forwarding itself; a thread of its own takes the message, POSTs it and commits a local
 * transaction. While WildFly suspends ({@code :suspend}, and first thing in {@code :shutdown}) the
 * threads take no new MM; on undeploy each finishes the MM it holds, and what it had not committed
 * by then is redelivered.
 */
@Singleton
@Startup
@DependsOn({
    "RouterConfiguration",
    "ForwardingService",
    "RetrievalService",
    "NodeDirectory",
    "MmJournal",
    "HealthMonitor"
})
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class ForwardingLoop {

    private static final Logger LOG = Logger.getLogger(ForwardingLoop.class.getName());
    /** How often the threads ask whether the server is suspending (a JMX read). */
    private static final Duration SUSPENSION_CHECK = Duration.ofMillis(250);
    /** How long a thread waits for a route at a time while no MMSC is up, before it checks for a stop again. */
    private static final Duration ROUTE_WAIT_SLICE = Duration.ofSeconds(1);

    // Looked up when a thread opens its session, not injected: an injected JMS resource makes the
    // deployment depend on the broker, and a stopped broker would take the whole router down (LateJndi).
    private final LateJndi<ConnectionFactory> factory =
            new LateJndi<>(Destinations.LOCAL_CONNECTION_FACTORY, ConnectionFactory.class);

    private final LateJndi<Queue> submissions = new LateJndi<>(Destinations.SUBMISSIONS, Queue.class);

    private final LateJndi<Queue> deadLetters = new LateJndi<>(Destinations.DEAD_LETTERS, Queue.class);

    @Resource
    private ManagedThreadFactory threadFactory;

    @EJB
    private RouterConfiguration configuration;

    @EJB
    private ForwardingService forwarding;

    @EJB
    private RetrievalService retrievals;

    @EJB
    private NodeDirectory nodes;

    @EJB
    private MmJournal journal;

    @EJB
    private OutcomePublisher outcomes;

    @EJB
    private OutcomeBoard board;

    private final List<ForwardingWorker> workers = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    private Duration forwardTimeout;

    @PostConstruct
    void start() {
        RouterSettings.Forwarding settings = configuration.settings().forwarding();
        forwardTimeout = settings.timeout();
        // Read per MM: a settings reload may change it.
        Supplier<RouterSettings> live = configuration.live();
        String nodeName = nodes.name();
        MmJournal.Writer records = journal.writer();
        // Plain objects for what runs once per MM, fetched once (no bean call per MM).
        ForwardingService.Forwarder forwarder = forwarding.direct();
        ForwardingService.RouteGate routes = forwarding.routeGate();
        OutcomeWaiters waiters = board.waiters();
        BooleanSupplier othersLive = nodes.othersLive();
        ForwardingWorker.Collaborators collaborators = new ForwardingWorker.Collaborators() {
            @Override
            public ForwardOutcome forward(QueuedMm mm, PduHeaders headers) throws InterruptedException {
                return forwarder.forward(mm, headers);
            }

            @Override
            public ForwardOutcome deliverFollowUp(QueuedMm mm) throws InterruptedException {
                return retrievals.deliverFollowUp(mm);
            }

            @Override
            public void publish(QueuedMm mm, OutcomeBoard.Outcome outcome) {
                // The waiting request on this node first, in memory; the topic only when needed.
                if (OutcomePublisher.needsTopic(
                        waiters.deliver(mm.routerMessageId(), outcome), outcome, othersLive.getAsBoolean())) {
                    outcomes.publishOnTopic(mm.routerMessageId(), outcome, mm.expiresAt());
                }
            }

            @Override
            public boolean waitForRoute() throws InterruptedException {
                return routes.waitForRoute(ROUTE_WAIT_SLICE);
            }

            @Override
            public void record(MmRecord record) {
                records.ended(record);
            }

            @Override
            public int maxAttempts() {
                return live.get().forwarding().maxAttempts();
            }

            @Override
            public String nodeName() {
                return nodeName;
            }
        };
        BooleanSupplier suspended = new Throttled(
                new ServerSuspension(ManagementFactory.getPlatformMBeanServer()), SUSPENSION_CHECK.toNanos());
        for (int i = 0; i < settings.consumers(); i++) {
            ForwardingWorker worker =
                    new ForwardingWorker(factory, submissions, deadLetters, collaborators, suspended, settings.batch());
            Thread thread = threadFactory.newThread(worker);
            thread.setName("mms-forwarder-" + (i + 1));
            workers.add(worker);
            threads.add(thread);
        }
        threads.forEach(Thread::start);
        LOG.info(() -> threads.size() + " forwarding threads started (up to " + settings.batch() + " MMs a commit)");
    }

    /** Lets every thread finish the MM it holds (up to the forwarding timeout and a margin), then interrupts it. */
    @PreDestroy
    void stop() {
        workers.forEach(ForwardingWorker::stop);
        long deadline = System.nanoTime() + forwardTimeout.plusSeconds(5).toNanos();
        for (Thread thread : threads) {
            try {
                thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        threads.stream().filter(Thread::isAlive).forEach(thread -> {
            LOG.warning(thread.getName() + " still forwarding at undeploy: interrupted (its MM is redelivered)");
            thread.interrupt();
        });
    }

    /** A slow yes/no asked at most once per period, however many threads ask. */
    static final class Throttled implements BooleanSupplier {
        private final BooleanSupplier source;
        private final long periodNanos;
        private volatile boolean last;
        private volatile long readAt;
        private volatile boolean read;

        Throttled(BooleanSupplier source, long periodNanos) {
            this.source = source;
            this.periodNanos = periodNanos;
        }

        @Override
        public boolean getAsBoolean() {
            long now = System.nanoTime();
            if (!read || now - readAt >= periodNanos) {
                synchronized (this) {
                    if (!read || now - readAt >= periodNanos) {
                        last = source.getAsBoolean();
                        readAt = now;
                        read = true;
                    }
                }
            }
            return last;
        }
    }
}
