package org.mmsrouter.registry;

import java.time.Instant;
import org.mmsrouter.config.MmscDefinition;

/**
 * An MMSC as the registry holds it now: its definition with the routing attributes in force, and
 * who set those last ("settings" when they come from the settings file).
 */
public record RegisteredMmsc(MmscDefinition definition, Instant updatedAt, String updatedBy) {

    /** The {@code updatedBy} of attributes taken from the settings file. */
    public static final String FROM_SETTINGS = "settings";

    public boolean editedAtRunTime() {
        return !FROM_SETTINGS.equals(updatedBy);
    }
}
