package org.mmsrouter.health;

/**
 * What the router believes about one MMSC. Starts UNKNOWN (not routable) until the first probe.
 * The walking skeleton moves on a single observation; thresholds (rise/fall) come with the
 * health-detection issue.
 */
public enum MmscHealth {
    UNKNOWN, UP, DOWN;

    /** The state after one observation. */
    public MmscHealth after(boolean alive) {
        return alive ? UP : DOWN;
    }

    public boolean routable() {
        return this == UP;
    }
}
