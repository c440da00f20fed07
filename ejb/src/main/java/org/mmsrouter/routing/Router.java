package org.mmsrouter.routing;

import java.util.List;
import java.util.function.Predicate;
import org.mmsrouter.config.MmscDefinition;

/**
 * Chooses where one MM goes. Walking-skeleton policy: routable MMSCs in configured order
 * (priority by position), so a forwarder can fail over down the list. Weights and subscriber
 * prefixes come with the routing issue.
 */
public final class Router {

    private final List<MmscDefinition> mmscs;

    public Router(List<MmscDefinition> mmscs) {
        this.mmscs = List.copyOf(mmscs);
    }

    /** Routable MMSCs, most preferred first; empty when none is routable. */
    public List<MmscDefinition> candidates(Predicate<String> routable) {
        return mmscs.stream().filter(m -> routable.test(m.id())).toList();
    }
}
