package org.mmsrouter.forward;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.mmsrouter.testing.ManualClock;

class DrainLimiterTest {

    private final ManualClock clock = new ManualClock();

    @Test
    void withoutALimitNobodyWaits() {
        DrainLimiter limiter = new DrainLimiter(0, Duration.ofSeconds(10), clock);
        limiter.recovered();
        for (int i = 0; i < 1000; i++) {
            assertEquals(Duration.ZERO, limiter.reserve());
        }
    }

    @Test
    void slotsAreSpacedByTheRate() {
        DrainLimiter limiter = new DrainLimiter(100, Duration.ZERO, clock);
        assertEquals(Duration.ZERO, limiter.reserve());
        assertEquals(Duration.ofMillis(10), limiter.reserve());
        assertEquals(Duration.ofMillis(20), limiter.reserve());
        clock.advance(Duration.ofMillis(100));
        assertEquals(Duration.ZERO, limiter.reserve(), "unused slots are not saved up");
    }

    @Test
    void tryAcquireTakesOnlyAFreeSlotAndNeverWaits() {
        DrainLimiter limiter = new DrainLimiter(50, Duration.ZERO, clock);
        assertTrue(limiter.tryAcquire());
        assertFalse(limiter.tryAcquire(), "the next slot is 20 ms away");
        clock.advance(Duration.ofMillis(20));
        assertTrue(limiter.tryAcquire());
        assertTrue(new DrainLimiter(0, Duration.ZERO, clock).tryAcquire(), "unlimited");
    }

    @Test
    void afterARecoveryTheRateRampsFromATenthToTheMaximum() {
        DrainLimiter limiter = new DrainLimiter(1000, Duration.ofSeconds(10), clock);
        assertEquals(1000.0, limiter.rateAt(clock.instant()), 1e-9, "full rate before any recovery");
        limiter.recovered();
        assertEquals(100.0, limiter.rateAt(clock.instant()), 1e-9);
        assertEquals(100.0, limiter.rateAt(clock.instant().plusMillis(500)), 1e-9, "floor of a tenth");
        assertEquals(500.0, limiter.rateAt(clock.instant().plusSeconds(5)), 1e-9);
        assertEquals(1000.0, limiter.rateAt(clock.instant().plusSeconds(10)), 1e-9);
        assertEquals(1000.0, limiter.rateAt(clock.instant().plusSeconds(60)), 1e-9);
    }
}
