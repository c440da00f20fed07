package org.mmsrouter.limits;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Counts what each client address holds (open DNS TCP connections, MM1 requests in progress) and
 * refuses one more beyond a cap, so a single host cannot take everything the server has. Entries go when
 * their count drops to zero: the map holds only addresses with something open. Safe for
 * concurrent use.
 *
 * @param <S> how a source is named (an address, or its text)
 */
public final class SourceQuota<S> {

    private final int maxPerSource;
    private final ConcurrentMap<S, Integer> held = new ConcurrentHashMap<>();

    public SourceQuota(int maxPerSource) {
        if (maxPerSource < 1) {
            throw new IllegalArgumentException("a source needs at least one slot, not " + maxPerSource);
        }
        this.maxPerSource = maxPerSource;
    }

    /** Takes a slot for {@code source}; false (and nothing taken) when it holds its maximum already. */
    public boolean tryAcquire(S source) {
        boolean[] taken = {false};
        held.compute(source, (address, count) -> {
            int now = count == null ? 0 : count;
            if (now >= maxPerSource) {
                return count;
            }
            taken[0] = true;
            return now + 1;
        });
        return taken[0];
    }

    /** Gives back a slot {@link #tryAcquire} took. */
    public void release(S source) {
        held.computeIfPresent(source, (address, count) -> count <= 1 ? null : count - 1);
    }

    /** Slots {@code source} holds now. */
    public int held(S source) {
        return held.getOrDefault(source, 0);
    }

    /** Addresses holding at least one slot. */
    public int sources() {
        return held.size();
    }
}
