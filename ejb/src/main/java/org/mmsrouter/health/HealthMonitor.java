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
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import org.mmsrouter.config.MmscDefinition;
import org.mmsrouter.config.RouterConfiguration;
import org.mmsrouter.config.RouterSettings;

/**
 * Probes every configured MMSC on a non-persistent interval timer and keeps the health board.
 * Each cluster node probes on its own (no cluster dependency in failure detection).
 * Bean-managed concurrency: the board is thread-safe, so forwarders never wait for a probe round.
 */
@Singleton
@Startup
@DependsOn("RouterConfiguration")
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

    private List<MmscDefinition> mmscs;
    private HealthBoard board;
    private HttpProber prober;
    /** Forwarders wait on this while no MMSC is up, and are woken when one comes up. */
    private final Object routableChanged = new Object();
    private volatile boolean stopping;
    private final List<Runnable> recoveryListeners = new CopyOnWriteArrayList<>();

    @PostConstruct
    void start() {
        RouterSettings settings = configuration.settings();
        mmscs = settings.mmscs();
        board = new HealthBoard(mmscs.stream().map(MmscDefinition::id).toList(), Clock.systemUTC());
        HttpClient client = HttpClient.newBuilder()
                .connectTimeout(settings.probeTimeout())
                .executor(executor)
                .build();
        prober = new HttpProber(client, settings.probeTimeout());
        long interval = settings.probeInterval().toMillis();
        timerService.createIntervalTimer(0, interval, new TimerConfig("mmsc-probe", false));
        LOG.info(() -> "Probing " + mmscs.size() + " MMSC(s) every " + interval + " ms");
    }

    @Timeout
    void probeAll() {
        List<CompletableFuture<ProbeResult>> rounds = mmscs.stream().map(prober::probe).toList();
        for (CompletableFuture<ProbeResult> round : rounds) {
            // Each future completes within the probe timeout: HttpProber bounds it with orTimeout.
            ProbeResult result = round.join();
            board.observe(result.mmscId(), result.alive(), "probe: " + result.detail())
                    .ifPresent(this::onTransition);
        }
    }

    /** Passive detection: a forwarding failure counts as an observation too. */
    public void reportForwardingFailure(String mmscId, String detail) {
        board.observe(mmscId, false, "forwarding: " + detail).ifPresent(this::onTransition);
    }

    public boolean anyRoutable() {
        return board.anyRoutable();
    }

    /**
     * Blocks until some MMSC is routable or {@code max} passes, so that while every MMSC is down
     * forwarders hold their MM instead of spinning through redeliveries.
     *
     * @return whether an MMSC is routable now
     */
    public boolean awaitRoutable(Duration max) throws InterruptedException {
        long deadline = System.nanoTime() + max.toNanos();
        synchronized (routableChanged) {
            while (!board.anyRoutable() && !stopping) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(routableChanged, left);
            }
        }
        return board.anyRoutable();
    }

    /** On undeploy or shutdown, waiting forwarders give their MM back at once instead of holding up the stop. */
    @PreDestroy
    void stop() {
        stopping = true;
        synchronized (routableChanged) {
            routableChanged.notifyAll();
        }
    }

    /** Runs {@code listener} whenever an MMSC becomes routable after none was. */
    public void onRecovery(Runnable listener) {
        recoveryListeners.add(listener);
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
                    .filter(e -> e.getValue().routable()).allMatch(e -> e.getKey().equals(t.mmscId()));
            if (recovery) {
                recoveryListeners.forEach(Runnable::run);
            }
            synchronized (routableChanged) {
                routableChanged.notifyAll();
            }
        }
        String line = "MMSC " + t.mmscId() + " " + t.from() + " -> " + t.to() + " (" + t.cause() + ")";
        if (t.to().routable()) {
            LOG.info(line);
        } else {
            LOG.warning(line);
        }
    }
}
