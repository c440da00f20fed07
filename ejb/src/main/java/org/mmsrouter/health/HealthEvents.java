package org.mmsrouter.health;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/** The most recent health transitions of every MMSC, oldest dropped first (for the console and metrics). */
public final class HealthEvents {

    private final int capacity;
    private final Deque<HealthTransition> events = new ArrayDeque<>();
    private long total;

    public HealthEvents(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be 1 or more, got " + capacity);
        }
        this.capacity = capacity;
    }

    public synchronized void record(HealthTransition transition) {
        if (events.size() == capacity) {
            events.removeFirst();
        }
        events.addLast(transition);
        total++;
    }

    /** Up to {@code limit} of the latest transitions, newest first. */
    public synchronized List<HealthTransition> latest(int limit) {
        List<HealthTransition> result = new ArrayList<>(Math.min(limit, events.size()));
        var newestFirst = events.descendingIterator();
        while (newestFirst.hasNext() && result.size() < limit) {
            result.add(newestFirst.next());
        }
        return result;
    }

    /** Transitions recorded since start, including those no longer kept. */
    public synchronized long total() {
        return total;
    }
}
