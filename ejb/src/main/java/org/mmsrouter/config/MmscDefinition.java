package org.mmsrouter.config;

import java.net.URI;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import org.mmsrouter.routing.AdminState;

/**
 * One operator MMSC the router may forward to.
 *
 * @param id       short name used in settings keys, logs and the console
 * @param url      where MM1 submissions are POSTed
 * @param probeUrl what the health monitor GETs
 * @param routing  how the router shares traffic with it
 */
public record MmscDefinition(String id, URI url, URI probeUrl, Routing routing) {

    public MmscDefinition {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(probeUrl, "probeUrl");
        Objects.requireNonNull(routing, "routing");
    }

    /** An MMSC with the default routing attributes. */
    public MmscDefinition(String id, URI url, URI probeUrl) {
        this(id, url, probeUrl, Routing.DEFAULT);
    }

    public MmscDefinition withRouting(Routing newRouting) {
        return new MmscDefinition(id, url, probeUrl, newRouting);
    }

    /**
     * The MMSC's routing attributes, which NOC staff may change at run time.
     *
     * @param priority          lower is preferred: an MMSC gets traffic only while no MMSC of a lower
     *                          priority can take it (primary/standby)
     * @param weight            share of traffic among MMSCs of the same priority (1–1000)
     * @param recipientPrefixes recipient number prefixes this MMSC is preferred for (longest wins)
     * @param adminState        enabled, draining (no new MMs) or disabled
     * @param maxRate           MMs per second it may be sent (0: no limit)
     */
    public record Routing(int priority, int weight, List<String> recipientPrefixes, AdminState adminState, int maxRate) {

        public static final Routing DEFAULT = new Routing(0, 100, List.of(), AdminState.ENABLED, 0);
        private static final Pattern PREFIX = Pattern.compile("\\+?[0-9]{1,15}");

        public Routing {
            Objects.requireNonNull(adminState, "adminState");
            recipientPrefixes = List.copyOf(recipientPrefixes);
            if (priority < 0 || priority > 99) {
                throw new IllegalArgumentException("priority must be 0..99, got " + priority);
            }
            if (weight < 1 || weight > 1000) {
                throw new IllegalArgumentException("weight must be 1..1000, got " + weight);
            }
            recipientPrefixes.forEach(Routing::checkPrefix);
            if (maxRate < 0) {
                throw new IllegalArgumentException("max-rate must not be negative, got " + maxRate);
            }
        }

        /** Returns {@code prefix} if it is a recipient number prefix, else throws with the reason. */
        public static String checkPrefix(String prefix) {
            if (!PREFIX.matcher(prefix).matches()) {
                throw new IllegalArgumentException("'" + prefix + "' is not a number prefix (digits, optionally after '+')");
            }
            return prefix;
        }
    }
}
