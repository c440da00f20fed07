package org.mmsrouter.forward;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.function.ToDoubleFunction;
import org.mmsrouter.config.MmscDefinition;
import org.mmsrouter.routing.RouteEntry;
import org.mmsrouter.routing.RoutingOptions;
import org.mmsrouter.routing.RoutingPolicy;
import org.mmsrouter.routing.RoutingRequest;

/**
 * The MMSCs in force with their routing policy and per-MMSC rate limits: one immutable table,
 * replaced whole when the registry changes.
 */
final class RoutingTable {

    private final Map<String, MmscDefinition> mmscs = new LinkedHashMap<>();
    private final Map<String, DrainLimiter> rateLimits = new LinkedHashMap<>();
    private final RoutingPolicy policy;

    RoutingTable(List<MmscDefinition> definitions, RoutingOptions options, Clock clock) {
        List<RouteEntry> entries = new ArrayList<>();
        for (MmscDefinition mmsc : definitions) {
            MmscDefinition.Routing routing = mmsc.routing();
            mmscs.put(mmsc.id(), mmsc);
            entries.add(new RouteEntry(
                    mmsc.id(),
                    routing.priority(),
                    routing.weight(),
                    routing.recipientPrefixes(),
                    routing.adminState()));
            if (routing.maxRate() > 0) {
                rateLimits.put(mmsc.id(), new DrainLimiter(routing.maxRate(), Duration.ZERO, clock));
            }
        }
        policy = new RoutingPolicy(entries, options);
    }

    /** The MMSCs to try for one MM, first choice first (see {@link RoutingPolicy#candidates}). */
    List<MmscDefinition> candidates(
            RoutingRequest request, Predicate<String> routable, ToDoubleFunction<String> weightFactor) {
        return policy.candidates(request, routable, weightFactor).stream()
                .map(mmscs::get)
                .toList();
    }

    /**
     * The candidates in order, skipping those at their own max rate; if every one is, the first
     * waits for its next slot: excess traffic waits here (its MM stays in the queue), it is not rejected.
     */
    List<MmscDefinition> withinRateLimits(List<MmscDefinition> candidates) throws InterruptedException {
        List<MmscDefinition> free = new ArrayList<>(candidates.size());
        for (MmscDefinition mmsc : candidates) {
            DrainLimiter limit = rateLimits.get(mmsc.id());
            if (limit == null || limit.tryAcquire()) {
                free.add(mmsc);
            }
        }
        if (free.isEmpty() && !candidates.isEmpty()) {
            MmscDefinition first = candidates.get(0);
            rateLimits.get(first.id()).acquire();
            free.add(first);
        }
        return free;
    }
}
