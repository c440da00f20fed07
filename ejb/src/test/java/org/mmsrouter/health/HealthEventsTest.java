package org.mmsrouter.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class HealthEventsTest {

    private static HealthTransition transition(int n) {
        return new HealthTransition(
                "m" + n, MmscHealth.UP, MmscHealth.SUSPECT, ObservationSource.TRAFFIC, "x", Instant.ofEpochSecond(n));
    }

    @Test
    void keepsTheLatestNewestFirstAndCountsAll() {
        HealthEvents events = new HealthEvents(3);
        for (int n = 1; n <= 5; n++) {
            events.record(transition(n));
        }
        assertEquals(List.of(transition(5), transition(4), transition(3)), events.latest(10));
        assertEquals(List.of(transition(5)), events.latest(1));
        assertEquals(5, events.total());
    }

    @Test
    void capacityMustBePositive() {
        assertThrows(IllegalArgumentException.class, () -> new HealthEvents(0));
    }
}
