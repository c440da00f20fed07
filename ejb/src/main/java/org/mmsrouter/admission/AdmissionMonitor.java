package org.mmsrouter.admission;

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
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.mmsrouter.config.RouterConfiguration;
import org.mmsrouter.config.RouterSettings;
import org.mmsrouter.nodes.NodeDirectory;

/**
 * Watches what the ingress needs to store MMs — free space on the volumes of WildFly's data
 * directory and the broker's journal, paging, large messages and bindings, and the broker itself —
 * every {@code mmsrouter.admission.check-interval-ms}, and tells {@link Admission} whether storage
 * takes new MMs. Each change is logged once with what to do; this node's acceptance goes into its
 * heartbeat, so a refusing node leaves other nodes' DNS answers. The ingress holds the plain
 * {@link Admission}: no bean call per MM.
 */
@Singleton
@Startup
@DependsOn({"RouterConfiguration", "NodeDirectory"})
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class AdmissionMonitor {

    private static final Logger LOG = Logger.getLogger(AdmissionMonitor.class.getName());
    /** How often idle per-source rate entries are dropped. */
    private static final long FORGET_EVERY_NANOS = TimeUnit.SECONDS.toNanos(10);

    @EJB
    private RouterConfiguration configuration;

    @EJB
    private NodeDirectory nodes;

    @Resource
    private ManagedThreadFactory threads;

    private RouterSettings.Admission settings;
    private Admission admission;
    private DiskGate disk;
    private volatile VolumeWatch volumes;
    private volatile boolean brokerDirectoriesRead;
    private BrokerProbe broker;
    private BrokerRecoveryAgent recovery;
    /** The last disk verdict, for the recovery's look at the store (while the broker is down, its refusal hides it). */
    private volatile Optional<Refusal> lastDisk = Optional.empty();
    /** The last disk headroom, likewise. */
    private volatile long lastHeadroom = Long.MAX_VALUE;
    /**
     * A plain executor on a managed thread, not the container's scheduled executor service: that one
     * refuses to run tasks while WildFly is suspended (WFLYEE0110/0111, an ERROR every check during
     * a graceful stop), and the checks must go on then.
     */
    private ScheduledThreadPoolExecutor scheduler;

    private ScheduledFuture<?> checks;
    private ScheduledFuture<?> recoveries;
    private long lastForget = System.nanoTime();
    private Map<Refusal.Cause, Long> refusalsLogged = Map.of();
    private volatile AdmissionState state;

    @PostConstruct
    void start() {
        RouterSettings all = configuration.settings();
        settings = all.admission();
        admission = new Admission(
                settings.maxInFlightBytes(),
                settings.maxPerSource(),
                settings.sourceRate(),
                settings.retryAfter(),
                System::nanoTime);
        disk = new DiskGate(
                settings.diskHighWaterPercent(), settings.diskLowWaterPercent(), settings.diskMinFreeBytes());
        broker = new BrokerProbe(ManagementFactory.getPlatformMBeanServer());
        String dataDir = System.getProperty("jboss.server.data.dir");
        recovery = new BrokerRecoveryAgent(
                settings.brokerRecoverAfter(),
                ManagementFactory.getPlatformMBeanServer(),
                dataDir == null ? null : Path.of(dataDir),
                Clock.systemUTC());
        watchVolumes();
        state = AdmissionState.accepting(Instant.now(), settings, admission, List.of(), true);
        check();
        nodes.shareAcceptance(() -> state.accepting());
        long interval = settings.checkInterval().toMillis();
        // Two threads: the recovery's look at a database that is away may take seconds; the checks go on meanwhile.
        scheduler = new ScheduledThreadPoolExecutor(2, threads);
        checks = scheduler.scheduleWithFixedDelay(this::checkSafely, interval, interval, TimeUnit.MILLISECONDS);
        long recoveryInterval = Math.max(interval, 1000);
        recoveries = scheduler.scheduleWithFixedDelay(
                this::recoverSafely, recoveryInterval, recoveryInterval, TimeUnit.MILLISECONDS);
        LOG.info(() -> "Admission control: refusing new MMs above " + settings.diskHighWaterPercent() + " % (or under "
                + settings.diskMinFreeBytes() / (1024 * 1024) + " MiB free), accepting again at "
                + settings.diskLowWaterPercent()
                + " %; checked every " + interval + " ms on " + volumes.describe()
                + "; request bodies in progress up to "
                + settings.maxInFlightBytes() / (1024 * 1024) + " MiB, " + settings.maxPerSource()
                + " per client address"
                + (settings.sourceRate() > 0 ? ", " + settings.sourceRate() + " MM/s per client address" : ""));
    }

    /**
     * Watches the broker's directories, WildFly's data directory and the configured volumes. While
     * WildFly boots the broker's directories cannot be read yet: the data directory is watched
     * until the first check after the boot reads them (a journal on a volume of its own included).
     */
    private void watchVolumes() {
        brokerDirectoriesRead = broker.modelReadable();
        List<Path> watched = new ArrayList<>(brokerDirectoriesRead ? broker.directories() : List.of());
        String dataDir = System.getProperty("jboss.server.data.dir");
        if (dataDir != null) {
            watched.add(Path.of(dataDir)); // the default H2 registry, records, learned owners; the journal by default
        }
        settings.volumes().forEach(volume -> watched.add(Path.of(volume)));
        volumes = new VolumeWatch(watched);
    }

    @PreDestroy
    void stop() {
        if (checks != null) {
            checks.cancel(false);
        }
        if (recoveries != null) {
            recoveries.cancel(false);
        }
        if (scheduler != null) {
            scheduler.shutdownNow();
        }
    }

    private void checkSafely() {
        try {
            check();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Admission check failed; the last verdict stays in force", e);
        }
    }

    private void recoverSafely() {
        try {
            // The broker's state as of the last check, read before WildFly's: a broker stopped by a clean stop
            // is then seen with the suspension that preceded it.
            boolean brokerUp = state.brokerUp();
            recovery.tick(broker.notSteady(), brokerUp, lastDisk, lastHeadroom);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Automatic broker recovery: a look failed; trying again at the next", e);
        }
    }

    /** One look at the broker and the volumes; logs a change of verdict. */
    void check() {
        if (!brokerDirectoriesRead && broker.modelReadable()) {
            watchVolumes();
            LOG.info(() -> "Admission control now watches " + volumes.describe());
        }
        boolean brokerUp = broker.started();
        List<VolumeUsage> usage = volumes.read();
        Optional<Refusal> diskVerdict = disk.observe(usage, settings.retryAfter());
        lastDisk = diskVerdict;
        lastHeadroom = disk.headroom(usage);
        Optional<Refusal> verdict = brokerUp
                ? diskVerdict
                : Optional.of(new Refusal(
                        Refusal.Cause.BROKER, "the message broker (Artemis) is not running", settings.retryAfter()));
        AdmissionState before = state;
        admission.storage(verdict, disk.headroom(usage));
        Instant since = verdict.isPresent() == !before.accepting() ? before.since() : Instant.now();
        state = verdict.map(refusal -> AdmissionState.refusing(since, settings, admission, usage, brokerUp, refusal))
                .orElseGet(() -> AdmissionState.accepting(since, settings, admission, usage, brokerUp));
        logChange(before, state, verdict, recovery.enabled());
        long now = System.nanoTime();
        if (now - lastForget > FORGET_EVERY_NANOS) {
            lastForget = now;
            admission.forgetIdleSources();
            logRefusals();
        }
    }

    /** One line per period with refusals (a flood would make a line per request useless). */
    private void logRefusals() {
        Map<Refusal.Cause, Long> counts = admission.refusals();
        StringBuilder line = new StringBuilder();
        counts.forEach((cause, n) -> {
            long since = n - refusalsLogged.getOrDefault(cause, 0L);
            if (since > 0) {
                line.append(line.length() == 0 ? "" : ", ")
                        .append(cause.label())
                        .append(' ')
                        .append(since);
            }
        });
        refusalsLogged = counts;
        if (line.length() > 0) {
            LOG.info("MM1 requests refused in the last " + TimeUnit.NANOSECONDS.toSeconds(FORGET_EVERY_NANOS)
                    + " s, by cause: " + line
                    + (state.accepting() ? "" : " (refusing new MMs: " + state.refusal() + ")"));
        }
    }

    private static void logChange(
            AdmissionState before, AdmissionState now, Optional<Refusal> verdict, boolean autoRecovery) {
        if (before.brokerUp() && !now.brokerUp()) {
            LOG.severe(
                    "MMS Router: the message broker (Artemis) has stopped, so no MM can be stored: new MMs are answered"
                            + " 'try later' (m-send-conf Error-transient-failure) and the router is not ready. Queued MMs stay in the"
                            + " journal. What to do: look in server.log for the broker's reason (AMQ222010 and AMQ144011 mean its"
                            + " disk filled: free or grow that volume; a lost NodeManager lock means its database was away), "
                            + (autoRecovery
                                    ? "make its store usable again: the router then reloads WildFly by itself to start"
                                            + " the broker (mmsrouter.broker.recover-after-ms)"
                                    : "then start the broker again with a reload of WildFly (jboss-cli.sh --connect"
                                            + " :reload) or a restart"));
        } else if (!before.brokerUp() && now.brokerUp()) {
            LOG.info("MMS Router: the message broker runs again");
        }
        if (verdict.isPresent() && verdict.get().cause() == Refusal.Cause.DISK && !"disk".equals(before.cause())) {
            LOG.warning(
                    "MMS Router: refusing new MMs: " + verdict.get().reason() + ". Answers say 'try later' (m-send-conf"
                            + " Error-transient-failure, Retry-After "
                            + verdict.get().retryAfter().toSeconds() + " s); forwarding goes"
                            + " on and frees space as MMs are delivered. To accept sooner: free or grow that volume"
                            + " (docs/operations.md#storage-and-admission)");
        }
        if (!before.accepting() && now.accepting()) {
            LOG.info("MMS Router: accepting new MMs again (was refusing since " + before.since() + ": "
                    + before.refusal() + ")");
        }
    }

    /** The ingress's admission control, to keep and ask per request. */
    public Admission admission() {
        return admission;
    }

    /** Reloads the router asked for to start a stopped broker again (kept across those reloads). */
    public long brokerRecoveries() {
        return recovery.recoveries();
    }

    /** The state as of the last check. */
    public AdmissionState state() {
        return state.withCounters(admission);
    }
}
