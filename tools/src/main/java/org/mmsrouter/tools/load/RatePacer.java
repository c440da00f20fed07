package org.mmsrouter.tools.load;

import java.util.concurrent.locks.LockSupport;

/**
 * Open-loop pacing: the n-th MM of the run (n = 0, 1, 2 …) is due at {@code start + n / rate},
 * whatever happened to the ones before it, so a slow answer does not lower the offered load
 * (the workers only bound how many are in flight). Pure arithmetic on {@link System#nanoTime()}
 * values; thread-safe because it holds no state beyond its two finals.
 */
public final class RatePacer {

    private final double ratePerSecond;
    private final long startNanos;

    /** @param ratePerSecond MMs per second, over all workers; must be positive */
    public RatePacer(double ratePerSecond, long startNanos) {
        if (!(ratePerSecond > 0) || Double.isInfinite(ratePerSecond)) {
            throw new IllegalArgumentException("rate must be a positive number, got " + ratePerSecond);
        }
        this.ratePerSecond = ratePerSecond;
        this.startNanos = startNanos;
    }

    public double rate() {
        return ratePerSecond;
    }

    /** When the {@code ticket}-th MM (0-based) is due, on the {@link System#nanoTime()} scale. */
    public long dueAt(long ticket) {
        return startNanos + Math.round(ticket * 1e9 / ratePerSecond);
    }

    /** How many MMs fall due before {@code endNanos}: the number a run that keeps up sends. */
    public long dueBefore(long endNanos) {
        if (endNanos <= startNanos) {
            return 0;
        }
        long n = (long) Math.ceil((endNanos - startNanos) * ratePerSecond / 1e9);
        // Rounding in dueAt may put the boundary ticket on either side; settle it exactly.
        while (n > 0 && dueAt(n - 1) >= endNanos) {
            n--;
        }
        while (dueAt(n) < endNanos) {
            n++;
        }
        return n;
    }

    /** Parks the calling thread until {@code deadlineNanos} (returns at once if it has passed). */
    public static void sleepUntil(long deadlineNanos) throws InterruptedException {
        while (true) {
            long left = deadlineNanos - System.nanoTime();
            if (left <= 0) {
                return;
            }
            LockSupport.parkNanos(left);
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
        }
    }
}
