package org.mmsrouter.forward;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
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

    @Test
    void thePurgeTokenNamesTheSetOfIdsInAnyOrder() {
        String token = DeadLetters.token(List.of("a1", "b2", "c3"));
        org.junit.jupiter.api.Assertions.assertEquals(token, DeadLetters.token(List.of("c3", "a1", "b2")));
        org.junit.jupiter.api.Assertions.assertNotEquals(token, DeadLetters.token(List.of("a1", "b2")));
        org.junit.jupiter.api.Assertions.assertNotEquals(token, DeadLetters.token(List.of("a1", "b2", "c3", "d4")));
        org.junit.jupiter.api.Assertions.assertNotEquals(
                DeadLetters.token(List.of("ab", "c")),
                DeadLetters.token(List.of("a", "bc")),
                "ids are separated, not concatenated");
        org.junit.jupiter.api.Assertions.assertEquals(24, token.length());
    }
}
