package org.mmsrouter.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * Smooth weighted round-robin is exact: over every full cycle (as many picks as the weights add up
 * to) each MMSC is chosen exactly its weight times. And whatever the configuration, the candidates
 * are exactly the available MMSCs, each once, in priority order.
 */
class RoutingPolicyPropertyTest {

    @Property(tries = 300)
    void overFullCyclesEachMmscGetsExactlyItsWeight(
            @ForAll @Size(min = 2, max = 5) List<@IntRange(min = 1, max = 100) Integer> weights,
            @ForAll @IntRange(min = 1, max = 4) int cycles) {
        List<RouteEntry> entries = new ArrayList<>();
        for (int i = 0; i < weights.size(); i++) {
            entries.add(new RouteEntry("mmsc-" + i, 0, weights.get(i), List.of(), AdminState.ENABLED));
        }
        RoutingPolicy policy = new RoutingPolicy(entries);
        int total = weights.stream().mapToInt(Integer::intValue).sum();
        int[] chosen = new int[weights.size()];
        RoutingRequest request = new RoutingRequest(null, null);
        for (int pick = 0; pick < cycles * total; pick++) {
            String id = policy.candidates(request, id2 -> true, id2 -> 1.0).get(0);
            chosen[Integer.parseInt(id.substring("mmsc-".length()))]++;
        }
        for (int i = 0; i < weights.size(); i++) {
            assertEquals(cycles * weights.get(i), chosen[i], "mmsc-" + i + " of weights " + weights);
        }
    }

    @Property(tries = 300)
    void candidatesAreTheAvailableMmscsOnceEachInPriorityOrder(
            @ForAll @Size(min = 1, max = 8) List<@IntRange(min = 0, max = 2) Integer> priorities,
            @ForAll @Size(min = 8, max = 8) List<@IntRange(min = 0, max = 3) Integer> states,
            @ForAll @IntRange(min = 0, max = 5) int picks) {
        List<RouteEntry> entries = new ArrayList<>();
        Set<String> available = new HashSet<>();
        for (int i = 0; i < priorities.size(); i++) {
            // States 0 and 1: enabled (0 routable, 1 not); 2: draining; 3: disabled.
            AdminState state = states.get(i) < 2
                    ? AdminState.ENABLED
                    : states.get(i) == 2 ? AdminState.DRAINING : AdminState.DISABLED;
            entries.add(new RouteEntry("m" + i, priorities.get(i), 1 + i, List.of(), state));
            if (states.get(i) == 0) {
                available.add("m" + i);
            }
        }
        RoutingPolicy policy = new RoutingPolicy(entries);
        for (int pick = 0; pick <= picks; pick++) {
            List<String> candidates = policy.candidates(
                    new RoutingRequest(null, null),
                    id -> states.get(Integer.parseInt(id.substring(1))) != 1,
                    id -> 1.0);
            assertEquals(available, Set.copyOf(candidates));
            assertEquals(available.size(), candidates.size());
            for (int i = 1; i < candidates.size(); i++) {
                assertTrue(priorityOf(candidates.get(i - 1), priorities) <= priorityOf(candidates.get(i), priorities));
            }
        }
    }

    private static int priorityOf(String id, List<Integer> priorities) {
        return priorities.get(Integer.parseInt(id.substring(1)));
    }
}
