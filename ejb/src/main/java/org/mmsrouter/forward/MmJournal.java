package org.mmsrouter.forward;

import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import java.util.List;
import java.util.logging.Logger;
import org.mmsrouter.traffic.LatencyHistogram;

/**
 * Where an MM's journey ends on this node: its per-MM record goes to the records file (logger
 * {@value #RECORDS}, set up by wildfly-config), to the recent records the NOC can search, and to the
 * journey-latency histogram of its outcome.
 */
@Singleton
@Startup
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class MmJournal {

    /** The logger of the per-MM records; its own handler and file (wildfly-config's server.cli). */
    public static final String RECORDS = "org.mmsrouter.records";
    private static final Logger RECORD_LOG = Logger.getLogger(RECORDS);

    /** Records kept for lookups (about 300 bytes each). */
    static final int RECENT_CAPACITY = 100_000;

    private final RecentRecords recent = new RecentRecords(RECENT_CAPACITY);
    private final java.util.Map<String, LatencyHistogram> journeyLatency = new java.util.concurrent.ConcurrentHashMap<>();

    /** Writes and keeps the record of an MM whose journey ended (called once its delivery committed). */
    void ended(MmRecord record) {
        RECORD_LOG.info(record::toJson);
        recent.add(record);
        journeyLatency.computeIfAbsent(record.outcome(), k -> new LatencyHistogram(LatencyHistogram.JOURNEY_SECONDS))
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
    public java.util.Map<String, LatencyHistogram.Snapshot> journeyLatencies() {
        java.util.Map<String, LatencyHistogram.Snapshot> result = new java.util.TreeMap<>();
        journeyLatency.forEach((outcome, histogram) -> result.put(outcome, histogram.snapshot()));
        return result;
    }

    /** Takes the record of an ended journey. */
    @FunctionalInterface
    public interface Writer {
        void ended(MmRecord record);
    }
}
