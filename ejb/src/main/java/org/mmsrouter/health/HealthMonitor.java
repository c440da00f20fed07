package org.mmsrouter.health;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.DependsOn;
import jakarta.ejb.EJB;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.Timeout;
import jakarta.ejb.TimerConfig;
import jakarta.ejb.TimerService;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.lang.management.ManagementFactory;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.logging.Logger;
import org.mmsrouter.config.MmscDefinition;
import org.mmsrouter.config.RouterConfiguration;
import org.mmsrouter.config.RouterSettings;
import org.mmsrouter.config.SettingsReloaded;
import org.mmsrouter.dns.RouterResolver;
import org.mmsrouter.metrics.LatencyHistogram;
import org.mmsrouter.nodes.NodeDirectory;
import org.mmsrouter.registry.MmscRegistry;
import org.mmsrouter.registry.MmscsChanged;

/**
 * Probes every configured MMSC on a non-persistent timer (each at its own pace, see
 * {@link ProbeSchedule}), feeds probe and forwarding outcomes to each MMSC's state machine
 * ({@link HealthTracker}) and keeps the health board and its transition history.
 * Each cluster node probes on its own (no cluster dependency in failure detection).
 * Bean-managed concurrency: the board is thread-safe, so forwarders never wait for a probe round.
 */
@Singleton
@Startup
@DependsOn({"RouterConfiguration", "MmscRegistry", "RouterResolver", "NodeDirectory"})
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
// Holds no transactional resource: spare every call the JTA transaction that is the EJB default.
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class HealthMonitor {

    private static final Logger LOG = Logger.getLogger(HealthMonitor.class.getName());

    @EJB
    private RouterConfiguration configuration;

    @Resource
    private TimerService timerService;

    @Resource
    private ManagedExecutorService executor;

    /** How often the timer looks for due probes; each MMSC's own interval decides whether it is probed. */
    static final Duration TICK = Duration.ofMillis(50);

    /** How often a forwarder waiting for a route looks whether the server is being suspended (a clean stop). */
    static final Duration SUSPENSION_CHECK = Duration.ofMillis(250);

    @EJB
    private MmscRegistry registry;

    @EJB
    private RouterResolver resolver;

    @EJB
    private NodeDirectory nodes;

    /** Copy-on-write, replaced when the registry changes. */
    private volatile Map<String, MmscDefinition> mmscs;

    private HealthBoard board;
    private ProbeSchedule schedule;
    private volatile HttpProber httpProber;
    private volatile TcpProber tcpProber;
    private Clock clock;
    /** Forwarders wait here while no MMSC is up, and are woken when one comes up. */
    private RouteWait routeWait;
    /** Tells the observers (forwarding's slow start) when an MMSC is routable after none was. */
    @Inject
    private Event<MmscRecovered> recoveries;

    private final Map<String, LastProbe> lastProbes = new ConcurrentHashMap<>();
    private final Map<String, LatencyHistogram> probeLatency = new ConcurrentHashMap<>();

    @PostConstruct
    void start() {
        RouterSettings settings = configuration.settings();
        RouterSettings.Health health = settings.health();
        clock = Clock.systemUTC();
        mmscs = byId(registry.definitions());
        board = new HealthBoard(
                mmscs.keySet(),
                new HealthThresholds(health.rise(), health.fall(), health.flapWindow(), health.flapLimit()),
                clock);
        schedule = new ProbeSchedule(mmscs.keySet(), health.probeInterval(), health.fastProbeInterval());
        routeWait = new RouteWait(
                board::anyRoutable, new ServerSuspension(ManagementFactory.getPlatformMBeanServer()), SUSPENSION_CHECK);
        probers(health.probeTimeout());
        nodes.shareHealth(() -> {
            Map<String, String> view = new TreeMap<>();
            board.snapshot().forEach((id, state) -> view.put(id, state.name()));
            return view;
        });
        timerService.createIntervalTimer(0, TICK.toMillis(), new TimerConfig("mmsc-probe", false));
        LOG.info(() -> "Probing " + mmscs.size() + " MMSC(s) every "
                + health.probeInterval().toMillis() + " ms ("
                + health.fastProbeInterval().toMillis() + " ms while SUSPECT or DOWN), rise " + health.rise()
                + ", fall " + health.fall());
    }

    private void probers(Duration timeout) {
        HttpClient client = HttpClient.newBuilder()
                .connectTimeout(timeout)
                .executor(executor)
                .build();
        httpProber = new HttpProber(client, timeout, resolver.resolver());
        tcpProber = new TcpProber(timeout, resolver.resolver());
    }

    /**
     * A settings reload changed health detection: the thresholds judge the next observations, the
     * intervals time the next probes, a new timeout the next probes (MMSC states are kept).
     */
    public synchronized void settingsReloaded(@Observes SettingsReloaded reload) {
        RouterSettings.Health before = reload.previous().health();
        RouterSettings.Health health = reload.current().health();
        if (before.equals(health)) {
            return;
        }
        board.changeThresholds(
                new HealthThresholds(health.rise(), health.fall(), health.flapWindow(), health.flapLimit()));
        schedule.intervals(health.probeInterval(), health.fastProbeInterval());
        if (!before.probeTimeout().equals(health.probeTimeout())) {
            probers(health.probeTimeout());
        }
        LOG.info(() -> "Health detection reloaded: probes every "
                + health.probeInterval().toMillis() + " ms ("
                + health.fastProbeInterval().toMillis() + " ms while SUSPECT or DOWN), timeout "
                + health.probeTimeout().toMillis() + " ms, rise " + health.rise() + ", fall " + health.fall());
    }

    /** MMSCs added or removed at run time start or stop being probed; edits of the others take effect. */
    public synchronized void registryChanged(@Observes MmscsChanged change) {
        Map<String, MmscDefinition> next = byId(change.definitions());
        for (String id : next.keySet()) {
            if (!mmscs.containsKey(id)) {
                board.add(id);
                schedule.add(id);
                LOG.info(() -> "MMSC " + id + " added: probing it");
            }
        }
        for (String id : mmscs.keySet()) {
            if (!next.containsKey(id)) {
                schedule.remove(id);
                board.remove(id);
                lastProbes.remove(id);
                probeLatency.remove(id);
                LOG.info(() -> "MMSC " + id + " removed: no longer probed");
            }
        }
        mmscs = next;
    }

    private static Map<String, MmscDefinition> byId(List<MmscDefinition> definitions) {
        Map<String, MmscDefinition> map = new LinkedHashMap<>();
        definitions.forEach(m -> map.put(m.id(), m));
        return map;
    }

    /** Starts the probes that are due; each reports on its own when it completes, so none waits for another. */
    @Timeout
    void probeDue() {
        if (routeWait.stopped()) {
            return;
        }
        for (String id : schedule.due(clock.instant(), board::state)) {
            MmscDefinition mmsc = mmscs.get(id);
            if (mmsc == null) {
                schedule.completed(id, clock.instant());
                continue;
            }
            probe(mmsc).whenComplete((result, failure) -> schedule.completed(id, clock.instant()));
        }
    }

    /**
     * Probes {@code mmsc} once, records the result and its latency and lets the health board observe it.
     * Completes with the result (never exceptionally: a probe that throws counts as a failed probe).
     */
    private CompletableFuture<LastProbe> probe(MmscDefinition mmsc) {
        String id = mmsc.id();
        Instant at = clock.instant();
        long started = System.nanoTime();
        var probe =
                mmsc.probe().kind() == MmscDefinition.Probe.Kind.TCP ? tcpProber.probe(mmsc) : httpProber.probe(mmsc);
        return probe.handle((result, failure) -> {
            Duration latency = Duration.ofNanos(System.nanoTime() - started);
            boolean alive = result != null && result.alive();
            String detail = result != null ? result.detail() : String.valueOf(failure);
            LastProbe last = new LastProbe(id, at, alive, latency, detail);
            lastProbes.put(id, last);
            probeLatency
                    .computeIfAbsent(id, k -> new LatencyHistogram(LatencyHistogram.ROUND_TRIP_SECONDS))
                    .observe(latency);
            observe(id, alive, ObservationSource.PROBE, "probe: " + detail);
            return last;
        });
    }

    /**
     * Probes an MMSC now, outside its schedule (the NOC's "probe now"); the result counts like any probe's.
     *
     * @return the result, or empty when no such MMSC is configured
     */
    public Optional<LastProbe> probeNow(String mmscId) throws InterruptedException {
        MmscDefinition mmsc = mmscs.get(mmscId);
        if (mmsc == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(probe(mmsc).get());
        } catch (ExecutionException e) {
            throw new IllegalStateException("probe of " + mmscId + " failed unexpectedly", e.getCause());
        }
    }

    /** The latest probe of each MMSC probed so far on this node. */
    public Map<String, LastProbe> lastProbes() {
        return Map.copyOf(lastProbes);
    }

    /** Probe round-trip times per MMSC since start. */
    public Map<String, LatencyHistogram.Snapshot> probeLatencies() {
        Map<String, LatencyHistogram.Snapshot> result = new TreeMap<>();
        probeLatency.forEach((id, histogram) -> result.put(id, histogram.snapshot()));
        return result;
    }

    /** Passive detection: a forwarding failure counts as an observation too (the first takes the MMSC out of routing). */
    public void reportForwardingFailure(String mmscId, String detail) {
        observe(mmscId, false, ObservationSource.TRAFFIC, "forwarding: " + detail);
    }

    /** Passive detection: an MMSC that answered a forwarded MM is alive (only news while it is not UP). */
    public void reportForwardingSuccess(String mmscId) {
        if (!board.isRoutable(mmscId)) {
            observe(mmscId, true, ObservationSource.TRAFFIC, "forwarding: answered");
        }
    }

    /** The health board itself, for callers that read it on a hot path (no EJB call per read). */
    public HealthView view() {
        return board;
    }

    /** The latest health transitions, newest first. */
    public List<HealthTransition> recentTransitions(int limit) {
        return board.events().latest(limit);
    }

    private void observe(String mmscId, boolean alive, ObservationSource source, String detail) {
        if (!mmscs.containsKey(mmscId)) {
            return; // removed while its probe or forward was under way
        }
        try {
            board.observe(mmscId, alive, source, detail).ifPresent(this::onTransition);
        } catch (IllegalArgumentException removedMeanwhile) {
            // removed between the check and the observation: nothing to record
        }
    }

    public boolean anyRoutable() {
        return board.anyRoutable();
    }

    /**
     * Blocks until some MMSC is routable or {@code max} passes, so that while every MMSC is down
     * forwarders hold their MM instead of spinning through redeliveries; returns early, false, when
     * the application stops or the server is being suspended ({@link RouteWait}).
     *
     * @return whether an MMSC is routable now
     */
    public boolean awaitRoutable(Duration max) throws InterruptedException {
        return routeWait.await(max);
    }

    /**
     * The application is stopping: forwarders waiting for a route give their MM back at once (it is
     * re-queued) instead of holding up the stop for up to no-route-wait, and no further probes start.
     * Called when the web module stops, which comes before the message-driven beans are stopped and
     * would otherwise wait for those forwarders; and again on this bean's own destruction. (A clean
     * {@code :shutdown} suspends the server before anything stops: {@link RouteWait} sees that itself.)
     */
    public void applicationStopping() {
        stop();
    }

    @PreDestroy
    void stop() {
        if (routeWait != null) {
            routeWait.stop();
        }
    }

    public boolean isRoutable(String mmscId) {
        return board.isRoutable(mmscId);
    }

    public Map<String, MmscHealth> states() {
        return board.snapshot();
    }

    private void onTransition(HealthTransition t) {
        if (t.to().routable()) {
            // This MMSC is the only routable one: MMs could not go anywhere until now.
            boolean recovery = board.snapshot().entrySet().stream()
                    .filter(e -> e.getValue().routable())
                    .allMatch(e -> e.getKey().equals(t.mmscId()));
            if (recovery) {
                recoveries.fire(new MmscRecovered(t.mmscId()));
            }
            routeWait.routableChanged();
        }
        String line =
                "MMSC " + t.mmscId() + " " + t.from() + " -> " + t.to() + " (" + t.source() + ", " + t.cause() + ")";
        if (t.to().routable()) {
            LOG.info(line);
        } else {
            LOG.warning(line);
        }
    }
}
