package org.mmsrouter.tools.load;

import java.net.InetAddress;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One load run.
 *
 * @param url         MM1 URL the m-send-reqs are POSTed to
 * @param concurrency workers, each with at most one MM in flight
 * @param duration    measured time, after the warm-up
 * @param rate        MMs per second offered over all workers; 0 = closed loop (each worker sends
 *                    its next MM as soon as the previous one is answered)
 * @param size        approximate size of each encoded m-send-req, bytes
 * @param warmup      time before the measurement; its MMs are sent but not recorded
 * @param timeout     longest wait for one answer
 * @param count       stop after this many measured MMs (0: no limit, the duration decides)
 * @param runId       part of every Transaction-ID ({@code load-<runId>-<n>})
 * @param messageIds  if not null, Ok answers are counted by whether their Message-ID matches it
 *                    (for a router: relayed from the MMSC that took the MM, or the router's own)
 * @param source      if not null, the local address every connection is bound to (e.g. 127.0.0.2,
 *                    so that runs on one host look like different gateways to a server that
 *                    bounds what each client address may have in flight); null: the system's choice
 */
public record LoadConfig(
        URI url,
        int concurrency,
        Duration duration,
        double rate,
        int size,
        Duration warmup,
        Duration timeout,
        long count,
        String runId,
        Pattern messageIds,
        InetAddress source) {

    /** A run from the system's choice of source address. */
    public LoadConfig(
            URI url,
            int concurrency,
            Duration duration,
            double rate,
            int size,
            Duration warmup,
            Duration timeout,
            long count,
            String runId,
            Pattern messageIds) {
        this(url, concurrency, duration, rate, size, warmup, timeout, count, runId, messageIds, null);
    }

    /** A run that does not classify Message-IDs. */
    public LoadConfig(
            URI url,
            int concurrency,
            Duration duration,
            double rate,
            int size,
            Duration warmup,
            Duration timeout,
            long count,
            String runId) {
        this(url, concurrency, duration, rate, size, warmup, timeout, count, runId, null);
    }

    public LoadConfig {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(duration, "duration");
        Objects.requireNonNull(warmup, "warmup");
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(runId, "runId");
        if (concurrency < 1) {
            throw new IllegalArgumentException("--concurrency must be 1 or more, got " + concurrency);
        }
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException("--duration must be positive, got " + duration);
        }
        if (!(rate >= 0) || Double.isInfinite(rate)) {
            throw new IllegalArgumentException("--rate must be 0 (closed loop) or a positive number, got " + rate);
        }
        if (size < 0) {
            throw new IllegalArgumentException("--size must not be negative, got " + size);
        }
        if (warmup.isNegative()) {
            throw new IllegalArgumentException("--warmup must not be negative, got " + warmup);
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("--timeout must be positive, got " + timeout);
        }
        if (count < 0) {
            throw new IllegalArgumentException("--count must be 1 or more, got " + count);
        }
    }

    public boolean closedLoop() {
        return rate == 0;
    }
}
