package org.mmsrouter.systemtest.harness;

import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What the simulated MMSCs received, as Transaction-IDs (one entry per delivery), held against the
 * Transaction-IDs the router answered Ok: which are missing, which arrived more than once.
 */
public record Deliveries(List<String> received) {

    /** Everything the simulators hold now. */
    public static Deliveries of(Simulators simulators) {
        return new Deliveries(simulators.receivedTransactionIds());
    }

    /** The Transaction-IDs answered Ok in all of {@code results}. */
    public static Set<String> okIds(Collection<Load.Result> results) {
        Set<String> ids = new TreeSet<>();
        results.forEach(result -> ids.addAll(result.okIds()));
        return ids;
    }

    /** Of {@code ok}, those no MMSC received (yet). */
    public Set<String> missing(Set<String> ok) {
        Set<String> missing = new TreeSet<>(ok);
        missing.removeAll(new HashSet<>(received));
        return missing;
    }

    /** Of {@code ok}, how many were delivered more than once. */
    public long duplicates(Set<String> ok) {
        Map<String, Integer> times = new HashMap<>();
        received.forEach(id -> times.merge(id, 1, Integer::sum));
        return ok.stream().filter(id -> times.getOrDefault(id, 0) > 1).count();
    }

    /** How many distinct MMs were received. */
    public long distinct() {
        return new HashSet<>(received).size();
    }
}
