package org.mmsrouter.health;

/** Where an observation of an MMSC came from. */
public enum ObservationSource {
    /** An active probe of the health monitor. */
    PROBE,
    /** Passive detection: the outcome of forwarding an MM. */
    TRAFFIC
}
