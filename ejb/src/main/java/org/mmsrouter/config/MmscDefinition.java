package org.mmsrouter.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;
import org.mmsrouter.routing.AdminState;

/**
 * One operator MMSC the router may forward to.
 *
 * @param id       short name used in settings keys, logs and the console
 * @param url      where MM1 submissions are POSTed
 * @param probeUrl what the health monitor probes (its host and port for a TCP probe)
 * @param probe    how it is probed
 * @param routing  how the router shares traffic with it
 * @param owns     how to tell, without asking it, that a message is this MMSC's
 */
public record MmscDefinition(String id, URI url, URI probeUrl, Probe probe, Routing routing, Ownership owns) {

    public MmscDefinition {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(probeUrl, "probeUrl");
        Objects.requireNonNull(probe, "probe");
        Objects.requireNonNull(routing, "routing");
        Objects.requireNonNull(owns, "owns");
    }

    /** An MMSC without ownership rules. */
    public MmscDefinition(String id, URI url, URI probeUrl, Probe probe, Routing routing) {
        this(id, url, probeUrl, probe, routing, Ownership.NONE);
    }

    /** An MMSC with the default probe and routing attributes. */
    public MmscDefinition(String id, URI url, URI probeUrl) {
        this(id, url, probeUrl, Probe.DEFAULT, Routing.DEFAULT);
    }

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{1,32}");

    /** Returns {@code id} if it can name an MMSC (in settings keys, URLs and logs), else throws with the reason. */
    public static String checkId(String id) {
        if (id == null || !ID.matcher(id).matches()) {
            throw new IllegalArgumentException(
                    "'" + id + "' is not an MMSC id (letters, digits, '-', '_', at most 32)");
        }
        return id;
    }

    /** Parses an MMSC's http(s) URL, which must name a host; throws with the reason otherwise. */
    public static URI httpUrl(String value) {
        if (value == null) {
            throw new IllegalArgumentException("the URL is missing");
        }
        try {
            URI uri = new URI(value);
            if (!"http".equalsIgnoreCase(uri.getScheme()) && !"https".equalsIgnoreCase(uri.getScheme())
                    || uri.getHost() == null) {
                throw new IllegalArgumentException("'" + value + "' is not an http(s) URL with a host");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("'" + value + "' is not a URL: " + e.getReason());
        }
    }

    public MmscDefinition withRouting(Routing newRouting) {
        return new MmscDefinition(id, url, probeUrl, probe, newRouting, owns);
    }

    /**
     * Ownership rules: real MMSCs put their own host, a path of their own or their node name into
     * the Content-Location URLs and IDs they hand out (e.g. {@code …@mms3.operator.net}). Any one
     * matching criterion makes the MMSC the owner of a message. Regular expressions are kept as
     * text (so definitions compare by value) and checked here: they must compile as {@link OperatorRegex}
     * (RE2 syntax, linear-time matching).
     *
     * @param hosts        URL hosts, as {@code host} (any port) or {@code host:port}, lower case
     * @param pathPrefixes URL path prefixes, each starting with '/'
     * @param pathRegex    a regular expression the whole path (with {@code ?query}) matches, or null
     * @param idRegex      a regular expression a whole Transaction-ID or Message-ID matches, or null
     */
    public record Ownership(List<String> hosts, List<String> pathPrefixes, String pathRegex, String idRegex) {

        public static final Ownership NONE = new Ownership(List.of(), List.of(), null, null);
        private static final Pattern HOST_AND_PORT = Pattern.compile(
                "(?i)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)*[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(:[0-9]{1,5})?");

        public Ownership {
            hosts = hosts.stream()
                    .map(h -> checkHost(h).toLowerCase(Locale.ROOT))
                    .toList();
            pathPrefixes = List.copyOf(pathPrefixes);
            for (String prefix : pathPrefixes) {
                if (!prefix.startsWith("/")) {
                    throw new IllegalArgumentException("'" + prefix + "' is not a path prefix starting with /");
                }
            }
            checkRegex(pathRegex);
            checkRegex(idRegex);
        }

        /** Whether there is no rule at all (named so that JSON binding does not take it for a property). */
        public boolean definesNothing() {
            return hosts.isEmpty() && pathPrefixes.isEmpty() && pathRegex == null && idRegex == null;
        }

        private static String checkHost(String host) {
            if (!HOST_AND_PORT.matcher(host).matches()) {
                throw new IllegalArgumentException("'" + host + "' is not host or host:port");
            }
            return host;
        }

        private static void checkRegex(String regex) {
            if (regex == null) {
                return;
            }
            OperatorRegex.compile(regex); // refused here, with the reason, rather than at the first request
        }
    }

    /**
     * How the health monitor probes an MMSC.
     *
     * @param kind   an HTTP request, or only a TCP connect
     * @param method the HTTP method (GET, HEAD or OPTIONS)
     * @param alive  the HTTP statuses that mean alive
     */
    public record Probe(Kind kind, String method, StatusRanges alive) {

        /** An HTTP GET where any answer below 500 means alive: the MMSC's front end works. */
        public static final Probe DEFAULT = new Probe(Kind.HTTP, "GET", StatusRanges.parse("100-499"));

        /** How the MMSC is probed: an HTTP request, or a TCP connect only. */
        public enum Kind {
            HTTP,
            TCP
        }

        public Probe {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(alive, "alive");
            if (!List.of("GET", "HEAD", "OPTIONS").contains(method)) {
                throw new IllegalArgumentException("'" + method + "' is not GET, HEAD or OPTIONS");
            }
        }
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
    public record Routing(
            int priority, int weight, List<String> recipientPrefixes, AdminState adminState, int maxRate) {

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
                throw new IllegalArgumentException(
                        "'" + prefix + "' is not a number prefix (digits, optionally after '+')");
            }
            return prefix;
        }
    }
}
