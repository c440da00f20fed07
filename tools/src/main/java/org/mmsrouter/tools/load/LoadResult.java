package org.mmsrouter.tools.load;

import java.time.Duration;
import java.util.Collections;
import java.util.SortedMap;
import java.util.TreeMap;
import org.HdrHistogram.Histogram;
import org.mmsrouter.pdu.ResponseStatus;

/**
 * The measured part of a load run (MMs sent during the warm-up are only in {@code totalSent}).
 *
 * @param config        what was run
 * @param pduSize       size of the first m-send-req, bytes
 * @param elapsed       from the end of the warm-up until the last measured MM was settled
 * @param sent          measured MMs sent
 * @param totalSent     every MM sent, warm-up included (what the server received at most)
 * @param latencyMicros send → complete m-send-conf received, microseconds, answered MMs only
 * @param statuses      X-Mms-Response-Status octet → answers
 * @param httpErrors    HTTP status other than 200 → count
 * @param ioErrors      connections refused or broken
 * @param timeouts      no complete answer within the timeout
 * @param badAnswers    HTTP 200 whose body is not an m-send-conf
 * @param unfinished    sent but neither answered nor failed when the run had to stop
 * @param maxLagNanos   open loop: the longest an MM was sent after it was due (workers all busy)
 * @param firstError    description of the first error, or {@code null}
 * @param matchedIds    Ok answers whose Message-ID matched the run's pattern (0 without one)
 * @param otherIds      Ok answers whose Message-ID did not
 * @param byOutcome     latency of Ok answers, transient refusals and HTTP 503s, each on its own
 * @param http503RetryAfter HTTP 503 answers that carried a Retry-After header
 */
public record LoadResult(
        LoadConfig config,
        int pduSize,
        Duration elapsed,
        long sent,
        long totalSent,
        Histogram latencyMicros,
        SortedMap<Integer, Long> statuses,
        SortedMap<Integer, Long> httpErrors,
        long ioErrors,
        long timeouts,
        long badAnswers,
        long unfinished,
        long maxLagNanos,
        String firstError,
        long matchedIds,
        long otherIds,
        OutcomeLatencies byOutcome,
        long http503RetryAfter) {

    /** A result without latencies by outcome (all empty) and no Retry-After count. */
    public LoadResult(
            LoadConfig config,
            int pduSize,
            Duration elapsed,
            long sent,
            long totalSent,
            Histogram latencyMicros,
            SortedMap<Integer, Long> statuses,
            SortedMap<Integer, Long> httpErrors,
            long ioErrors,
            long timeouts,
            long badAnswers,
            long unfinished,
            long maxLagNanos,
            String firstError,
            long matchedIds,
            long otherIds) {
        this(
                config,
                pduSize,
                elapsed,
                sent,
                totalSent,
                latencyMicros,
                statuses,
                httpErrors,
                ioErrors,
                timeouts,
                badAnswers,
                unfinished,
                maxLagNanos,
                firstError,
                matchedIds,
                otherIds,
                new OutcomeLatencies(),
                0);
    }

    public LoadResult {
        statuses = Collections.unmodifiableSortedMap(new TreeMap<>(statuses));
        httpErrors = Collections.unmodifiableSortedMap(new TreeMap<>(httpErrors));
    }

    /** m-send-conf answers with a transient X-Mms-Response-Status (0xC0–0xDF): "try later". */
    public long transientRefusals() {
        return statuses.entrySet().stream()
                .filter(e -> ResponseStatus.isTransient(e.getKey()))
                .mapToLong(e -> e.getValue())
                .sum();
    }

    public long http503() {
        return httpErrors.getOrDefault(503, 0L);
    }

    /** MMs answered with an m-send-conf, whatever its status. */
    public long completed() {
        return statuses.values().stream().mapToLong(Long::longValue).sum();
    }

    public long ok() {
        return statuses.getOrDefault(ResponseStatus.OK, 0L);
    }

    /** Answered with an m-send-conf whose status is not Ok. */
    public long notOk() {
        return completed() - ok();
    }

    public long httpErrorCount() {
        return httpErrors.values().stream().mapToLong(Long::longValue).sum();
    }

    /** Every MM that got no m-send-conf: HTTP errors, I/O errors, timeouts, bad answers, unfinished. */
    public long errors() {
        return httpErrorCount() + ioErrors + timeouts + badAnswers + unfinished;
    }

    /** Answered MMs per second of measured time. */
    public double throughput() {
        double seconds = elapsed.toNanos() / 1e9;
        return seconds <= 0 ? 0 : completed() / seconds;
    }

    /** Latency at a percentile (0–100) in milliseconds; 0 when nothing was answered. */
    public double latencyMillis(double percentile) {
        return latencyMicros.getTotalCount() == 0 ? 0 : latencyMicros.getValueAtPercentile(percentile) / 1_000.0;
    }

    public double maxLatencyMillis() {
        return latencyMicros.getTotalCount() == 0 ? 0 : latencyMicros.getMaxValue() / 1_000.0;
    }

    /** Every measured MM answered Ok, and at least one was. */
    public boolean success() {
        return errors() == 0 && completed() > 0 && notOk() == 0;
    }

    /** Collects the workers' figures. */
    static final class Builder {
        final Histogram latencyMicros = new Histogram(3);
        final OutcomeLatencies byOutcome = new OutcomeLatencies();
        long http503RetryAfter;
        final SortedMap<Integer, Long> statuses = new TreeMap<>();
        final SortedMap<Integer, Long> httpErrors = new TreeMap<>();
        long sent;
        long ioErrors;
        long timeouts;
        long badAnswers;
        long matchedIds;
        long otherIds;
        long maxLagNanos;
        String firstError;

        LoadResult build(LoadConfig config, int pduSize, Duration elapsed, long totalSent) {
            long answered =
                    statuses.values().stream().mapToLong(Long::longValue).sum();
            long failed =
                    httpErrors.values().stream().mapToLong(Long::longValue).sum() + ioErrors + timeouts + badAnswers;
            long unfinished = Math.max(0, sent - answered - failed);
            return new LoadResult(
                    config,
                    pduSize,
                    elapsed,
                    sent,
                    totalSent,
                    latencyMicros,
                    statuses,
                    httpErrors,
                    ioErrors,
                    timeouts,
                    badAnswers,
                    unfinished,
                    maxLagNanos,
                    unfinished > 0 && firstError == null
                            ? unfinished + " MMs still unanswered when the run stopped"
                            : firstError,
                    matchedIds,
                    otherIds,
                    byOutcome,
                    http503RetryAfter);
        }
    }
}
