package org.mmsrouter.retrieval;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.mmsrouter.mm.LearnedOwner;
import org.mmsrouter.mm.LearnedOwners;
import org.mmsrouter.testing.ManualClock;

class OwnerSharingTest {

    private static final Duration LIFETIME = Duration.ofHours(72);
    private final ManualClock clock = new ManualClock();
    private final LearnedOwners learned = new LearnedOwners(100, clock);
    private final List<List<LearnedOwner>> told = new ArrayList<>();
    private boolean othersLive;
    private final OwnerSharing sharing = new OwnerSharing(learned, () -> othersLive, told::add, LIFETIME, clock);

    private Instant until() {
        return clock.instant().plus(LIFETIME);
    }

    @Test
    void whatIsTaughtIsLearnedHereAndToldToOtherNodesOnlyWhileTheyAreLive() {
        sharing.url("/m/1", "a");
        assertEquals(Optional.of("a"), learned.owner(LearnedOwners.Kind.URL, "/m/1"));
        assertEquals(List.of(), told, "alone: nobody to tell");
        othersLive = true;
        sharing.url("/m/2", "b");
        assertEquals(List.of(List.of(new LearnedOwner(LearnedOwners.Kind.URL, "/m/2", "b", until()))), told);
        assertEquals(learned, sharing.learned());
    }

    @Test
    void aRetrievalOrFollowUpTeachesItsTransactionIdAndMessageIdWhenPresent() {
        othersLive = true;
        sharing.ids("a", "t1", "m1");
        assertEquals(
                List.of(List.of(
                        new LearnedOwner(LearnedOwners.Kind.TRANSACTION_ID, "t1", "a", until()),
                        new LearnedOwner(LearnedOwners.Kind.MESSAGE_ID, "m1", "a", until()))),
                told);
        assertEquals(Optional.of("a"), learned.owner(LearnedOwners.Kind.TRANSACTION_ID, "t1"));
        assertEquals(Optional.of("a"), learned.owner(LearnedOwners.Kind.MESSAGE_ID, "m1"));
        assertEquals(
                List.of(new LearnedOwner(LearnedOwners.Kind.MESSAGE_ID, "m2", "b", until())),
                sharing.byIds("b", "", "m2"));
        assertEquals(
                List.of(new LearnedOwner(LearnedOwners.Kind.TRANSACTION_ID, "t3", "b", until())),
                sharing.byIds("b", "t3", null));
    }

    @Test
    void nothingToTeachTellsNobody() {
        othersLive = true;
        sharing.ids("a", null, "");
        sharing.teach(List.of());
        assertEquals(List.of(), told);
        assertEquals(0, learned.size());
    }

    @Test
    void whatIsLearnedLastsTheLifetime() {
        sharing.url("/m/1", "a");
        clock.advance(LIFETIME.minusSeconds(1));
        assertEquals(Optional.of("a"), learned.owner(LearnedOwners.Kind.URL, "/m/1"));
        clock.advance(Duration.ofSeconds(1));
        assertEquals(Optional.empty(), learned.owner(LearnedOwners.Kind.URL, "/m/1"));
    }
}
