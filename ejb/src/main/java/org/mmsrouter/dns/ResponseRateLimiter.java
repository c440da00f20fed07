package org.mmsrouter.dns;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Response rate limiting for UDP, as NSD's RRL does it: each client prefix (/24 for IPv4, /56 for
 * IPv6) may get {@code ratePerSecond} responses per second (with a burst of one second's worth);
 * beyond that, every {@code slip}-th response is sent truncated (TC=1: a real resolver retries over
 * TCP, which a spoofed victim cannot) and the rest are dropped. This caps how much the responder can
 * be used to reflect or amplify traffic towards a spoofed address. Thread-safe.
 */
public final class ResponseRateLimiter {

    /** What to do with one response. */
    public enum Decision {
        SEND,
        SLIP,
        DROP
    }

    /** Prefixes remembered at once; the least recently seen is forgotten first. */
    static final int MAX_PREFIXES = 10_000;

    private final double ratePerSecond;
    private final int slip;
    private final Clock clock;
    private final Map<Prefix, Bucket> buckets = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Prefix, Bucket> eldest) {
            return size() > MAX_PREFIXES;
        }
    };

    /** A client network, compared by its leading bytes. */
    private record Prefix(byte[] bytes) {
        @Override
        public boolean equals(Object other) {
            return other instanceof Prefix p && Arrays.equals(bytes, p.bytes);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(bytes);
        }
    }

    private static final class Bucket {
        double tokens;
        Instant refilledAt;
        long limited;
    }

    /**
     * @param ratePerSecond responses per second and prefix; 0 turns limiting off
     * @param slip          every slip-th limited response is sent truncated (1: all; 0: none)
     */
    public ResponseRateLimiter(double ratePerSecond, int slip, Clock clock) {
        if (ratePerSecond < 0 || slip < 0) {
            throw new IllegalArgumentException("rate and slip must not be negative");
        }
        this.ratePerSecond = ratePerSecond;
        this.slip = slip;
        this.clock = clock;
    }

    /** What to do with the next response to {@code client}; safe to call from several threads at once. */
    public Decision decide(InetAddress client) {
        if (ratePerSecond == 0) {
            return Decision.SEND; // off: no lock taken, nothing remembered
        }
        return decideLimited(client);
    }

    private synchronized Decision decideLimited(InetAddress client) {
        Instant now = clock.instant();
        Bucket bucket = buckets.computeIfAbsent(prefixOf(client), p -> {
            Bucket fresh = new Bucket();
            fresh.tokens = ratePerSecond;
            fresh.refilledAt = now;
            return fresh;
        });
        double elapsed = Math.max(0, Duration.between(bucket.refilledAt, now).toNanos() / 1e9);
        bucket.tokens = Math.min(ratePerSecond, bucket.tokens + elapsed * ratePerSecond);
        bucket.refilledAt = now;
        if (bucket.tokens >= 1) {
            bucket.tokens -= 1;
            return Decision.SEND;
        }
        bucket.limited++;
        return slip > 0 && bucket.limited % slip == 0 ? Decision.SLIP : Decision.DROP;
    }

    private static Prefix prefixOf(InetAddress client) {
        byte[] address = client.getAddress();
        return new Prefix(Arrays.copyOf(address, client instanceof Inet4Address ? 3 : 7));
    }
}
