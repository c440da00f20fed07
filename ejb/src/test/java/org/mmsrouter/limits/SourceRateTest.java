package org.mmsrouter.limits;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class SourceRateTest {

    private final AtomicLong nanos = new AtomicLong(-5_000_000_000L); // System.nanoTime may be negative

    @Test
    void sustainedRateIsTheConfiguredOne() {
        SourceRate<String> rate = new SourceRate<>(100, nanos::get);
        int allowed = 0;
        for (int ms = 0; ms < 10_000; ms++) { // 10 s, a request every millisecond (1,000/s offered)
            if (rate.tryAcquire("gw")) {
                allowed++;
            }
            nanos.addAndGet(1_000_000L);
        }
        // 100/s for 10 s plus the initial burst of one second's worth.
        assertTrue(allowed >= 1000 && allowed <= 1100, "allowed " + allowed);
    }

    @Test
    void refusalsCostTheSourceNothingAndIdleSourcesAreForgotten() {
        SourceRate<String> rate = new SourceRate<>(2, nanos::get);
        assertTrue(rate.tryAcquire("gw"));
        assertTrue(rate.tryAcquire("gw"));
        for (int i = 0; i < 100; i++) {
            assertFalse(rate.tryAcquire("gw")); // refused attempts do not push the next slot further out
        }
        nanos.addAndGet(500_000_000L);
        assertTrue(rate.tryAcquire("gw"));
        assertEquals(1, rate.sources());
        nanos.addAndGet(2_000_000_000L);
        rate.forgetIdle();
        assertEquals(0, rate.sources());
    }

    @Test
    void zeroIsNotARate() {
        assertThrows(IllegalArgumentException.class, () -> new SourceRate<String>(0, nanos::get));
    }
}
