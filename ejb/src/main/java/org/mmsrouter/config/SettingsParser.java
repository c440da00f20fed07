package org.mmsrouter.config;

import java.net.InetAddress;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.mmsrouter.routing.AdminState;

/**
 * Turns raw key/value settings into {@link RouterSettings}. It checks everything before giving
 * up, so one start-up attempt reports every bad key at once.
 */
public final class SettingsParser {

    public static final String PREFIX = "mmsrouter.";

    private final Map<String, String> raw;
    private final List<String> problems = new ArrayList<>();

    private SettingsParser(Map<String, String> raw) {
        this.raw = raw;
    }

    /** Parses and validates; throws {@link InvalidSettingsException} listing every problem. */
    public static RouterSettings parse(Map<String, String> raw) {
        return new SettingsParser(raw).parse();
    }

    private RouterSettings parse() {
        List<String> domains = list("mms.domains", SettingValues::domain);
        List<InetAddress> routerAddresses = list("router.addresses", SettingValues::ipAddress);
        RouterSettings.Dns dns = new RouterSettings.Dns(
                bool("dns.enabled"),
                single("dns.bind-address", SettingValues::ipv4),
                intIn("dns.port", 1, 65535),
                intIn("dns.ttl-seconds", 0, 604_800),
                intIn("dns.rate-limit", 0, 1_000_000),
                intIn("dns.rate-limit-slip", 0, 100),
                bool("dns.wildcard"),
                bool("dns.rotate"),
                new RouterSettings.DnsTcp(
                        millis("dns.tcp.connection-timeout-ms", 100, 600_000),
                        millis("dns.tcp.idle-timeout-ms", 100, 600_000),
                        intIn("dns.tcp.max-connections", 1, 10_000),
                        intIn("dns.tcp.max-connections-per-source", 1, 10_000)));
        RouterSettings.Mm1 mm1 = new RouterSettings.Mm1(
                single("mm1.path", SettingValues::servletPath),
                intIn("mm1.max-message-bytes", 1024, 64 * 1024 * 1024),
                Duration.ofMillis(intIn("mm1.answer-window-ms", 0, 30_000)),
                optionalList("mm1.trusted-gateways", AddressRange::parse),
                list("mm1.allowed-sources", AddressRange::parse),
                millis("mm1.body-timeout-ms", 100, 600_000));
        List<MmscDefinition> mmscs = mmscs();
        RouterSettings.RegistryImport registryImport = single("registry.import", v -> switch (v.toLowerCase()) {
            case "keep-edits" -> RouterSettings.RegistryImport.KEEP_EDITS;
            case "replace" -> RouterSettings.RegistryImport.REPLACE;
            default -> throw new IllegalArgumentException("'" + v + "' is not keep-edits or replace");
        });
        RouterSettings.Health health = new RouterSettings.Health(
                millis("probe.interval-ms", 100, 3_600_000),
                millis("probe.fast-interval-ms", 50, 3_600_000),
                millis("probe.timeout-ms", 10, 60_000),
                intIn("health.rise", 1, 64),
                intIn("health.fall", 1, 100),
                Duration.ofSeconds(intIn("health.flap-window-seconds", 0, 86_400)),
                intIn("health.flap-limit", 1, 1000));
        RouterSettings.Forwarding forwarding = new RouterSettings.Forwarding(
                millis("forward.timeout-ms", 100, 600_000),
                intIn("forward.max-attempts", 1, 1000),
                Duration.ofHours(intIn("forward.default-expiry-hours", 1, 24 * 30)),
                Duration.ofHours(intIn("forward.max-expiry-hours", 1, 24 * 366)),
                intIn("forward.max-rate", 0, 1_000_000),
                Duration.ofSeconds(intIn("forward.slow-start-seconds", 0, 3600)),
                Duration.ofMillis(intIn("forward.no-route-wait-ms", 0, 120_000)),
                bool("forward.sender-stickiness"),
                intIn("forward.consumers", 1, 256),
                intIn("forward.batch", 1, 100));
        RouterSettings.Nodes nodes = new RouterSettings.Nodes(
                optional("node.name", SettingValues::nodeName),
                millis("node.heartbeat-ms", 100, 60_000),
                millis("node.timeout-ms", 300, 600_000));
        RouterSettings.Resolver resolver = new RouterSettings.Resolver(
                optionalList("resolver.servers", SettingValues::nameServer));
        RouterSettings.Retrieval retrieval = new RouterSettings.Retrieval(
                intIn("retrieval.learned-capacity", 1, 10_000_000),
                millis("retrieval.timeout-ms", 100, 600_000),
                passThroughs(mm1.path()),
                intIn("pass-through.max-concurrent", 1, 10_000));
        RouterSettings.Records records = new RouterSettings.Records(
                bool("records.hash-msisdns"),
                optional("records.hash-key-file", v -> v));
        RouterSettings.Admission admission = new RouterSettings.Admission(
                intIn("admission.disk-high-water-percent", 1, 100),
                intIn("admission.disk-low-water-percent", 0, 99),
                intIn("admission.disk-min-free-mb", 0, 1_000_000) * 1024L * 1024L,
                millis("admission.check-interval-ms", 10, 60_000),
                optionalList("admission.volumes", v -> v),
                intIn("admission.max-in-flight-mb", 1, 1_000_000) * 1024L * 1024L,
                intIn("admission.max-per-source", 1, 1_000_000),
                intIn("admission.source-rate", 0, 10_000_000),
                Duration.ofSeconds(intIn("admission.retry-after-seconds", 1, 3600)));
        if (admission.diskLowWaterPercent() >= admission.diskHighWaterPercent()) {
            problems.add(PREFIX + "admission.disk-low-water-percent: must be below admission.disk-high-water-percent ("
                    + admission.diskHighWaterPercent() + "), or acceptance would flap");
        }
        if (nodes.heartbeat() != null && nodes.timeout() != null
                && nodes.timeout().compareTo(nodes.heartbeat().multipliedBy(2)) < 0) {
            problems.add(PREFIX + "node.timeout-ms: must be at least twice node.heartbeat-ms ("
                    + nodes.heartbeat().toMillis() + "), or one late heartbeat drops a live node");
        }
        if (forwarding.maxExpiry().compareTo(forwarding.defaultExpiry()) < 0) {
            problems.add(PREFIX + "forward.max-expiry-hours: must be at least forward.default-expiry-hours ("
                    + forwarding.defaultExpiry().toHours() + ")");
        }
        if (dns.tcp().idleTimeout() != null && dns.tcp().connectionTimeout() != null
                && dns.tcp().idleTimeout().compareTo(dns.tcp().connectionTimeout()) > 0) {
            problems.add(PREFIX + "dns.tcp.idle-timeout-ms: must not exceed dns.tcp.connection-timeout-ms ("
                    + dns.tcp().connectionTimeout().toMillis() + ")");
        }
        if (health.probeTimeout() != null && health.probeInterval() != null
                && health.probeTimeout().compareTo(health.probeInterval()) > 0) {
            problems.add(PREFIX + "probe.timeout-ms: must not exceed probe.interval-ms (" + health.probeInterval().toMillis() + ")");
        }
        if (health.fastProbeInterval() != null && health.probeInterval() != null
                && health.fastProbeInterval().compareTo(health.probeInterval()) > 0) {
            problems.add(PREFIX + "probe.fast-interval-ms: must not exceed probe.interval-ms ("
                    + health.probeInterval().toMillis() + ")");
        }
        if (!problems.isEmpty()) {
            throw new InvalidSettingsException(problems);
        }
        return new RouterSettings(domains, routerAddresses, dns, mm1, mmscs, registryImport, health, forwarding, nodes,
                resolver, retrieval, records, admission);
    }

    private List<MmscDefinition> mmscs() {
        List<String> ids = list("mmscs", MmscDefinition::checkId);
        List<MmscDefinition> mmscs = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (String id : ids) {
            if (!seen.add(id)) {
                problems.add(PREFIX + "mmscs: MMSC id '" + id + "' is listed twice");
                continue;
            }
            URI url = single("mmsc." + id + ".url", MmscDefinition::httpUrl);
            String probeKey = "mmsc." + id + ".probe-url";
            URI probeUrl = raw.containsKey(PREFIX + probeKey) ? single(probeKey, MmscDefinition::httpUrl) : url;
            MmscDefinition.Probe probe = probe(id);
            MmscDefinition.Routing routing = routing(id);
            MmscDefinition.Ownership owns = ownership(id);
            if (url != null && probeUrl != null && probe != null && routing != null && owns != null) {
                mmscs.add(new MmscDefinition(id, url, probeUrl, probe, routing, owns));
            }
        }
        return mmscs;
    }

    /** The optional probe keys of one MMSC; absent ones take {@link MmscDefinition.Probe#DEFAULT}'s values. */
    private MmscDefinition.Probe probe(String id) {
        MmscDefinition.Probe defaults = MmscDefinition.Probe.DEFAULT;
        String key = "mmsc." + id + ".";
        int problemsBefore = problems.size();
        MmscDefinition.Probe.Kind kind = has(key + "probe") ? single(key + "probe", v -> switch (v.toLowerCase()) {
            case "http" -> MmscDefinition.Probe.Kind.HTTP;
            case "tcp" -> MmscDefinition.Probe.Kind.TCP;
            default -> throw new IllegalArgumentException("'" + v + "' is not http or tcp");
        }) : defaults.kind();
        String method = has(key + "probe-method") ? single(key + "probe-method", v -> {
            String upper = v.toUpperCase();
            if (!List.of("GET", "HEAD", "OPTIONS").contains(upper)) {
                throw new IllegalArgumentException("'" + v + "' is not GET, HEAD or OPTIONS");
            }
            return upper;
        }) : defaults.method();
        StatusRanges alive = has(key + "probe-alive-statuses") ? single(key + "probe-alive-statuses", StatusRanges::parse)
                : defaults.alive();
        return problems.size() > problemsBefore ? null : new MmscDefinition.Probe(kind, method, alive);
    }

    /** The optional routing keys of one MMSC; absent ones take {@link MmscDefinition.Routing#DEFAULT}'s values. */
    private MmscDefinition.Routing routing(String id) {
        MmscDefinition.Routing defaults = MmscDefinition.Routing.DEFAULT;
        String key = "mmsc." + id + ".";
        int problemsBefore = problems.size();
        int priority = has(key + "priority") ? intIn(key + "priority", 0, 99) : defaults.priority();
        int weight = has(key + "weight") ? intIn(key + "weight", 1, 1000) : defaults.weight();
        List<String> prefixes = has(key + "recipient-prefixes") ? list(key + "recipient-prefixes", MmscDefinition.Routing::checkPrefix)
                : defaults.recipientPrefixes();
        AdminState adminState = has(key + "admin-state") ? single(key + "admin-state", AdminState::parse)
                : defaults.adminState();
        int maxRate = has(key + "max-rate") ? intIn(key + "max-rate", 0, 1_000_000) : defaults.maxRate();
        if (problems.size() > problemsBefore) {
            return null;
        }
        return new MmscDefinition.Routing(priority, weight, prefixes, adminState, maxRate);
    }

    /** mmsrouter.pass-through (ids) and each one's path-prefix and target; none may shadow MM1 or the API. */
    private List<RouterSettings.PassThrough> passThroughs(String mm1Path) {
        List<RouterSettings.PassThrough> passThroughs = new ArrayList<>();
        Set<String> prefixes = new HashSet<>();
        for (String id : optionalList("pass-through", MmscDefinition::checkId)) {
            String key = "pass-through." + id + ".";
            String prefix = single(key + "path-prefix", value -> {
                String clean = SettingValues.pathPrefix(value);
                String bare = clean.endsWith("/") ? clean.substring(0, clean.length() - 1) : clean;
                if (bare.isEmpty() || bare.equals(mm1Path) || bare.equals("/api") || bare.startsWith("/api/")) {
                    throw new IllegalArgumentException("'" + value + "' would take over the router's own paths (/, "
                            + mm1Path + ", /api)");
                }
                return bare;
            });
            java.net.URI target = single(key + "target", MmscDefinition::httpUrl);
            if (prefix != null && !prefixes.add(prefix)) {
                problems.add(PREFIX + key + "path-prefix: " + prefix + " is taken by another pass-through");
            } else if (prefix != null && target != null) {
                passThroughs.add(new RouterSettings.PassThrough(id, prefix, target));
            }
        }
        return passThroughs;
    }

    /** The optional ownership keys of one MMSC (mmsrouter.mmsc.<id>.owns.*); null when one is bad. */
    private MmscDefinition.Ownership ownership(String id) {
        String key = "mmsc." + id + ".owns.";
        List<String> hosts = has(key + "hosts") ? list(key + "hosts", v -> v) : List.of();
        List<String> prefixes = has(key + "path-prefixes") ? list(key + "path-prefixes", v -> v) : List.of();
        String path = has(key + "path-regex") ? value(key + "path-regex") : null;
        String ids = has(key + "id-regex") ? value(key + "id-regex") : null;
        try {
            return new MmscDefinition.Ownership(hosts, prefixes, path, ids);
        } catch (IllegalArgumentException e) {
            problems.add(PREFIX + key + "*: " + e.getMessage());
            return null;
        }
    }

    private boolean has(String key) {
        String value = raw.get(PREFIX + key);
        return value != null && !value.isBlank();
    }

    private String value(String key) {
        String value = raw.get(PREFIX + key);
        if (value == null || value.isBlank()) {
            problems.add(PREFIX + key + ": missing");
            return null;
        }
        return value.trim();
    }

    private <T> T single(String key, Function<String, T> converter) {
        String value = value(key);
        if (value == null) {
            return null;
        }
        try {
            return converter.apply(value);
        } catch (IllegalArgumentException e) {
            problems.add(PREFIX + key + ": " + e.getMessage());
            return null;
        }
    }

    private <T> List<T> list(String key, Function<String, T> converter) {
        String value = value(key);
        List<T> result = new ArrayList<>();
        if (value == null) {
            return result;
        }
        for (String item : value.split(",")) {
            String trimmed = item.trim();
            if (trimmed.isEmpty()) {
                problems.add(PREFIX + key + ": empty item in '" + value + "'");
                continue;
            }
            try {
                result.add(converter.apply(trimmed));
            } catch (IllegalArgumentException e) {
                problems.add(PREFIX + key + ": " + e.getMessage());
            }
        }
        return result;
    }

    /** A comma-separated list that may be empty (but must be present). */
    private <T> List<T> optionalList(String key, Function<String, T> converter) {
        String value = raw.get(PREFIX + key);
        if (value == null) {
            problems.add(PREFIX + key + ": missing (may be empty)");
            return List.of();
        }
        return value.isBlank() ? List.of() : list(key, converter);
    }

    /** A single value that may be empty (but must be present); empty gives "". */
    private String optional(String key, Function<String, String> converter) {
        String value = raw.get(PREFIX + key);
        if (value == null) {
            problems.add(PREFIX + key + ": missing (may be empty)");
            return "";
        }
        return value.isBlank() ? "" : single(key, converter);
    }

    private boolean bool(String key) {
        Boolean parsed = single(key, v -> switch (v.toLowerCase()) {
            case "true" -> Boolean.TRUE;
            case "false" -> Boolean.FALSE;
            default -> throw new IllegalArgumentException("'" + v + "' is not true or false");
        });
        return Boolean.TRUE.equals(parsed);
    }

    private int intIn(String key, int min, int max) {
        Integer parsed = single(key, v -> {
            long number;
            try {
                number = Long.parseLong(v);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("'" + v + "' is not a whole number");
            }
            if (number < min || number > max) {
                throw new IllegalArgumentException(number + " is outside " + min + ".." + max);
            }
            return (int) number;
        });
        return parsed == null ? 0 : parsed;
    }

    private Duration millis(String key, int min, int max) {
        int value = intIn(key, min, max);
        return value == 0 ? null : Duration.ofMillis(value);
    }
}
