package org.mmsrouter.dns;

import java.net.InetAddress;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Counts what each client address holds (here: open DNS TCP connections) and refuses one more
 * beyond a cap, so a single host cannot take every connection the server has. Entries go when
 * their count drops to zero: the map holds only addresses with something open. Safe for
 * concurrent use.
 */
final class SourceQuota {

    private final int maxPerSource;
    private final ConcurrentMap<InetAddress, Integer> held = new ConcurrentHashMap<>();

    SourceQuota(int maxPerSource) {
        if (maxPerSource < 1) {
            throw new IllegalArgumentException("a source needs at least one slot, not " + maxPerSource);
        }
        this.maxPerSource = maxPerSource;
    }

    /** Takes a slot for {@code source}; false (and nothing taken) when it holds its maximum already. */
    boolean tryAcquire(InetAddress source) {
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
    void release(InetAddress source) {
        held.computeIfPresent(source, (address, count) -> count <= 1 ? null : count - 1);
    }

    /** Slots {@code source} holds now. */
    int held(InetAddress source) {
        return held.getOrDefault(source, 0);
    }

    /** Addresses holding at least one slot. */
    int sources() {
        return held.size();
    }
}
