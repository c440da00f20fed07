package org.mmsrouter.traffic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TrafficSeriesTest {

    private static final Instant T0 = Instant.parse("2026-11-29T05:00:00Z");

    private static TrafficSeries.Sample at(int second, long accepted, long forwardedA, long failedA, long depth) {
        return new TrafficSeries.Sample(
                T0.plusSeconds(second), accepted, Map.of("a", forwardedA), Map.of("a", failedA), depth);
    }

    @Test
    void theChartHasOneRatePerStepAndTheDepthAsSampled() {
        TrafficSeries series = new TrafficSeries(5, 10);
        series.add(at(0, 100, 90, 0, 3));
        series.add(at(5, 150, 130, 5, 7));
        series.add(at(10, 150, 150, 5, 0));

        TrafficSeries.Chart chart = series.chart();
        assertEquals(
                List.of(T0.plusSeconds(5).getEpochSecond(), T0.plusSeconds(10).getEpochSecond()), chart.t());
        assertEquals(List.of(10.0, 0.0), chart.accepted());
        assertEquals(List.of(8.0, 4.0), chart.forwarded());
        assertEquals(List.of(1.0, 0.0), chart.failed());
        assertEquals(List.of(7L, 0L), chart.queueDepth());
    }

    @Test
    void ratesSpanTheWindowAndAPerMmscSplit() {
        TrafficSeries series = new TrafficSeries(5, 100);
        for (int i = 0; i <= 20; i++) { // 100 s: 2 accepted, 1 forwarded by a per second
            series.add(at(i * 5, i * 10L, i * 5L, 0, 0));
        }
        TrafficSeries.Rates rates = series.rates(60);
        assertEquals(2.0, rates.accepted(), 1e-9);
        assertEquals(1.0, rates.forwardedByMmsc().get("a"), 1e-9);
        assertEquals(0.0, rates.failed(), 1e-9);
    }

    @Test
    void aCounterThatRestartsCountsFromZeroAndTheOldestSamplesLeave() {
        TrafficSeries series = new TrafficSeries(5, 3);
        series.add(at(0, 1_000, 0, 0, 0));
        series.add(at(5, 20, 0, 0, 0)); // the node restarted: 20 since then, not -980
        assertEquals(List.of(4.0), series.chart().accepted());
        series.add(at(10, 30, 0, 0, 0));
        series.add(at(15, 40, 0, 0, 0));
        assertEquals(2, series.chart().t().size(), "three samples kept: two steps");
        assertEquals(TrafficSeries.Rates.NONE, new TrafficSeries(5, 3).rates(60));
    }

    @Test
    void samplesMustMoveForward() {
        TrafficSeries series = new TrafficSeries(5, 3);
        series.add(at(5, 0, 0, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> series.add(at(5, 0, 0, 0, 0)));
    }
}
