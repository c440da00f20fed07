package org.mmsrouter.admission;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Properties;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.management.MBeanServer;

/**
 * Carries out {@link BrokerRecovery}'s decisions in WildFly: looks at the store with
 * {@link BrokerStore}, reloads with {@link WildFlyReload}, logs each decision, and keeps the
 * request history in a small file in WildFly's data directory so the back-off holds across the
 * reloads (and restarts) it causes. Driven by one thread of {@link AdmissionMonitor}.
 */
final class BrokerRecoveryAgent {

    private static final Logger LOG = Logger.getLogger(BrokerRecoveryAgent.class.getName());
    static final Duration FIRST_BACK_OFF = Duration.ofSeconds(60);
    static final Duration MAX_BACK_OFF = Duration.ofMinutes(15);
    static final String HISTORY_FILE = "mmsrouter-broker-recovery.properties";

    private final BrokerRecovery recovery;
    private final BrokerStore store;
    private final WildFlyReload reload;
    private final Path historyFile;
    private final Clock clock;

    BrokerRecoveryAgent(Duration recoverAfter, MBeanServer mbeans, Path dataDir, Clock clock) {
        this.historyFile = dataDir == null ? null : dataDir.resolve(HISTORY_FILE);
        this.recovery = new BrokerRecovery(recoverAfter, FIRST_BACK_OFF, MAX_BACK_OFF, load(historyFile));
        this.store = new BrokerStore(mbeans);
        this.reload = new WildFlyReload(mbeans);
        this.clock = clock;
    }

    /**
     * One look: whether WildFly runs steadily (else why not), the broker's state and admission
     * control's last disk verdict.
     */
    void tick(Optional<String> notSteady, boolean brokerUp, Optional<Refusal> disk, long headroom) {
        Instant now = clock.instant();
        BrokerRecovery.Step step = notSteady.isPresent()
                ? recovery.standAside(notSteady.get())
                : recovery.observe(now, brokerUp, () -> store.look(disk, headroom));
        if (step.note() != null) {
            LOG.log(step.level(), step.note());
        }
        if (step.reload()) {
            save(historyFile, recovery.history());
            reload.requestInBackground(
                    "automatic broker recovery " + recovery.history().requests());
        }
    }

    /** Reload requests for the broker so far (kept across reloads and restarts in the data directory). */
    long recoveries() {
        return recovery.history().requests();
    }

    boolean enabled() {
        return recovery.enabled();
    }

    static BrokerRecovery.History load(Path file) {
        if (file == null || !Files.isRegularFile(file)) {
            return BrokerRecovery.History.NONE;
        }
        Properties properties = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            properties.load(in);
            String last = properties.getProperty("last-request");
            return new BrokerRecovery.History(
                    last == null ? null : Instant.parse(last),
                    Duration.ofMillis(Long.parseLong(properties.getProperty("back-off-ms", "0"))),
                    Long.parseLong(properties.getProperty("requests", "0")));
        } catch (IOException | RuntimeException e) {
            LOG.warning(() -> "Cannot read " + file + " (" + e + "): automatic broker recovery starts without history");
            return BrokerRecovery.History.NONE;
        }
    }

    static void save(Path file, BrokerRecovery.History history) {
        if (file == null) {
            return;
        }
        Properties properties = new Properties();
        if (history.lastRequest() != null) {
            properties.setProperty("last-request", history.lastRequest().toString());
        }
        properties.setProperty("back-off-ms", Long.toString(history.backOff().toMillis()));
        properties.setProperty("requests", Long.toString(history.requests()));
        try (OutputStream out = Files.newOutputStream(file)) {
            properties.store(out, "MMS Router: automatic broker recovery (reloads asked for; the back-off)");
        } catch (IOException e) {
            LOG.log(
                    Level.WARNING,
                    "Cannot write " + file + ": the next deployment will not know this reload's back-off",
                    e);
        }
    }
}
