package org.mmsrouter.routing;

import java.util.Comparator;
import java.util.List;
import java.util.function.Predicate;
import org.mmsrouter.config.MmscDefinition;

/**
 * Chooses where one MM goes: the routable MMSCs whose admin state takes new MMs, by priority
 * (lower first; configured order within a priority), so a forwarder can fail over down the list.
 */
public final class Router {

    private final List<MmscDefinition> mmscs;

    public Router(List<MmscDefinition> mmscs) {
        this.mmscs = mmscs.stream().sorted(Comparator.comparingInt(m -> m.routing().priority())).toList();
    }

    /** Routable MMSCs that take new MMs, most preferred first; empty when there is none. */
    public List<MmscDefinition> candidates(Predicate<String> routable) {
        return mmscs.stream().filter(m -> m.routing().adminState().takesNewMms() && routable.test(m.id())).toList();
    }
}
