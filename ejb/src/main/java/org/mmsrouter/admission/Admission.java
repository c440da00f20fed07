package org.mmsrouter.admission;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;
import org.mmsrouter.limits.SourceQuota;
import org.mmsrouter.limits.SourceRate;

/**
 * The ingress's admission control, asked twice per MM1 request. {@link #enter} before the body is
 * read: one more request in progress for its client address, and its body's bytes, within their
 * bounds (else the request is refused before it costs memory). {@link #toStore} once the PDU is
 * read and before it is queued: the client's rate, and whether storage may take it (the storage
 * verdict is set by {@link AdmissionMonitor} from the volumes and the broker). Every refusal is
 * counted by cause. Plain, thread-safe logic: no container, clock injected.
 */
public final class Admission {

    /** Retry-After for refusals that pass as soon as other requests finish (bytes, concurrency, rate). */
    static final Duration SHORT_RETRY = Duration.ofSeconds(1);

    private final long maxInFlightBytes;
    private final Duration diskRetry;
    private final SourceQuota<String> inProgress;
    private final SourceRate<String> rate;
    private final AtomicLong inFlightBytes = new AtomicLong();
    private final Map<Refusal.Cause, LongAdder> refusals = new EnumMap<>(Refusal.Cause.class);
    private volatile Refusal storage;
    private volatile long headroom = Long.MAX_VALUE;
    private final AtomicLong storedSinceRead = new AtomicLong();
    /** Journal and paging records around each stored PDU, counted with it against the headroom. */
    static final long RECORD_OVERHEAD_BYTES = 1024;

    /**
     * @param maxInFlightBytes bytes of request bodies held at once
     * @param maxPerSource     requests in progress per client address
     * @param sourceRate       requests per second per client address (0: no limit)
     * @param diskRetry        the Retry-After of a refusal because the volumes are filling
     */
    public Admission(
            long maxInFlightBytes, int maxPerSource, int sourceRate, Duration diskRetry, LongSupplier nanoClock) {
        this.maxInFlightBytes = maxInFlightBytes;
        this.diskRetry = diskRetry;
        this.inProgress = new SourceQuota<>(maxPerSource);
        this.rate = sourceRate == 0 ? null : new SourceRate<>(sourceRate, nanoClock);
        for (Refusal.Cause cause : Refusal.Cause.values()) {
            refusals.put(cause, new LongAdder());
        }
    }

    /** The outcome of {@link #enter}. */
    public sealed interface Entry permits Admitted, Refused {}

    /** Let in: holds its slot and bytes until {@link #release} (idempotent). */
    public final class Admitted implements Entry {
        private final String source;
        private final long bytes;
        private final AtomicBoolean released = new AtomicBoolean();

        private Admitted(String source, long bytes) {
            this.source = source;
            this.bytes = bytes;
        }

        /** Gives back the slot and the bytes; later calls do nothing. */
        public void release() {
            if (released.compareAndSet(false, true)) {
                inFlightBytes.addAndGet(-bytes);
                inProgress.release(source);
            }
        }
    }

    /** Not let in. */
    public record Refused(Refusal refusal) implements Entry {}

    /**
     * A request from {@code source} whose body will hold up to {@code bytes}: takes a slot and the
     * bytes, or refuses (and takes nothing) when either bound is reached.
     */
    public Entry enter(String source, long bytes) {
        if (!inProgress.tryAcquire(source)) {
            return refuse(
                    Refusal.Cause.SOURCE_CONCURRENCY,
                    source + " has " + inProgress.held(source)
                            + " MM1 requests in progress (mmsrouter.admission.max-per-source)",
                    SHORT_RETRY);
        }
        long held = inFlightBytes.addAndGet(bytes);
        if (held > maxInFlightBytes && held != bytes) { // one request alone always fits: it is within max-message-bytes
            inFlightBytes.addAndGet(-bytes);
            inProgress.release(source);
            return refuse(
                    Refusal.Cause.MEMORY,
                    "request bodies in progress would hold " + held / 1024 + " KiB, over " + maxInFlightBytes / 1024
                            + " KiB (mmsrouter.admission.max-in-flight-mb)",
                    SHORT_RETRY);
        }
        return new Admitted(source, bytes);
    }

    /**
     * Whether a read PDU of {@code bytes} from {@code source} may be queued now; the refusal when
     * not. Besides the last storage verdict, the bytes stored since the volumes were last read count
     * against the headroom they had, so a fast ingress cannot run past the high-water mark between
     * two reads: the first PDU that would is refused as "disk" at once.
     */
    public Optional<Refusal> toStore(String source, long bytes) {
        Refusal refusal = storage;
        if (refusal != null) {
            refusals.get(refusal.cause()).increment();
            return Optional.of(refusal);
        }
        if (rate != null && !rate.tryAcquire(source)) {
            return Optional.of(refuse(
                            Refusal.Cause.SOURCE_RATE,
                            source + " sends faster than mmsrouter.admission.source-rate",
                            SHORT_RETRY)
                    .refusal());
        }
        long room = headroom;
        if (room != Long.MAX_VALUE && storedSinceRead.addAndGet(bytes + RECORD_OVERHEAD_BYTES) > room) {
            storedSinceRead.addAndGet(-(bytes + RECORD_OVERHEAD_BYTES));
            return Optional.of(refuse(
                            Refusal.Cause.DISK,
                            "the high-water mark would be passed before the next look at the volumes" + " ("
                                    + room / (1024 * 1024) + " MiB of headroom at the last)",
                            diskRetry)
                    .refusal());
        }
        return Optional.empty();
    }

    private Refused refuse(Refusal.Cause cause, String reason, Duration retryAfter) {
        refusals.get(cause).increment();
        return new Refused(new Refusal(cause, reason, retryAfter));
    }

    /**
     * Sets what storage says (disk, broker; empty: it takes MMs) and the bytes the volumes may still
     * take before the fullest reaches its mark, from a fresh read: the count of bytes stored since
     * the last read starts again.
     */
    void storage(Optional<Refusal> verdict, long headroomBytes) {
        storage = verdict.orElse(null);
        headroom = headroomBytes;
        storedSinceRead.set(0);
    }

    /** What storage says now. */
    public Optional<Refusal> storage() {
        return Optional.ofNullable(storage);
    }

    /** Refusals so far, by cause (every cause present). */
    public Map<Refusal.Cause, Long> refusals() {
        Map<Refusal.Cause, Long> counts = new EnumMap<>(Refusal.Cause.class);
        refusals.forEach((cause, adder) -> counts.put(cause, adder.sum()));
        return counts;
    }

    /** Bytes of request bodies held now. */
    public long inFlightBytes() {
        return inFlightBytes.get();
    }

    public long maxInFlightBytes() {
        return maxInFlightBytes;
    }

    /** Housekeeping for the per-source rate's memory (see {@link SourceRate#forgetIdle}). */
    void forgetIdleSources() {
        if (rate != null) {
            rate.forgetIdle();
        }
    }
}
