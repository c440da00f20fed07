package org.mmsrouter.limits;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.LongSupplier;

/**
 * A rate per source: at most {@code perSecond} events per second from each source, with a burst of
 * one second's worth. Generic cell rate algorithm: each source keeps one number, the time its next
 * event is due ("theoretical arrival time"); an event more than a burst ahead of it is refused and
 * changes nothing. Sources quiet for longer than the burst are dropped by {@link #forgetIdle}, so the
 * map holds only active senders. Thread-safe; the clock (nanoseconds) is injected for tests.
 * Written here rather than taken from a library because the well-kept limiters (Resilience4j,
 * Guava) are one limiter per object, not one per key.
 *
 * @param <S> how a source is named
 */
public final class SourceRate<S> {

    private final long intervalNanos;
    private final long burstNanos;
    private final LongSupplier nanoClock;
    private final ConcurrentMap<S, Long> due = new ConcurrentHashMap<>();

    /** @param perSecond events per second per source, at least 1 */
    public SourceRate(int perSecond, LongSupplier nanoClock) {
        if (perSecond < 1) {
            throw new IllegalArgumentException("a rate must be at least 1 per second, not " + perSecond);
        }
        this.intervalNanos = 1_000_000_000L / perSecond;
        this.burstNanos = 1_000_000_000L;
        this.nanoClock = nanoClock;
    }

    /** Counts one event from {@code source}; false (nothing counted) when it is over its rate. */
    public boolean tryAcquire(S source) {
        long now = nanoClock.getAsLong();
        boolean[] allowed = {false};
        due.compute(source, (key, next) -> {
            long start = next == null || next - now < 0 ? now : next;
            if (start - now > burstNanos - intervalNanos) {
                return next;
            }
            allowed[0] = true;
            return start + intervalNanos;
        });
        return allowed[0];
    }

    /** Drops sources whose due time has passed: they are back to a full burst anyway. */
    public void forgetIdle() {
        long now = nanoClock.getAsLong();
        due.values().removeIf(next -> next - now < 0);
    }

    /** Sources tracked now. */
    public int sources() {
        return due.size();
    }
}
