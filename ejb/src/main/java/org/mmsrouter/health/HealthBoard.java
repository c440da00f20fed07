package org.mmsrouter.health;

import java.time.Clock;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Current health of every configured MMSC. Thread-safe: probes write while forwarders read. */
public final class HealthBoard {

    private final Map<String, MmscHealth> states = new ConcurrentHashMap<>();
    private final Clock clock;

    public HealthBoard(Collection<String> mmscIds, Clock clock) {
        this.clock = clock;
        mmscIds.forEach(id -> states.put(id, MmscHealth.UNKNOWN));
    }

    /** Records one observation; returns the transition when the state changed. */
    public Optional<HealthTransition> observe(String mmscId, boolean alive, String cause) {
        MmscHealth[] before = new MmscHealth[1];
        MmscHealth after = states.computeIfPresent(mmscId, (id, current) -> {
            before[0] = current;
            return current.after(alive);
        });
        if (after == null) {
            throw new IllegalArgumentException("unknown MMSC " + mmscId);
        }
        return before[0] == after ? Optional.empty()
                : Optional.of(new HealthTransition(mmscId, before[0], after, cause, clock.instant()));
    }

    public MmscHealth state(String mmscId) {
        MmscHealth state = states.get(mmscId);
        if (state == null) {
            throw new IllegalArgumentException("unknown MMSC " + mmscId);
        }
        return state;
    }

    public boolean isRoutable(String mmscId) {
        return state(mmscId).routable();
    }

    /** Whether any MMSC can take MMs now. */
    public boolean anyRoutable() {
        return states.values().stream().anyMatch(MmscHealth::routable);
    }

    /** A copy of all states, in no particular order. */
    public Map<String, MmscHealth> snapshot() {
        return new LinkedHashMap<>(states);
    }
}
