package org.mmsrouter.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SelectionTokensTest {

    private final Instant lookedAt = Instant.parse("2026-12-05T12:00:00Z");
    private final QueueSelection bySender = QueueSelection.parse(Map.of("sender", "+4479"));

    private SelectionTokens at(Instant now) {
        return new SelectionTokens(new byte[32], Clock.fixed(now, ZoneOffset.UTC));
    }

    @Test
    void aTokenConfirmsItsActionAndSelectionAndGivesTheCutoff() {
        String token = at(lookedAt).issue("purge", bySender);
        assertEquals(
                lookedAt,
                at(lookedAt.plusSeconds(30)).verify(token, "purge", bySender).orElseThrow());
    }

    @Test
    void itConfirmsNothingElse() {
        String token = at(lookedAt).issue("purge", bySender);
        SelectionTokens later = at(lookedAt.plusSeconds(30));
        assertTrue(later.verify(token, "hold", bySender).isEmpty());
        assertTrue(later.verify(token, "purge", QueueSelection.ALL).isEmpty());
        assertTrue(later.verify(token, "purge", QueueSelection.parse(Map.of("sender", "+447")))
                .isEmpty());
        assertTrue(later.verify(null, "purge", bySender).isEmpty());
        assertTrue(later.verify("garbage", "purge", bySender).isEmpty());
        assertTrue(later.verify("x.y", "purge", bySender).isEmpty());
    }

    @Test
    void aMovedCutoffOrAnotherKeyIsRefused() {
        String token = at(lookedAt).issue("purge", bySender);
        String moved = (lookedAt.toEpochMilli() + 60_000) + token.substring(token.indexOf('.'));
        assertTrue(
                at(lookedAt.plusSeconds(120)).verify(moved, "purge", bySender).isEmpty());
        byte[] otherKey = new byte[32];
        otherKey[0] = 1;
        SelectionTokens restarted = new SelectionTokens(otherKey, Clock.fixed(lookedAt, ZoneOffset.UTC));
        assertTrue(restarted.verify(token, "purge", bySender).isEmpty());
    }

    @Test
    void itLapses() {
        String token = at(lookedAt).issue("purge", bySender);
        assertTrue(at(lookedAt.plus(SelectionTokens.VALIDITY))
                .verify(token, "purge", bySender)
                .isPresent());
        assertTrue(at(lookedAt.plus(SelectionTokens.VALIDITY).plusMillis(1))
                .verify(token, "purge", bySender)
                .isEmpty());
        assertTrue(at(lookedAt.minusSeconds(1)).verify(token, "purge", bySender).isEmpty());
    }
}
