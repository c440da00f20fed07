package org.mmsrouter.forward;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.mmsrouter.mm.LearnedOwner;
import org.mmsrouter.mm.LearnedOwners;

class OutcomeHandlerTest {

    private final OutcomeWaiters waiters = new OutcomeWaiters();
    private final LearnedOwners owners = new LearnedOwners(100, Clock.systemUTC());
    private final OutcomeHandler handler = new OutcomeHandler(waiters, owners);

    @Test
    void anOutcomeCompletesTheRequestWaitingForIt() {
        CompletableFuture<OutcomeBoard.Outcome> waiting = waiters.expect("mm-1");

        handler.handle(
                FakeJms.bytesMessage(null, "mm-1", Map.of("mmsAccepted", false, "mmsMmsc", "mmsc-a"), new byte[0]));

        assertTrue(waiting.isDone());
        OutcomeBoard.Outcome outcome = waiting.join();
        assertFalse(outcome.accepted());
        assertEquals("mmsc-a", outcome.mmscId());
    }

    @Test
    void learnedOwnersFromAnotherNodeAreLearnedHere() {
        Instant expiry = Instant.now().plusSeconds(3600);
        byte[] body = LearnedOwner.encode(
                List.of(new LearnedOwner(LearnedOwners.Kind.MESSAGE_ID, "msg-9", "mmsc-b", expiry)));

        handler.handle(FakeJms.bytesMessage(OutcomeMessages.OWNERS_TYPE, null, Map.of(), body));

        assertEquals(Optional.of("mmsc-b"), owners.owner(LearnedOwners.Kind.MESSAGE_ID, "msg-9"));
    }

    @Test
    void anUnreadableMessageIsSkippedWithoutFailing() {
        CompletableFuture<OutcomeBoard.Outcome> waiting = waiters.expect("mm-2");

        handler.handle(FakeJms.textLikeMessage());
        handler.handle(FakeJms.bytesMessage(OutcomeMessages.OWNERS_TYPE, null, Map.of(), new byte[] {9, 9, 9}));

        assertFalse(waiting.isDone());
    }
}
