package org.mmsrouter.mm;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.mmsrouter.testing.ManualClock;

class LearnedOwnersTest {

    private final ManualClock clock = new ManualClock();

    @Test
    void beyondItsCapacityTheLeastRecentlyUsedEntryGoes() {
        LearnedOwners learned = new LearnedOwners(2, clock);
        learned.learn(LearnedOwners.Kind.MESSAGE_ID, "m1", "a", clock.instant().plusSeconds(60));
        learned.learn(LearnedOwners.Kind.MESSAGE_ID, "m2", "b", clock.instant().plusSeconds(60));
        learned.owner(LearnedOwners.Kind.MESSAGE_ID, "m1"); // m1 used: m2 is now the eldest
        learned.learn(LearnedOwners.Kind.MESSAGE_ID, "m3", "c", clock.instant().plusSeconds(60));

        assertEquals(Optional.of("a"), learned.owner(LearnedOwners.Kind.MESSAGE_ID, "m1"));
        assertEquals(Optional.empty(), learned.owner(LearnedOwners.Kind.MESSAGE_ID, "m2"));
        assertEquals(Optional.of("c"), learned.owner(LearnedOwners.Kind.MESSAGE_ID, "m3"));
        assertEquals(2, learned.size());
    }

    @Test
    void entriesGoWhenTheirMessageExpiresAndKindsAreKeptApart() {
        LearnedOwners learned = new LearnedOwners(10, clock);
        learned.learn(LearnedOwners.Kind.MESSAGE_ID, "x", "a", clock.instant().plusSeconds(10));
        learned.learn(
                LearnedOwners.Kind.TRANSACTION_ID, "x", "b", clock.instant().plusSeconds(30));
        learned.learn(LearnedOwners.Kind.URL, "/gone", "c", clock.instant().minusSeconds(1));

        assertEquals(Optional.of("a"), learned.owner(LearnedOwners.Kind.MESSAGE_ID, "x"));
        assertEquals(Optional.of("b"), learned.owner(LearnedOwners.Kind.TRANSACTION_ID, "x"));
        assertEquals(Optional.empty(), learned.owner(LearnedOwners.Kind.URL, "/gone"), "already expired: not kept");
        clock.advance(Duration.ofSeconds(11));
        assertEquals(Optional.empty(), learned.owner(LearnedOwners.Kind.MESSAGE_ID, "x"));
        assertEquals(1, learned.size());
        learned.forgetMmsc("b");
        assertEquals(0, learned.size());
    }
}
