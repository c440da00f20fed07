package org.mmsrouter.traffic;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The last hour of traffic at a fixed step, for the console's charts and rates: a bounded history of
 * {@link Sample}s (cumulative counters and a queue depth), from which it derives per-second rates
 * between neighbouring samples and over longer windows. Counters that go backwards (a restart of
 * their source) count as starting again from zero. Not thread-safe: its owner serialises access.
 */
public final class TrafficSeries {

    /**
     * What is read at each step.
     *
     * @param accepted      MMs accepted by the ingress so far
     * @param forwarded     MMs taken by an MMSC so far, per MMSC
     * @param failed        failed forwarding attempts so far, per MMSC
     * @param queueDepth    MMs waiting in the submissions queue
     */
    public record Sample(
            Instant at, long accepted, Map<String, Long> forwarded, Map<String, Long> failed, long queueDepth) {
        public Sample {
            forwarded = Map.copyOf(forwarded);
            failed = Map.copyOf(failed);
        }

        long totalForwarded() {
            return forwarded.values().stream().mapToLong(Long::longValue).sum();
        }

        long totalFailed() {
            return failed.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    /** Rates for charting, oldest first: one entry per step after the first sample. */
    public record Chart(
            int stepSeconds,
            List<Long> t,
            List<Double> accepted,
            List<Double> forwarded,
            List<Double> failed,
            List<Long> queueDepth) {}

    /** Per-second rates over a window. */
    public record Rates(
            double accepted,
            double forwarded,
            double failed,
            Map<String, Double> forwardedByMmsc,
            Map<String, Double> failedByMmsc) {
        public static final Rates NONE = new Rates(0, 0, 0, Map.of(), Map.of());
    }

    private final int stepSeconds;
    private final int capacity;
    private final Deque<Sample> samples = new ArrayDeque<>();

    /** Keeps {@code capacity} samples taken every {@code stepSeconds}. */
    public TrafficSeries(int stepSeconds, int capacity) {
        if (stepSeconds < 1 || capacity < 2) {
            throw new IllegalArgumentException("need a step of at least 1 s and room for 2 samples");
        }
        this.stepSeconds = stepSeconds;
        this.capacity = capacity;
    }

    public void add(Sample sample) {
        if (!samples.isEmpty() && !sample.at().isAfter(samples.peekLast().at())) {
            throw new IllegalArgumentException("samples must move forward in time");
        }
        samples.addLast(sample);
        while (samples.size() > capacity) {
            samples.removeFirst();
        }
    }

    public Chart chart() {
        List<Long> t = new ArrayList<>();
        List<Double> accepted = new ArrayList<>();
        List<Double> forwarded = new ArrayList<>();
        List<Double> failed = new ArrayList<>();
        List<Long> depth = new ArrayList<>();
        Sample previous = null;
        for (Sample sample : samples) {
            if (previous != null) {
                double seconds = seconds(previous, sample);
                t.add(sample.at().getEpochSecond());
                accepted.add(delta(previous.accepted(), sample.accepted()) / seconds);
                forwarded.add(delta(previous.totalForwarded(), sample.totalForwarded()) / seconds);
                failed.add(delta(previous.totalFailed(), sample.totalFailed()) / seconds);
                depth.add(sample.queueDepth());
            }
            previous = sample;
        }
        return new Chart(stepSeconds, t, accepted, forwarded, failed, depth);
    }

    /** Rates between the newest sample and the newest one at least {@code windowSeconds} older (or the oldest). */
    public Rates rates(int windowSeconds) {
        if (samples.size() < 2) {
            return Rates.NONE;
        }
        Sample newest = samples.peekLast();
        Sample from = samples.peekFirst();
        var older = samples.descendingIterator();
        while (older.hasNext()) {
            Sample s = older.next();
            if (!s.at().plusSeconds(windowSeconds).isAfter(newest.at())) {
                from = s;
                break;
            }
        }
        double seconds = seconds(from, newest);
        Map<String, Double> forwardedBy = perMmsc(from.forwarded(), newest.forwarded(), seconds);
        Map<String, Double> failedBy = perMmsc(from.failed(), newest.failed(), seconds);
        return new Rates(
                delta(from.accepted(), newest.accepted()) / seconds,
                delta(from.totalForwarded(), newest.totalForwarded()) / seconds,
                delta(from.totalFailed(), newest.totalFailed()) / seconds,
                forwardedBy,
                failedBy);
    }

    private static Map<String, Double> perMmsc(Map<String, Long> from, Map<String, Long> to, double seconds) {
        Map<String, Double> rates = new HashMap<>();
        to.forEach((mmsc, count) -> rates.put(mmsc, delta(from.getOrDefault(mmsc, 0L), count) / seconds));
        return rates;
    }

    private static double seconds(Sample from, Sample to) {
        return Math.max(0.001, (to.at().toEpochMilli() - from.at().toEpochMilli()) / 1000.0);
    }

    private static long delta(long from, long to) {
        return to >= from ? to - from : to;
    }
}
