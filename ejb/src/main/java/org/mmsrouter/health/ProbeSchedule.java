package org.mmsrouter.health;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * When each MMSC is probed next: {@code interval} after its last probe completed while it is UP or
 * UNKNOWN, {@code fastInterval} while SUSPECT or DOWN (a verdict, or a recovery, is pending). An
 * MMSC is never probed twice at once, so a hanging one costs one probe timeout and delays no other.
 */
public final class ProbeSchedule {

    private Duration interval;
    private Duration fastInterval;
    private final Map<String, Instant> lastCompleted = new HashMap<>();
    private final Set<String> inFlight = new HashSet<>();
    private final List<String> mmscIds;

    public ProbeSchedule(Collection<String> mmscIds, Duration interval, Duration fastInterval) {
        this.mmscIds = new ArrayList<>(mmscIds);
        this.interval = interval;
        this.fastInterval = fastInterval;
    }

    /** The MMSCs to probe now, in configured order; they count as in flight until {@link #completed}. */
    public synchronized List<String> due(Instant now, Function<String, MmscHealth> state) {
        List<String> due = new ArrayList<>();
        for (String id : mmscIds) {
            if (inFlight.contains(id)) {
                continue;
            }
            Instant last = lastCompleted.get(id);
            Duration wait = state.apply(id).probedFast() ? fastInterval : interval;
            if (last == null || !now.isBefore(last.plus(wait))) {
                inFlight.add(id);
                due.add(id);
            }
        }
        return due;
    }

    /** New probe intervals (a settings reload), from each MMSC's next probe on. */
    public synchronized void intervals(Duration nextInterval, Duration nextFastInterval) {
        interval = nextInterval;
        fastInterval = nextFastInterval;
    }

    /** Probes a newly added MMSC at the next tick. */
    public synchronized void add(String mmscId) {
        if (!mmscIds.contains(mmscId)) {
            mmscIds.add(mmscId);
        }
    }

    /** Stops probing a removed MMSC (a probe in flight just finishes unheard). */
    public synchronized void remove(String mmscId) {
        mmscIds.remove(mmscId);
        lastCompleted.remove(mmscId);
    }

    public synchronized void completed(String mmscId, Instant now) {
        inFlight.remove(mmscId);
        lastCompleted.put(mmscId, now);
    }
}
