package org.mmsrouter.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class AdminStateTest {

    @Test
    void onlyAnEnabledMmscTakesNewMms() {
        assertTrue(AdminState.ENABLED.takesNewMms());
        assertFalse(AdminState.DRAINING.takesNewMms());
        assertFalse(AdminState.DISABLED.takesNewMms());
    }

    @Test
    void parsingIgnoresCaseAndSurroundingBlanks() {
        assertEquals(AdminState.DRAINING, AdminState.parse(" Draining "));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> AdminState.parse("paused"));
        assertEquals("'paused' is not enabled, draining or disabled", e.getMessage());
    }
}
