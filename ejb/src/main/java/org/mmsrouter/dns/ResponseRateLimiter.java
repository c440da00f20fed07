package org.mmsrouter.dns;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.time.Clock;
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
    /** The key a lookup is made with, reused (under the lock): a client seen before costs no allocation. */
    private final Prefix probe = new Prefix(0);

    /**
     * A client network: an IPv4 /24 or an IPv6 /56 in the low 56 bits, the family above them. Mutable
     * only as {@link #probe}; the keys in the map are never changed.
     */
    private static final class Prefix {
        long bits;

        Prefix(long bits) {
            this.bits = bits;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Prefix p && p.bits == bits;
        }

        @Override
        public int hashCode() {
            return Long.hashCode(bits);
        }
    }

    private static final class Bucket {
        double tokens;
        long refilledAtMillis;
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
        long now = clock.millis();
        probe.bits = prefixOf(client);
        Bucket bucket = buckets.get(probe);
        if (bucket == null) {
            bucket = new Bucket();
            bucket.tokens = ratePerSecond;
            bucket.refilledAtMillis = now;
            buckets.put(new Prefix(probe.bits), bucket);
        }
        double elapsed = Math.max(0, (now - bucket.refilledAtMillis) / 1e3);
        bucket.tokens = Math.min(ratePerSecond, bucket.tokens + elapsed * ratePerSecond);
        bucket.refilledAtMillis = now;
        if (bucket.tokens >= 1) {
            bucket.tokens -= 1;
            return Decision.SEND;
        }
        bucket.limited++;
        return slip > 0 && bucket.limited % slip == 0 ? Decision.SLIP : Decision.DROP;
    }

    /** The client's network as {@link Prefix} bits: the leading 3 bytes of IPv4, 7 of IPv6. */
    private static long prefixOf(InetAddress client) {
        if (client instanceof Inet4Address) {
            // An Inet4Address's hash code is its address (JDK since 1.0): no copy of the bytes needed.
            return (1L << 56) | ((client.hashCode() >>> 8) & 0xFF_FFFFL);
        }
        byte[] address = client.getAddress();
        long bits = 0;
        for (int i = 0; i < 7; i++) {
            bits = (bits << 8) | (address[i] & 0xFF);
        }
        return (2L << 56) | bits;
    }
}
