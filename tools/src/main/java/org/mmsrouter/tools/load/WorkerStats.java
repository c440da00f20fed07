package org.mmsrouter.tools.load;

import java.util.Map;
import java.util.TreeMap;
import org.HdrHistogram.Histogram;

/**
 * What one worker recorded. Written by its worker, read once at the end; the methods are
 * synchronized (uncontended, so cheap) so that a summary taken while a stuck worker is being
 * abandoned still sees consistent counts.
 */
final class WorkerStats {

    private final Histogram latencyMicros = new Histogram(3);
    private final OutcomeLatencies byOutcome = new OutcomeLatencies();
    private final long[] statuses = new long[256];
    private final Map<Integer, Long> httpErrors = new TreeMap<>();
    private long sent;
    private long ioErrors;
    private long timeouts;
    private long badAnswers;
    private long matchedIds;
    private long otherIds;
    private long http503RetryAfter;
    private long maxLagNanos;
    private String firstError;

    synchronized void sent() {
        sent++;
    }

    synchronized void answered(long latencyNanos, int status) {
        long micros = Math.max(0, latencyNanos / 1_000);
        latencyMicros.recordValue(micros);
        byOutcome.answered(status, micros);
        statuses[status & 0xFF]++;
    }

    /** An Ok answer whose Message-ID did ({@code true}) or did not match the run's pattern. */
    synchronized void messageId(boolean matched) {
        if (matched) {
            matchedIds++;
        } else {
            otherIds++;
        }
    }

    /**
     * An HTTP answer other than 200, {@code latencyNanos} after the send; {@code retryAfter}: it
     * carried a Retry-After header (counted for 503s, which should all say when to come back).
     */
    synchronized void httpError(int code, String detail, long latencyNanos, boolean retryAfter) {
        httpErrors.merge(code, 1L, Long::sum);
        byOutcome.httpStatus(code, Math.max(0, latencyNanos / 1_000));
        if (code == 503 && retryAfter) {
            http503RetryAfter++;
        }
        noteError("HTTP " + code + (detail.isEmpty() ? "" : ": " + detail));
    }

    synchronized void badAnswer(String detail) {
        badAnswers++;
        noteError("answer is not an m-send-conf: " + detail);
    }

    synchronized void ioError(String detail) {
        ioErrors++;
        noteError(detail);
    }

    synchronized void timeout(String detail) {
        timeouts++;
        noteError(detail);
    }

    synchronized void lag(long nanos) {
        maxLagNanos = Math.max(maxLagNanos, nanos);
    }

    private void noteError(String detail) {
        if (firstError == null) {
            firstError = detail;
        }
    }

    /** Adds this worker's figures to the run's. */
    synchronized void addTo(LoadResult.Builder total) {
        total.latencyMicros.add(latencyMicros);
        byOutcome.addTo(total.byOutcome);
        total.http503RetryAfter += http503RetryAfter;
        for (int status = 0; status < statuses.length; status++) {
            if (statuses[status] > 0) {
                total.statuses.merge(status, statuses[status], Long::sum);
            }
        }
        httpErrors.forEach((code, n) -> total.httpErrors.merge(code, n, Long::sum));
        total.sent += sent;
        total.ioErrors += ioErrors;
        total.timeouts += timeouts;
        total.badAnswers += badAnswers;
        total.matchedIds += matchedIds;
        total.otherIds += otherIds;
        total.maxLagNanos = Math.max(total.maxLagNanos, maxLagNanos);
        if (total.firstError == null) {
            total.firstError = firstError;
        }
    }
}
