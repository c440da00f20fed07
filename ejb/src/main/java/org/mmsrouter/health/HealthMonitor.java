package org.mmsrouter.health;

import jakarta.annotation.PostConstruct;
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
import jakarta.enterprise.concurrent.ManagedExecutorService;
import java.net.http.HttpClient;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
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
                    .ifPresent(this::logTransition);
        }
    }

    /** Passive detection: a forwarding failure counts as an observation too. */
    public void reportForwardingFailure(String mmscId, String detail) {
        board.observe(mmscId, false, "forwarding: " + detail).ifPresent(this::logTransition);
    }

    public boolean isRoutable(String mmscId) {
        return board.isRoutable(mmscId);
    }

    public Map<String, MmscHealth> states() {
        return board.snapshot();
    }

    private void logTransition(HealthTransition t) {
        String line = "MMSC " + t.mmscId() + " " + t.from() + " -> " + t.to() + " (" + t.cause() + ")";
        if (t.to().routable()) {
            LOG.info(line);
        } else {
            LOG.warning(line);
        }
    }
}
