package org.mmsrouter.health;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProbeScheduleTest {

    private final ProbeSchedule schedule =
            new ProbeSchedule(List.of("a", "b"), Duration.ofSeconds(1), Duration.ofMillis(250));
    private final Map<String, MmscHealth> states = new HashMap<>(Map.of("a", MmscHealth.UP, "b", MmscHealth.UP));
    private final Instant t0 = Instant.parse("2026-11-28T12:00:00Z");

    @Test
    void everyMmscIsDueAtOnceThenAfterItsInterval() {
        assertEquals(List.of("a", "b"), schedule.due(t0, states::get));
        schedule.completed("a", t0.plusMillis(10));
        schedule.completed("b", t0.plusMillis(10));
        assertEquals(List.of(), schedule.due(t0.plusMillis(900), states::get));
        assertEquals(List.of("a", "b"), schedule.due(t0.plusMillis(1010), states::get));
    }

    @Test
    void suspectAndDownMmscsAreProbedFaster() {
        schedule.due(t0, states::get);
        schedule.completed("a", t0);
        schedule.completed("b", t0);
        states.put("b", MmscHealth.SUSPECT);
        assertEquals(List.of("b"), schedule.due(t0.plusMillis(250), states::get));
    }

    @Test
    void aHangingProbeIsNotStartedTwiceAndDelaysNoOther() {
        schedule.due(t0, states::get);
        schedule.completed("b", t0.plusMillis(5));
        // "a" hangs: still in flight two intervals later, while "b" goes on being probed.
        assertEquals(List.of("b"), schedule.due(t0.plusMillis(1005), states::get));
        assertEquals(List.of(), schedule.due(t0.plusMillis(2005), states::get));
        schedule.completed("a", t0.plusMillis(2100));
        assertEquals(List.of("a"), schedule.due(t0.plusMillis(3100), states::get));
    }
}
