package org.mmsrouter.forward;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Paces forwarding: at most {@code maxRate} MMs per second, and after a recovery (no MMSC was up,
 * now one is) a slow start that ramps the rate up from a tenth of it over {@code slowStart}, as
 * HAProxy's slowstart does, so a backlog does not hit an MMSC that just came back all at once.
 * A rate of 0 means unlimited. Thread-safe; callers wait in {@link #acquire()}.
 */
public final class DrainLimiter {

    private static final double SLOW_START_FLOOR = 0.1;

    private final double maxRate;
    private final Duration slowStart;
    private final Clock clock;
    private Instant recoveredAt = Instant.MIN;
    private Instant nextSlot = Instant.MIN;

    public DrainLimiter(double maxRate, Duration slowStart, Clock clock) {
        this.maxRate = maxRate;
        this.slowStart = slowStart;
        this.clock = clock;
    }

    /** An MMSC is routable again after none was: ramp up from the floor. */
    public synchronized void recovered() {
        recoveredAt = clock.instant();
    }

    /** The rate allowed at {@code now}, in MMs per second (infinite when unlimited). */
    public synchronized double rateAt(Instant now) {
        if (maxRate <= 0) {
            return Double.POSITIVE_INFINITY;
        }
        if (slowStart.isZero() || recoveredAt.equals(Instant.MIN)) {
            return maxRate;
        }
        double elapsed = Duration.between(recoveredAt, now).toMillis() / (double) slowStart.toMillis();
        return maxRate * Math.max(SLOW_START_FLOOR, Math.min(1.0, elapsed));
    }

    /** How long the caller must wait before forwarding one more MM; reserves that slot. */
    public synchronized Duration reserve() {
        Instant now = clock.instant();
        double rate = rateAt(now);
        if (Double.isInfinite(rate)) {
            return Duration.ZERO;
        }
        Instant slot = nextSlot.isAfter(now) ? nextSlot : now;
        nextSlot = slot.plusNanos((long) (1_000_000_000L / rate));
        return Duration.between(now, slot);
    }

    /** Takes a slot if one is free now; never waits. */
    public synchronized boolean tryAcquire() {
        Instant now = clock.instant();
        if (nextSlot.isAfter(now)) {
            return false;
        }
        reserve();
        return true;
    }

    /** Waits for a slot. */
    public void acquire() throws InterruptedException {
        Duration wait = reserve();
        if (!wait.isZero() && !wait.isNegative()) {
            Thread.sleep(wait.toMillis(), wait.toNanosPart() % 1_000_000);
        }
    }
}
