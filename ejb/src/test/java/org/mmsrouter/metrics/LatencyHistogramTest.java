package org.mmsrouter.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class LatencyHistogramTest {

    @Test
    void observationsLandInTheFirstBucketTheyDoNotExceedAndCountsAreCumulative() {
        LatencyHistogram histogram = new LatencyHistogram(List.of(0.01, 0.1, 1.0));
        histogram.observe(Duration.ofMillis(10)); // on the bound: in it (le = less or equal)
        histogram.observe(Duration.ofMillis(11));
        histogram.observe(Duration.ofMillis(500));
        histogram.observe(Duration.ofSeconds(3)); // beyond every bound: +Inf only
        histogram.observe(Duration.ofNanos(-5)); // a clock step backwards counts as zero

        LatencyHistogram.Snapshot snapshot = histogram.snapshot();
        assertArrayEquals(new long[] {2, 3, 4, 5}, snapshot.cumulativeCounts());
        assertEquals(5, snapshot.count());
        assertEquals(0.010 + 0.011 + 0.5 + 3.0, snapshot.sumSeconds(), 1e-9);
    }

    @Test
    void boundsMustIncrease() {
        assertThrows(IllegalArgumentException.class, () -> new LatencyHistogram(List.of(0.1, 0.1)));
        assertThrows(IllegalArgumentException.class, () -> new LatencyHistogram(List.of()));
    }
}
