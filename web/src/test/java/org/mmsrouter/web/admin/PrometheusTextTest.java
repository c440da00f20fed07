package org.mmsrouter.web.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mmsrouter.metrics.LatencyHistogram;

class PrometheusTextTest {

    @Test
    void aHistogramHasCumulativeBucketsTheInfBucketSumAndCount() {
        LatencyHistogram histogram = new LatencyHistogram(List.of(0.005, 0.05));
        histogram.observe(Duration.ofMillis(2));
        histogram.observe(Duration.ofMillis(20));
        histogram.observe(Duration.ofMillis(250));
        String text = new PrometheusText()
                .family("x_seconds", "histogram", "X")
                .histogram("x_seconds", histogram.snapshot(), "mmsc", "sim-\"a\"")
                .toString();
        assertEquals("""
                # HELP x_seconds X
                # TYPE x_seconds histogram
                x_seconds_bucket{mmsc="sim-\\"a\\"",le="0.005"} 1
                x_seconds_bucket{mmsc="sim-\\"a\\"",le="0.05"} 2
                x_seconds_bucket{mmsc="sim-\\"a\\"",le="+Inf"} 3
                x_seconds_sum{mmsc="sim-\\"a\\""} 0.272
                x_seconds_count{mmsc="sim-\\"a\\""} 3
                """, text);
    }
}
