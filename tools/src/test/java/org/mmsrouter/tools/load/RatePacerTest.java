package org.mmsrouter.tools.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class RatePacerTest {

    private static final long START = 1_000_000_000L;
    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

    @Test
    void mmsAreDueEvenlyFromTheStartWhateverHappenedBefore() {
        RatePacer pacer = new RatePacer(100, START);

        assertEquals(START, pacer.dueAt(0));
        assertEquals(START + 10_000_000, pacer.dueAt(1));
        assertEquals(START + SECOND, pacer.dueAt(100));
        assertEquals(START + 60 * SECOND, pacer.dueAt(6_000));
    }

    @Test
    void fractionalRatesDoNotDrift() {
        RatePacer pacer = new RatePacer(3, START);

        assertEquals(START + 333_333_333, pacer.dueAt(1));
        assertEquals(START + 1000 * SECOND, pacer.dueAt(3_000));
    }

    @Test
    void countsTheMmsDueWithinAWindow() {
        assertEquals(100, new RatePacer(100, START).dueBefore(START + SECOND));
        assertEquals(101, new RatePacer(100, START).dueBefore(START + SECOND + 1));
        assertEquals(30_000, new RatePacer(500, START).dueBefore(START + 60 * SECOND));
        assertEquals(4, new RatePacer(3, START).dueBefore(START + SECOND + 1));
        assertEquals(1, new RatePacer(0.5, START).dueBefore(START + SECOND));
        assertEquals(0, new RatePacer(100, START).dueBefore(START));
    }

    @Test
    void aRateMustBePositive() {
        assertThrows(IllegalArgumentException.class, () -> new RatePacer(0, START));
        assertThrows(IllegalArgumentException.class, () -> new RatePacer(-5, START));
        assertThrows(IllegalArgumentException.class, () -> new RatePacer(Double.NaN, START));
        assertThrows(IllegalArgumentException.class, () -> new RatePacer(Double.POSITIVE_INFINITY, START));
    }

    @Test
    void sleepsUntilTheDeadlineAndNotForAPastOne() throws InterruptedException {
        long before = System.nanoTime();
        RatePacer.sleepUntil(before - SECOND);
        assertTrue(System.nanoTime() - before < SECOND / 2, "a past deadline returns at once");

        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(50);
        RatePacer.sleepUntil(deadline);
        assertTrue(System.nanoTime() >= deadline);
    }
}
