package org.mmsrouter.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class HealthBoardTest {

    private final Clock clock = Clock.fixed(Instant.parse("2026-11-28T12:00:00Z"), ZoneOffset.UTC);
    private final HealthBoard board =
            new HealthBoard(List.of("a", "b"), new HealthThresholds(2, 1, Duration.ofMinutes(5), 3), clock);

    @Test
    void everyMmscStartsUnknownAndUnroutable() {
        assertEquals(MmscHealth.UNKNOWN, board.state("a"));
        assertFalse(board.isRoutable("a"));
    }

    @Test
    void aChangeOfStateIsReportedOnceWithItsCause() {
        Optional<HealthTransition> up = board.observe("a", true, ObservationSource.PROBE, "probe: HTTP 200");
        HealthTransition expected = new HealthTransition(
                "a", MmscHealth.UNKNOWN, MmscHealth.UP, ObservationSource.PROBE, "probe: HTTP 200", clock.instant());
        assertEquals(Optional.of(expected), up);
        assertTrue(board.isRoutable("a"));

        assertEquals(Optional.empty(), board.observe("a", true, ObservationSource.PROBE, "probe: HTTP 200"));

        Optional<HealthTransition> down = board.observe("a", false, ObservationSource.TRAFFIC, "forwarding: HTTP 500");
        assertEquals(MmscHealth.DOWN, down.orElseThrow().to(), "fall 1");
        assertFalse(board.isRoutable("a"));
        assertFalse(board.anyRoutable());
        assertEquals(MmscHealth.UNKNOWN, board.state("b"), "others untouched");
        assertEquals(List.of(down.orElseThrow(), expected), board.events().latest(10), "history, newest first");
    }

    @Test
    void unknownMmscsAreRejected() {
        assertThrows(
                IllegalArgumentException.class, () -> board.observe("zzz", true, ObservationSource.PROBE, "probe"));
        assertThrows(IllegalArgumentException.class, () -> board.state("zzz"));
    }
}
