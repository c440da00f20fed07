package org.mmsrouter.forward;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.mmsrouter.config.MmscDefinition;
import org.mmsrouter.routing.AdminState;
import org.mmsrouter.routing.RoutingOptions;
import org.mmsrouter.routing.RoutingRequest;

class RoutingTableTest {

    private static MmscDefinition mmsc(String id, int priority, int maxRate, String... prefixes) {
        URI url = URI.create("http://" + id + ".example/mms");
        return new MmscDefinition(id, url, url)
                .withRouting(new MmscDefinition.Routing(priority, 100, List.of(prefixes), AdminState.ENABLED, maxRate));
    }

    private static List<String> ids(List<MmscDefinition> mmscs) {
        return mmscs.stream().map(MmscDefinition::id).toList();
    }

    @Test
    void candidatesFollowThePolicyAndComeBackAsDefinitions() {
        RoutingTable table = new RoutingTable(
                List.of(mmsc("primary", 0, 0), mmsc("standby", 1, 0), mmsc("o2", 1, 0, "+49176")),
                RoutingOptions.defaults(),
                Clock.systemUTC());

        assertEquals(
                List.of("primary", "standby", "o2"),
                ids(table.candidates(new RoutingRequest("+4915112345678/TYPE=PLMN", null), id -> true, id -> 1.0)));
        assertEquals(
                "o2",
                ids(table.candidates(new RoutingRequest("+4917612345678/TYPE=PLMN", null), id -> true, id -> 1.0))
                        .get(0),
                "the prefix wins over priority");
        assertEquals(
                Set.of("standby", "o2"),
                Set.copyOf(
                        ids(table.candidates(new RoutingRequest(null, null), id -> !id.equals("primary"), id -> 1.0))),
                "primary down: the equal-weight priority-1 pair shares the traffic");
    }

    @Test
    void anMmscAtItsMaxRateIsSkippedAndWhenAllAreTheFirstWaits() throws InterruptedException {
        RoutingTable table = new RoutingTable(
                List.of(mmsc("a", 0, 1), mmsc("b", 0, 1)), RoutingOptions.defaults(), Clock.systemUTC());
        List<MmscDefinition> both = List.of(mmsc("a", 0, 1), mmsc("b", 0, 1));

        assertEquals(List.of("a", "b"), ids(table.withinRateLimits(both)));
        long start = System.nanoTime();
        assertEquals(
                List.of("a"), ids(table.withinRateLimits(both)), "both used their slot: the first waits for its next");
        long waitedMillis = (System.nanoTime() - start) / 1_000_000;
        assertEquals(true, waitedMillis >= 900, "waited " + waitedMillis + " ms for a 1 MM/s slot");
    }
}
