package org.mmsrouter.queue;

import java.util.Locale;

/** Where a queued MM stands on this node's broker. */
public enum QueueState {
    /** On the submissions queue, to be taken by the next free forwarding thread. */
    READY,
    /** On the submissions queue, invisible until its next attempt (a retry back-off, or waiting for a route). */
    WAITING,
    /** Taken by a forwarding thread right now: no action touches it. */
    IN_FLIGHT,
    /** On the held queue: kept, not forwarded, until released. */
    HELD,
    /** On the dead-letter queue (only in views of the dead letters). */
    DEAD_LETTER;

    /** The name the API uses: {@code ready}, {@code waiting}, {@code in-flight}, {@code held}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The state an API label names. */
    public static QueueState ofLabel(String label) {
        for (QueueState state : values()) {
            if (state.label().equals(label.trim().toLowerCase(Locale.ROOT))) {
                return state;
            }
        }
        throw new IllegalArgumentException("state must be one of ready, waiting, in-flight, held; not " + label);
    }
}
