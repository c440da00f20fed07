package org.mmsrouter.forward;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.UUID;
import org.junit.jupiter.api.Test;

class DeadLettersTest {

    @Test
    void routerMessageIdsAreAccepted() {
        assertTrue(DeadLetters.isSafeId(UUID.randomUUID().toString().replace("-", "")));
        assertTrue(DeadLetters.isSafeId(UUID.randomUUID().toString()));
    }

    @Test
    void anythingThatCouldBreakOutOfTheSelectorIsRefused() {
        assertFalse(DeadLetters.isSafeId("x' OR '1'='1"));
        assertFalse(DeadLetters.isSafeId(""));
        assertFalse(DeadLetters.isSafeId(null));
        assertFalse(DeadLetters.isSafeId("a".repeat(65)));
    }
}
