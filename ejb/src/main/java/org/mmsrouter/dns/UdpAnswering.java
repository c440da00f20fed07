package org.mmsrouter.dns;

import java.net.InetAddress;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.logging.Logger;

/**
 * What every UDP transport does with one received query: response rate limiting, then the answer
 * ({@link DnsAnswerer#answerUdp}: from a template when it can) into the caller's buffer. The buffers
 * belong to the receiving thread, so a query answered from a template allocates nothing here.
 * Thread-safe.
 */
final class UdpAnswering {

    private static final Logger LOG = Logger.getLogger(UdpAnswering.class.getName());
    /** At most one rate-limit summary line per this interval, so an attack cannot flood the log. */
    private static final long RATE_LIMIT_LOG_INTERVAL_MS = 60_000;

    /** Larger than any UDP query or response (a datagram's payload is at most 65,535 bytes). */
    static final int BUFFER_BYTES = 65_535;

    private final DnsAnswerer answerer;
    private final ResponseRateLimiter limiter;
    private final LongAdder dropped = new LongAdder();
    private final LongAdder slipped = new LongAdder();
    private final AtomicLong lastRateLimitLog = new AtomicLong();

    UdpAnswering(DnsAnswerer answerer, ResponseRateLimiter limiter) {
        this.answerer = answerer;
        this.limiter = limiter;
    }

    /**
     * The response to the {@code length} bytes of {@code query} from {@code client}, written into
     * {@code out} (at least {@value #BUFFER_BYTES} bytes): its length, or -1 when nothing is to be
     * sent (rate limited, or the packet deserves no answer).
     */
    int respond(byte[] query, int length, InetAddress client, byte[] out) {
        ResponseRateLimiter.Decision decision = limiter.decide(client);
        if (decision == ResponseRateLimiter.Decision.SEND) {
            return answerer.answerUdp(query, length, out);
        }
        if (decision == ResponseRateLimiter.Decision.SLIP) {
            slipped.increment();
        } else {
            dropped.increment();
        }
        long now = System.currentTimeMillis();
        long last = lastRateLimitLog.get();
        if (now - last >= RATE_LIMIT_LOG_INTERVAL_MS && lastRateLimitLog.compareAndSet(last, now)) {
            long droppedSoFar = dropped.sum();
            long slippedSoFar = slipped.sum();
            LOG.warning(() -> "DNS response rate limit active (latest client " + client.getHostAddress() + "): "
                    + droppedSoFar + " responses dropped and " + slippedSoFar + " sent truncated so far");
        }
        if (decision == ResponseRateLimiter.Decision.DROP) {
            return -1;
        }
        Optional<byte[]> stub = answerer.slip(Arrays.copyOf(query, length));
        if (stub.isEmpty()) {
            return -1;
        }
        System.arraycopy(stub.get(), 0, out, 0, stub.get().length);
        return stub.get().length;
    }
}
