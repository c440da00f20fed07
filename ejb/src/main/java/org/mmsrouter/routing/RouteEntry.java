package org.mmsrouter.routing;

import java.util.List;
import java.util.Objects;

/**
 * How one MMSC takes part in routing.
 *
 * @param id                the MMSC's id, as in the MMSC definitions and health board
 * @param priority          0 or more; lower is preferred: an MMSC gets traffic only when no MMSC of a
 *                          lower priority (in the same affinity tier) is available
 * @param weight            1..1000, its share of traffic among available MMSCs of the same priority
 * @param recipientPrefixes recipient number prefixes it is preferred for ("+49151", "49151", "0151":
 *                          an optional '+' then digits); empty means no affinity (a default route)
 * @param adminState        whether NOC staff let it take new MMs
 */
public record RouteEntry(String id, int priority, int weight, List<String> recipientPrefixes, AdminState adminState) {

    /** Largest configurable weight; keeps smooth weighted round-robin sums small and exact. */
    public static final int MAX_WEIGHT = 1000;

    public RouteEntry {
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("route id must not be blank");
        }
        if (priority < 0) {
            throw new IllegalArgumentException("priority of route '" + id + "' must be 0 or more, got " + priority);
        }
        if (weight < 1 || weight > MAX_WEIGHT) {
            throw new IllegalArgumentException(
                    "weight of route '" + id + "' must be 1.." + MAX_WEIGHT + ", got " + weight);
        }
        Objects.requireNonNull(recipientPrefixes, "recipientPrefixes");
        Objects.requireNonNull(adminState, "adminState");
        for (String prefix : recipientPrefixes) {
            if (!isPrefix(prefix)) {
                throw new IllegalArgumentException("recipient prefix '" + prefix + "' of route '" + id
                        + "' must be digits with an optional leading '+'");
            }
        }
        recipientPrefixes = List.copyOf(recipientPrefixes);
    }

    /** A default route: no recipient prefix, so it is preferred for nobody in particular. */
    public boolean isDefaultRoute() {
        return recipientPrefixes.isEmpty();
    }

    private static boolean isPrefix(String prefix) {
        if (prefix == null) {
            return false;
        }
        int start = prefix.startsWith("+") ? 1 : 0;
        if (prefix.length() == start) {
            return false;
        }
        for (int i = start; i < prefix.length(); i++) {
            char c = prefix.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }
}
