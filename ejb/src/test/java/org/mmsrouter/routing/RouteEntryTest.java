package org.mmsrouter.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RouteEntryTest {

    private static String rejection(String id, int priority, int weight, List<String> prefixes) {
        return assertThrows(
                        IllegalArgumentException.class,
                        () -> new RouteEntry(id, priority, weight, prefixes, AdminState.ENABLED))
                .getMessage();
    }

    @Test
    void validationNamesTheRouteAndTheValue() {
        assertEquals("route id must not be blank", rejection(" ", 0, 1, List.of()));
        assertEquals("route id must not be blank", rejection(null, 0, 1, List.of()));
        assertEquals("priority of route 'a' must be 0 or more, got -1", rejection("a", -1, 1, List.of()));
        assertEquals("weight of route 'a' must be 1..1000, got 0", rejection("a", 0, 0, List.of()));
        assertEquals("weight of route 'a' must be 1..1000, got 1001", rejection("a", 0, 1001, List.of()));
        assertEquals(
                "recipient prefix '49 151' of route 'a' must be digits with an optional leading '+'",
                rejection("a", 0, 1, List.of("49 151")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "+", "++49", "49+1", "49a", "０１"})
    void aPrefixIsAnOptionalPlusThenDigits(String prefix) {
        rejection("a", 0, 1, List.of(prefix));
    }

    @Test
    void prefixesWithAndWithoutPlusAndNationalOnesAreAccepted() {
        RouteEntry entry = new RouteEntry("a", 0, 1000, List.of("+49151", "49152", "0151"), AdminState.DRAINING);
        assertEquals(List.of("+49151", "49152", "0151"), entry.recipientPrefixes());
        assertFalse(entry.isDefaultRoute());
    }

    @Test
    void thePrefixListIsCopiedAndAnEmptyOneMakesADefaultRoute() {
        List<String> prefixes = new ArrayList<>();
        RouteEntry entry = new RouteEntry("a", 0, 1, prefixes, AdminState.ENABLED);
        prefixes.add("+49");
        assertTrue(entry.isDefaultRoute());
        assertThrows(
                UnsupportedOperationException.class,
                () -> entry.recipientPrefixes().add("+33"));
    }
}
