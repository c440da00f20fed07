package org.mmsrouter.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.mmsrouter.config.MmscDefinition;

class RouterTest {

    private static MmscDefinition mmsc(String id) {
        URI url = URI.create("http://" + id + ".example/mms");
        return new MmscDefinition(id, url, url);
    }

    private final Router router = new Router(List.of(mmsc("first"), mmsc("second"), mmsc("third")));

    @Test
    void routableMmscsComeInConfiguredOrder() {
        assertEquals(List.of("first", "third"),
                router.candidates(Set.of("third", "first")::contains).stream().map(MmscDefinition::id).toList());
    }

    @Test
    void lowerPriorityComesFirstAndDrainingOrDisabledMmscsGetNothingNew() {
        MmscDefinition standby = mmsc("standby").withRouting(new MmscDefinition.Routing(1, 100, List.of(), AdminState.ENABLED, 0));
        MmscDefinition draining = mmsc("draining").withRouting(new MmscDefinition.Routing(0, 100, List.of(), AdminState.DRAINING, 0));
        MmscDefinition disabled = mmsc("disabled").withRouting(new MmscDefinition.Routing(0, 100, List.of(), AdminState.DISABLED, 0));
        Router withPolicies = new Router(List.of(standby, draining, mmsc("primary"), disabled));

        assertEquals(List.of("primary", "standby"),
                withPolicies.candidates(id -> true).stream().map(MmscDefinition::id).toList());
    }

    @Test
    void noRoutableMmscMeansNoCandidate() {
        assertTrue(router.candidates(id -> false).isEmpty());
    }
}
