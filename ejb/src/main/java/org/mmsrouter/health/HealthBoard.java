package org.mmsrouter.health;

import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Current health of every configured MMSC, one {@link HealthTracker} each, and the history of
 * their transitions. Thread-safe: probes and forwarders observe concurrently; each MMSC's
 * observations are applied one at a time, and reads see a published state without locking.
 */
public final class HealthBoard implements HealthView {

    /** Transitions kept for the console. */
    static final int HISTORY = 500;

    /** Copy-on-write: MMSCs come and go rarely, reads happen per MM. */
    private volatile Map<String, Entry> entries = Map.of();

    private volatile HealthThresholds thresholds;
    private final HealthEvents events = new HealthEvents(HISTORY);
    private final Clock clock;

    private static final class Entry {
        final HealthTracker tracker;
        volatile MmscHealth published;
        volatile Instant since;

        Entry(HealthTracker tracker) {
            this.tracker = tracker;
            this.published = tracker.state();
            this.since = tracker.since();
        }
    }

    public HealthBoard(Collection<String> mmscIds, HealthThresholds thresholds, Clock clock) {
        this.clock = clock;
        this.thresholds = thresholds;
        mmscIds.forEach(this::add);
    }

    /** Starts tracking an MMSC added at run time (UNKNOWN until observed); no-op if already tracked. */
    public synchronized void add(String mmscId) {
        if (!entries.containsKey(mmscId)) {
            Map<String, Entry> next = new LinkedHashMap<>(entries);
            next.put(mmscId, new Entry(new HealthTracker(mmscId, thresholds, clock.instant())));
            entries = next;
        }
    }

    /**
     * New rise, fall and flap limits (a settings reload): each MMSC keeps its state and counts, and
     * its next observation is judged by them.
     */
    public synchronized void changeThresholds(HealthThresholds next) {
        thresholds = next;
        for (Entry entry : entries.values()) {
            synchronized (entry) {
                entry.tracker.useThresholds(next);
            }
        }
    }

    /** Stops tracking an MMSC removed at run time. */
    public synchronized void remove(String mmscId) {
        Map<String, Entry> next = new LinkedHashMap<>(entries);
        next.remove(mmscId);
        entries = next;
    }

    /** Records one observation; returns the transition when the state changed (also kept in {@link #events()}). */
    public Optional<HealthTransition> observe(String mmscId, boolean alive, ObservationSource source, String detail) {
        Entry entry = entry(mmscId);
        Optional<HealthTransition> transition;
        synchronized (entry) {
            transition = entry.tracker.observe(alive, source, detail, clock.instant());
            entry.published = entry.tracker.state();
            entry.since = entry.tracker.since();
        }
        transition.ifPresent(events::record);
        return transition;
    }

    @Override
    public MmscHealth state(String mmscId) {
        return entry(mmscId).published;
    }

    /** When the MMSC entered its current state. */
    @Override
    public Instant since(String mmscId) {
        return entry(mmscId).since;
    }

    @Override
    public boolean isRoutable(String mmscId) {
        return state(mmscId).routable();
    }

    /** Whether any MMSC can take MMs now. */
    @Override
    public boolean anyRoutable() {
        for (Entry entry : entries.values()) {
            if (entry.published.routable()) {
                return true;
            }
        }
        return false;
    }

    /** A copy of all states, in configured order. */
    public Map<String, MmscHealth> snapshot() {
        Map<String, MmscHealth> copy = new LinkedHashMap<>();
        entries.forEach((id, entry) -> copy.put(id, entry.published));
        return copy;
    }

    public HealthEvents events() {
        return events;
    }

    private Entry entry(String mmscId) {
        Entry entry = entries.get(mmscId);
        if (entry == null) {
            throw new IllegalArgumentException("unknown MMSC " + mmscId);
        }
        return entry;
    }
}
