package org.mmsrouter.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class AuditEntryTest {

    @Test
    void theLogLineQuotesWhatCouldHoldSpacesAndEscapesWhatCouldForgeALine() {
        AuditEntry entry = new AuditEntry(
                Instant.parse("2026-11-29T05:00:00Z"),
                "alice",
                "10.1.2.3",
                "node-1",
                "mmsc.admin-state",
                "sim-a",
                "draining\nat=2020 user=\"mallory\"",
                "ok");
        assertEquals(
                "at=2026-11-29T05:00:00Z user=\"alice\" from=10.1.2.3 node=node-1 action=mmsc.admin-state"
                        + " target=\"sim-a\" detail=\"draining\\nat=2020 user=\\\"mallory\\\"\" outcome=\"ok\"",
                entry.toLogLine());
    }

    @Test
    void absentValuesShowAsADash() {
        AuditEntry entry = new AuditEntry(
                Instant.parse("2026-11-29T05:00:00Z"),
                "bob",
                "::1",
                "node-2",
                "dead-letter.replay-all",
                null,
                null,
                "ok");
        assertEquals(
                "at=2026-11-29T05:00:00Z user=\"bob\" from=::1 node=node-2 action=dead-letter.replay-all"
                        + " target=- detail=- outcome=\"ok\"",
                entry.toLogLine());
    }
}
