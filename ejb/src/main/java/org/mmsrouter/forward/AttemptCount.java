package org.mmsrouter.forward;

import java.time.Duration;

/**
 * How many times the router has really tried to forward an MM, across the copies of it that waiting
 * for a route makes. The broker's delivery count alone cannot say: it also counts deliveries that
 * only found every MMSC down, so a long outage would use up {@code forward.max-attempts} without a
 * single attempt. Instead, a delivery that finds no route re-queues a copy (in the same
 * transaction) carrying the attempts made so far, and only deliveries that tried an MMSC count.
 *
 * @param earlierAttempts attempts made with earlier copies of this MM
 * @param waits           how many times it has waited for a route so far (drives the delay)
 */
public record AttemptCount(int earlierAttempts, int waits) {

    /** A freshly queued MM. */
    public static final AttemptCount FIRST = new AttemptCount(0, 0);

    /** The longest wait before a copy is delivered again, as the queue's redelivery back-off. */
    static final Duration MAX_WAIT_DELAY = Duration.ofSeconds(60);

    public AttemptCount {
        if (earlierAttempts < 0 || waits < 0) {
            throw new IllegalArgumentException("counts cannot be negative");
        }
    }

    /**
     * The number of the attempt this delivery makes. Within one copy every delivery but the first
     * follows a rollback after a failed attempt (no-route deliveries re-queue instead of rolling
     * back), so {@code deliveryCount} counts this copy's attempts.
     */
    public int attempt(int deliveryCount) {
        return earlierAttempts + Math.max(1, deliveryCount);
    }

    /** Attempts made before this delivery. */
    public int attemptsBefore(int deliveryCount) {
        return attempt(deliveryCount) - 1;
    }

    /** The count the copy re-queued by a delivery that found no route carries. */
    public AttemptCount afterWait(int deliveryCount) {
        return new AttemptCount(attemptsBefore(deliveryCount), waits + 1);
    }

    /**
     * The count the copy re-queued after a failed attempt carries: this attempt counted, waits as
     * they were. (A forwarding thread re-queues a copy instead of rolling back, so that the other MMs
     * of its transaction, already forwarded, commit.)
     */
    public AttemptCount afterFailure(int deliveryCount) {
        return new AttemptCount(attempt(deliveryCount), waits);
    }

    /**
     * How long the copy re-queued after a failed attempt stays invisible: the queue's redelivery
     * back-off for the attempts made so far — 1 s after the first, doubling, at most a minute.
     */
    public Duration retryDelay() {
        long seconds = 1L << Math.min(Math.max(earlierAttempts - 1, 0), 6);
        return seconds > MAX_WAIT_DELAY.toSeconds() ? MAX_WAIT_DELAY : Duration.ofSeconds(seconds);
    }

    /** How long the copy re-queued after this many waits stays invisible: 1 s, doubling, at most a minute. */
    public Duration waitDelay() {
        long seconds = 1L << Math.min(waits, 6);
        return seconds > MAX_WAIT_DELAY.toSeconds() ? MAX_WAIT_DELAY : Duration.ofSeconds(seconds);
    }
}
