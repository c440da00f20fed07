package org.mmsrouter.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class HealthBoardTest {

    private final Clock clock = Clock.fixed(Instant.parse("2026-11-28T12:00:00Z"), ZoneOffset.UTC);
    private final HealthBoard board = new HealthBoard(List.of("a", "b"), clock);

    @Test
    void everyMmscStartsUnknownAndUnroutable() {
        assertEquals(MmscHealth.UNKNOWN, board.state("a"));
        assertFalse(board.isRoutable("a"));
    }

    @Test
    void aChangeOfStateIsReportedOnceWithItsCause() {
        Optional<HealthTransition> up = board.observe("a", true, "probe: HTTP 200");
        assertEquals(Optional.of(new HealthTransition("a", MmscHealth.UNKNOWN, MmscHealth.UP, "probe: HTTP 200",
                clock.instant())), up);
        assertTrue(board.isRoutable("a"));

        assertEquals(Optional.empty(), board.observe("a", true, "probe: HTTP 200"));

        Optional<HealthTransition> down = board.observe("a", false, "forwarding: HTTP 500");
        assertEquals(MmscHealth.DOWN, down.orElseThrow().to());
        assertFalse(board.isRoutable("a"));
        assertEquals(MmscHealth.UNKNOWN, board.state("b"), "others untouched");
    }

    @Test
    void unknownMmscsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> board.observe("zzz", true, "probe"));
        assertThrows(IllegalArgumentException.class, () -> board.state("zzz"));
    }
}
