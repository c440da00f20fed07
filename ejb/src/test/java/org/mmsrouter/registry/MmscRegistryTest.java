package org.mmsrouter.registry;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mmsrouter.config.MmscDefinition;
import org.mmsrouter.routing.AdminState;

class MmscRegistryTest {

    private static final URI URL = URI.create("http://127.0.0.1:18081/mms");
    private static final Instant AT = Instant.parse("2026-11-29T06:00:00.123456789Z");

    private static RegisteredMmsc mmsc(AdminState state, Instant at, String by) {
        MmscDefinition base = new MmscDefinition("sim-a", URL, URL);
        MmscDefinition.Routing r = base.routing();
        return new RegisteredMmsc(
                base.withRouting(new MmscDefinition.Routing(
                        r.priority(), r.weight(), r.recipientPrefixes(), state, r.maxRate())),
                at,
                by);
    }

    @Test
    void anEditReadBackFromTheDatabaseWithFewerDigitsIsNoChange() {
        List<RegisteredMmsc> inMemory = List.of(mmsc(AdminState.DRAINING, AT, "alice (api from 10.0.0.1)"));
        List<RegisteredMmsc> fromDatabase = List.of(
                mmsc(AdminState.DRAINING, Instant.parse("2026-11-29T06:00:00.123456Z"), "alice (api from 10.0.0.1)"));
        assertTrue(MmscRegistry.sameRegistry(fromDatabase, inMemory));
    }

    @Test
    void anotherNodesEditIsAChange() {
        List<RegisteredMmsc> here = List.of(mmsc(AdminState.ENABLED, AT, "settings"));
        assertFalse(MmscRegistry.sameRegistry(List.of(mmsc(AdminState.DISABLED, AT.plusSeconds(5), "bob")), here));
        assertFalse(MmscRegistry.sameRegistry(List.of(), here), "an MMSC removed elsewhere");
        assertFalse(
                MmscRegistry.sameRegistry(
                        List.of(mmsc(AdminState.ENABLED, AT, "settings"), mmsc(AdminState.ENABLED, AT, "settings")),
                        here),
                "an MMSC added elsewhere");
    }
}
