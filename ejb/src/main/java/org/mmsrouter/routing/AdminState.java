package org.mmsrouter.routing;

import java.util.Locale;

/**
 * What NOC staff decided about an MMSC, independently of its health: an operator takes an MMSC out
 * of rotation for maintenance without waiting for health detection to notice, and without losing
 * the MMs already handed to it.
 */
public enum AdminState {
    /** Takes new MMs (when healthy). */
    ENABLED,
    /** Takes no new MMs; those already sent to it finish. */
    DRAINING,
    /** Takes nothing. */
    DISABLED;

    /** Whether routing may choose this MMSC for an MM it has not routed yet: only when ENABLED. */
    public boolean takesNewMms() {
        return this == ENABLED;
    }

    /** Parses the names settings and the API use: enabled, draining, disabled (any case). */
    public static AdminState parse(String text) {
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IllegalArgumentException("'" + text + "' is not enabled, draining or disabled");
        }
    }
}
