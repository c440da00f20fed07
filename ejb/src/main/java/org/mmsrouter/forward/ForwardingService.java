package org.mmsrouter.forward;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.DependsOn;
import jakarta.ejb.EJB;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.logging.Logger;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.core5.io.CloseMode;
import org.mmsrouter.config.MmscDefinition;
import org.mmsrouter.config.RouterConfiguration;
import org.mmsrouter.config.RouterSettings;
import org.mmsrouter.config.SettingsReloaded;
import org.mmsrouter.dns.RouterResolver;
import org.mmsrouter.health.HealthMonitor;
import org.mmsrouter.health.HealthView;
import org.mmsrouter.health.MmscRecovered;
import org.mmsrouter.metrics.LatencyHistogram;
import org.mmsrouter.mm.ForwardOutcome;
import org.mmsrouter.mm.LearnedOwners;
import org.mmsrouter.mm.QueuedMm;
import org.mmsrouter.pdu.PduHeaders;
import org.mmsrouter.registry.MmscRegistry;
import org.mmsrouter.registry.MmscsChanged;
import org.mmsrouter.retrieval.RetrievalService;
import org.mmsrouter.routing.RoutingOptions;

/**
 * Forwards one MM: walks the routable MMSCs in preference order, reports transient failures to
 * the health monitor (passive detection) and stops at the first MMSC that accepts or rejects for
 * good. One shared HTTP client; bean-managed concurrency lets every forwarding thread call at once.
 * Started with the deployment, ahead of the {@link ForwardingLoop} that calls it (a bean made on
 * the first call from a startup bean would wait for the startup to end, which waits for it).
 */
@Singleton
@Startup
@DependsOn({"RouterConfiguration", "MmscRegistry", "HealthMonitor", "RouterResolver", "RetrievalService"})
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
// Holds no transactional resource: spare every call the JTA transaction that is the EJB default.
@TransactionAttribute(TransactionAttributeType.SUPPORTS)
public class ForwardingService {

    private static final Logger LOG = Logger.getLogger(ForwardingService.class.getName());

    @EJB
    private RouterConfiguration configuration;

    @EJB
    private HealthMonitor health;

    /** The forwarders' HTTP client: blocking, on the forwarding thread; closed on undeploy. */
    private CloseableHttpClient httpClient;

    @EJB
    private MmscRegistry registry;

    @EJB
    private RouterResolver resolver;

    @EJB
    private RetrievalService retrievals;

    /** Rebuilt whenever the registry changes; forwarders read whichever is current. */
    private volatile RoutingTable routes;

    private HealthView healthView;
    private LearnedOwners learnedOwners;
    // Replaced by a settings reload (settingsReloaded), read by the forwarding threads.
    private volatile RoutingOptions routingOptions;
    private volatile Duration mmscSlowStart;
    private MmscForwarder forwarder;
    private volatile DrainLimiter limiter;
    private volatile Duration noRouteWait;
    private final AtomicLong possibleDuplicates = new AtomicLong();
    private final Map<String, LongAdder> perMmsc = new ConcurrentHashMap<>();
    private final Map<String, LatencyHistogram> attemptLatency = new ConcurrentHashMap<>();
    private final AtomicLong noRouteHandBacks = new AtomicLong();
    private final AtomicLong failedAttempts = new AtomicLong();
    private final AtomicInteger waitingForRoute = new AtomicInteger();

    @PostConstruct
    void init() {
        RouterSettings settings = configuration.settings();
        routingOptions = new RoutingOptions(settings.forwarding().senderStickiness());
        mmscSlowStart = settings.forwarding().slowStart();
        routes = new RoutingTable(registry.definitions(), routingOptions, Clock.systemUTC());
        httpClient = MmscForwarder.blockingClient(
                settings.health().probeTimeout(),
                settings.forwarding().timeout(),
                resolver.resolver(),
                settings.forwarding().consumers());
        forwarder = new MmscForwarder(httpClient, settings.forwarding().timeout());
        RouterSettings.Forwarding limits = settings.forwarding();
        limiter = new DrainLimiter(limits.maxRate(), limits.slowStart(), Clock.systemUTC());
        noRouteWait = limits.noRouteWait();
        healthView = health.view();
        learnedOwners = retrievals.learnedOwners();
    }

    /** The registry changed: forwarders take the new table from their next MM on. */
    public void registryChanged(@Observes MmscsChanged change) {
        routes = new RoutingTable(change.definitions(), routingOptions, Clock.systemUTC());
    }

    /**
     * A settings reload changed forwarding's pacing: the rate limit and slow start (a fresh limiter,
     * at full rate), the no-route wait, sender stickiness (a new routing table). The registry's own
     * change, if any, arrives as {@link MmscsChanged}.
     */
    public void settingsReloaded(@Observes SettingsReloaded reload) {
        RouterSettings.Forwarding before = reload.previous().forwarding();
        RouterSettings.Forwarding limits = reload.current().forwarding();
        if (before.maxRate() != limits.maxRate() || !before.slowStart().equals(limits.slowStart())) {
            limiter = new DrainLimiter(limits.maxRate(), limits.slowStart(), Clock.systemUTC());
        }
        mmscSlowStart = limits.slowStart();
        noRouteWait = limits.noRouteWait();
        if (before.senderStickiness() != limits.senderStickiness()) {
            routingOptions = new RoutingOptions(limits.senderStickiness());
            routes = new RoutingTable(registry.definitions(), routingOptions, Clock.systemUTC());
        }
    }

    /** An MMSC is up after none was: the drain ramps up from its floor (slow start). */
    public void recovered(@Observes MmscRecovered recovery) {
        limiter.recovered();
    }

    /** Slow start: an MMSC that came back UP ramps its weight up over the slow-start time. */
    private double weightFactor(String mmscId) {
        if (mmscSlowStart.isZero()) {
            return 1.0;
        }
        if (!healthView.isRoutable(mmscId)) {
            return 1.0;
        }
        Duration up = Duration.between(healthView.since(mmscId), Instant.now());
        return Math.min(1.0, up.toMillis() / (double) mmscSlowStart.toMillis());
    }

    @PreDestroy
    void stop() {
        httpClient.close(CloseMode.IMMEDIATE);
    }

    /**
     * Counters of this node's forwarding, for the status API.
     *
     * @param failedAttempts     attempts an MMSC failed transiently, each followed by a retry
     *                           (another MMSC at once, or a redelivery)
     * @param possibleDuplicates of those, the ones that timed out after the MM was sent
     * @param noRouteHandBacks   MMs handed back to the queue because no MMSC was up
     * @param waitingForRoute    forwarders holding an MM until an MMSC is up, now
     */
    public record Stats(long failedAttempts, long possibleDuplicates, long noRouteHandBacks, int waitingForRoute) {}

    /** Forwarding attempts per MMSC and outcome (accepted, rejected, failed) since start. */
    public Map<String, Map<String, Long>> attemptsByMmsc() {
        Map<String, Map<String, Long>> result = new TreeMap<>();
        perMmsc.forEach((key, count) -> {
            String[] parts = key.split("\u0000", 2);
            result.computeIfAbsent(parts[0], id -> new TreeMap<>()).put(parts[1], count.sum());
        });
        return result;
    }

    /** How long each MMSC took to answer a forwarded MM (any outcome), since start. */
    public Map<String, LatencyHistogram.Snapshot> attemptLatencies() {
        Map<String, LatencyHistogram.Snapshot> result = new TreeMap<>();
        attemptLatency.forEach((mmsc, histogram) -> result.put(mmsc, histogram.snapshot()));
        return result;
    }

    private static String outcomeName(ForwardOutcome outcome) {
        if (outcome instanceof ForwardOutcome.Accepted) {
            return "accepted";
        }
        return outcome instanceof ForwardOutcome.PermanentFailure ? "rejected" : "failed";
    }

    public Stats stats() {
        return new Stats(failedAttempts.get(), possibleDuplicates.get(), noRouteHandBacks.get(), waitingForRoute.get());
    }

    /** Forwarding attempts that timed out after the MM was sent, so that a retry may have duplicated it. */
    public long possibleDuplicates() {
        return possibleDuplicates.get();
    }

    /** {@link #forward}, as the forwarding threads call it. */
    public interface Forwarder {
        ForwardOutcome forward(QueuedMm mm, PduHeaders headers) throws InterruptedException;
    }

    /**
     * {@link #forward} on this bean instance itself rather than through its container proxy: it
     * needs no container service (no transaction, no security, bean-managed concurrency), and the
     * proxy's interceptors cost a share of the forwarding CPU once per MM.
     */
    public Forwarder direct() {
        return this::forward;
    }

    /** {@link #waitForRoute}, as the forwarding threads call it (on the instance, not through the proxy). */
    public interface RouteGate {
        boolean waitForRoute(Duration max) throws InterruptedException;
    }

    /** {@link #waitForRoute} on this bean instance itself: asked before every MM, it must not cost a proxy call. */
    public RouteGate routeGate() {
        return this::waitForRoute;
    }

    /**
     * Whether some MMSC is routable now; if not, waits up to {@code max} for one (woken as soon as one
     * comes up, or early when the application stops), counted among the forwarders waiting for a
     * route. The forwarding threads ask this before they take an MM: while no MMSC is up they take
     * none, so the backlog stays on the queue where the NOC's actions reach it, instead of in their
     * hands and buffers.
     */
    public boolean waitForRoute(Duration max) throws InterruptedException {
        if (healthView.anyRoutable()) {
            return true;
        }
        waitingForRoute.incrementAndGet();
        try {
            return health.awaitRoutable(max);
        } finally {
            waitingForRoute.decrementAndGet();
        }
    }

    /**
     * Forwards {@code mm}. While no MMSC is up it first waits (up to the configured no-route wait,
     * woken as soon as one comes up) so that a backlog waits instead of cycling through redeliveries.
     *
     * @param headers the MM's header scan, done once by the caller ({@code null} if it failed)
     */
    public ForwardOutcome forward(QueuedMm mm, PduHeaders headers) throws InterruptedException {
        if (!healthView.anyRoutable()) {
            waitingForRoute.incrementAndGet();
            try {
                if (!health.awaitRoutable(noRouteWait)) {
                    noRouteHandBacks.incrementAndGet();
                    return new ForwardOutcome.NoRoute();
                }
            } finally {
                waitingForRoute.decrementAndGet();
            }
        }
        limiter.acquire();
        RoutingTable table = routes;
        List<MmscDefinition> candidates =
                table.candidates(RoutingRequests.of(mm, headers), healthView::isRoutable, this::weightFactor);
        ForwardOutcome outcome = new ForwardOutcome.NoRoute();
        for (MmscDefinition mmsc : table.withinRateLimits(candidates)) {
            long started = System.nanoTime();
            outcome = forwarder.forward(mmsc, mm);
            attemptLatency
                    .computeIfAbsent(mmsc.id(), id -> new LatencyHistogram(LatencyHistogram.ROUND_TRIP_SECONDS))
                    .observe(Duration.ofNanos(System.nanoTime() - started));
            perMmsc.computeIfAbsent(mmsc.id() + "\u0000" + outcomeName(outcome), k -> new LongAdder())
                    .increment();
            if (outcome instanceof ForwardOutcome.Accepted accepted) {
                // Retrievals and follow-up PDUs about this message must reach this MMSC.
                learnedOwners.learn(
                        LearnedOwners.Kind.MESSAGE_ID, accepted.sendConf().messageId(), mmsc.id(), mm.expiresAt());
            }
            if (!(outcome instanceof ForwardOutcome.TransientFailure failure)) {
                if (!healthView.isRoutable(mmsc.id())) {
                    health.reportForwardingSuccess(mmsc.id());
                }
                return outcome;
            }
            if (failure.possibleDuplicate()) {
                long count = possibleDuplicates.incrementAndGet();
                LOG.warning(
                        () -> "MM " + mm.routerMessageId() + " sent to " + mmsc.id() + " without an answer: a retry may"
                                + " deliver it twice (possible duplicates so far: " + count + ")");
            } else {
                LOG.warning(
                        () -> "MM " + mm.routerMessageId() + " not taken by " + mmsc.id() + ": " + failure.reason());
            }
            failedAttempts.incrementAndGet();
            health.reportForwardingFailure(mmsc.id(), failure.reason());
        }
        return outcome;
    }
}
