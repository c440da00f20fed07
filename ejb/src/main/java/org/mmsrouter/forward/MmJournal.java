package org.mmsrouter.forward;

import jakarta.annotation.PostConstruct;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.DependsOn;
import jakarta.ejb.EJB;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;
import org.mmsrouter.config.RouterConfiguration;
import org.mmsrouter.config.RouterSettings;
import org.mmsrouter.metrics.LatencyHistogram;
import org.mmsrouter.privacy.KeyFile;
import org.mmsrouter.privacy.SubscriberHash;

/**
 * Where an MM's journey ends on this node: its per-MM record goes to the records file (logger
 * {@value #RECORDS}, set up by wildfly-config), to the recent records the NOC can search, and to the
 * journey-latency histogram of its outcome. With {@code mmsrouter.records.hash-msisdns} the sender is
 * replaced by its keyed hash before the record is written or kept, so neither the file nor a lookup
 * holds it in clear.
 */
@Singleton
@Startup
@DependsOn("RouterConfiguration")
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class MmJournal {

    /** The logger of the per-MM records; its own handler and file (wildfly-config's server.cli). */
    public static final String RECORDS = "org.mmsrouter.records";

    private static final Logger RECORD_LOG = Logger.getLogger(RECORDS);

    /** Records kept for lookups (about 300 bytes each). */
    static final int RECENT_CAPACITY = 100_000;

    /** The key file's name in WildFly's data directory when the settings name none. */
    static final String DEFAULT_KEY_FILE = "mm-records-hash.key";

    private static final Logger LOG = Logger.getLogger(MmJournal.class.getName());

    @EJB
    private RouterConfiguration configuration;

    /** Null: senders are written in clear. Set once at start. */
    private volatile SubscriberHash senderHash;

    private final RecentRecords recent = new RecentRecords(RECENT_CAPACITY);
    private final Map<String, LatencyHistogram> journeyLatency = new ConcurrentHashMap<>();

    @PostConstruct
    void start() {
        RouterSettings.Records settings = configuration.settings().records();
        if (settings.hashMsisdns()) {
            Path keyFile = keyFile(settings.hashKeyFile(), System.getProperty("jboss.server.data.dir", "."));
            senderHash =
                    new SubscriberHash(KeyFile.loadOrCreate(keyFile, SubscriberHash.MIN_KEY_BYTES, "mm-records hash"));
            LOG.info(() -> "Per-MM records carry senders as HMAC-SHA256 hashes, key in " + keyFile);
        }
    }

    /** The key file the settings name, or the default in {@code dataDir}. */
    static Path keyFile(String setting, String dataDir) {
        return setting == null || setting.isBlank() ? Path.of(dataDir, DEFAULT_KEY_FILE) : Path.of(setting.trim());
    }

    /** Writes and keeps the record of an MM whose journey ended (called once its delivery committed). */
    void ended(MmRecord ended) {
        SubscriberHash hash = senderHash;
        MmRecord record = hash == null ? ended : ended.withSender(hash.hash(ended.sender()));
        RECORD_LOG.info(record::toJson);
        recent.add(record);
        journeyLatency
                .computeIfAbsent(record.outcome(), k -> new LatencyHistogram(LatencyHistogram.JOURNEY_SECONDS))
                .observe(record.latency());
    }

    /** The plain journal for callers on a hot path (the forwarding threads), which must not make an EJB call per record. */
    public MmJournal.Writer writer() {
        return this::ended;
    }

    /** Recent records by Transaction-ID or Message-ID, newest first. */
    public List<MmRecord> find(String transactionId, String messageId, int limit) {
        return recent.find(transactionId, messageId, limit);
    }

    /** Acceptance-to-end latency of MMs per outcome since start. */
    public Map<String, LatencyHistogram.Snapshot> journeyLatencies() {
        Map<String, LatencyHistogram.Snapshot> result = new TreeMap<>();
        journeyLatency.forEach((outcome, histogram) -> result.put(outcome, histogram.snapshot()));
        return result;
    }

    /** Takes the record of an ended journey. */
    @FunctionalInterface
    public interface Writer {
        void ended(MmRecord record);
    }
}
