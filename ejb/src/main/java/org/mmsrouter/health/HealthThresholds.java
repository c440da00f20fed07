package org.mmsrouter.health;

import java.time.Duration;
import java.util.Objects;

/**
 * How many observations move an MMSC between states.
 *
 * @param rise       successes in a row that bring a DOWN MMSC back UP
 * @param fall       failures in a row that take an UP MMSC DOWN (the first already makes it SUSPECT)
 * @param flapWindow how far back falls count as flapping
 * @param flapLimit  falls within the window tolerated before damping: each further fall doubles
 *                   the successes needed to come back (up to {@link #MAX_RISE})
 */
public record HealthThresholds(int rise, int fall, Duration flapWindow, int flapLimit) {

    /** Most successes ever required for a recovery, however much an MMSC flapped. */
    public static final int MAX_RISE = 64;

    public HealthThresholds {
        Objects.requireNonNull(flapWindow, "flapWindow");
        if (rise < 1 || rise > MAX_RISE) {
            throw new IllegalArgumentException("rise must be 1.." + MAX_RISE + ", got " + rise);
        }
        if (fall < 1 || fall > 100) {
            throw new IllegalArgumentException("fall must be 1..100, got " + fall);
        }
        if (flapWindow.isNegative()) {
            throw new IllegalArgumentException("flapWindow must not be negative, got " + flapWindow);
        }
        if (flapLimit < 1) {
            throw new IllegalArgumentException("flapLimit must be 1 or more, got " + flapLimit);
        }
    }
}
