package org.mmsrouter.metrics;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

/**
 * A latency histogram with fixed upper bounds, as Prometheus histograms are: each observation lands
 * in the first bucket whose bound it does not exceed; {@link #snapshot()} gives the cumulative counts
 * the text format wants. Thread-safe and lock-free (writers on hot paths only add to counters).
 */
public final class LatencyHistogram {

    /** Bounds for network round trips (probes, forwarding): 1 ms to 30 s. */
    public static final List<Double> ROUND_TRIP_SECONDS =
            List.of(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0);

    /** Bounds for an MM's whole journey, which includes waiting out MMSC outages: 10 ms to 6 h. */
    public static final List<Double> JOURNEY_SECONDS =
            List.of(0.01, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0, 300.0, 1800.0, 3600.0, 21600.0);

    private final double[] bounds;
    private final LongAdder[] counts; // one per bound, plus +Inf
    private final LongAdder sumMicros = new LongAdder();

    public LatencyHistogram(List<Double> upperBoundsSeconds) {
        if (upperBoundsSeconds.isEmpty()) {
            throw new IllegalArgumentException("a histogram needs at least one bucket bound");
        }
        bounds = new double[upperBoundsSeconds.size()];
        for (int i = 0; i < bounds.length; i++) {
            bounds[i] = upperBoundsSeconds.get(i);
            if (i > 0 && bounds[i] <= bounds[i - 1]) {
                throw new IllegalArgumentException("bucket bounds must increase: " + upperBoundsSeconds);
            }
        }
        counts = new LongAdder[bounds.length + 1];
        for (int i = 0; i < counts.length; i++) {
            counts[i] = new LongAdder();
        }
    }

    public void observe(Duration latency) {
        long micros = Math.max(0, latency.toNanos() / 1_000);
        double seconds = micros / 1_000_000.0;
        int bucket = 0;
        while (bucket < bounds.length && seconds > bounds[bucket]) {
            bucket++;
        }
        counts[bucket].increment();
        sumMicros.add(micros);
    }

    /** Cumulative counts per bound (the last one is +Inf, equal to the count), and the sum in seconds. */
    public Snapshot snapshot() {
        long[] cumulative = new long[counts.length];
        long running = 0;
        for (int i = 0; i < counts.length; i++) {
            running += counts[i].sum();
            cumulative[i] = running;
        }
        double[] copy = bounds.clone();
        return new Snapshot(copy, cumulative, sumMicros.sum() / 1_000_000.0);
    }

    /**
     * One reading. {@code cumulativeCounts} has one entry per bound and a last one for +Inf. (Counters
     * are read one after another, so under concurrent writes the sum can be a few observations ahead
     * or behind the counts, as with any Prometheus client.)
     */
    public record Snapshot(double[] upperBounds, long[] cumulativeCounts, double sumSeconds) {
        public long count() {
            return cumulativeCounts[cumulativeCounts.length - 1];
        }
    }
}
