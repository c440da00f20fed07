package org.mmsrouter.health;

/**
 * What the router believes about one MMSC (the states of RFC 3539's watchdog, with HAProxy's
 * rise/fall thresholds): UNKNOWN until the first observation; UP takes traffic; SUSPECT (one
 * failure seen, probed faster) and DOWN (fall failures in a row, needs rise successes to come back)
 * take none. {@link HealthTracker} moves between them.
 */
public enum MmscHealth {
    UNKNOWN,
    UP,
    SUSPECT,
    DOWN;

    public boolean routable() {
        return this == UP;
    }

    /** Whether the probe runs at the fast interval: a verdict is pending or a recovery awaited. */
    public boolean probedFast() {
        return this == SUSPECT || this == DOWN;
    }
}
