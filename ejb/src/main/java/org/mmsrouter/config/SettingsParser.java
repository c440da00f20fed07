package org.mmsrouter.config;

import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Turns raw key/value settings into {@link RouterSettings}. It checks everything before giving
 * up, so one start-up attempt reports every bad key at once. This class reads the router-wide
 * settings and checks the ones that must agree with each other; {@link DefinitionsParser} reads the
 * MMSCs and pass-throughs defined per id, {@link SettingsReader} the typed values (noting each
 * problem), {@link ValueParsers} the forms of single values.
 */
public final class SettingsParser {

    public static final String PREFIX = "mmsrouter.";

    private final SettingsReader keys;
    private final DefinitionsParser definitions;

    private SettingsParser(Map<String, String> raw) {
        this.keys = new SettingsReader(raw);
        this.definitions = new DefinitionsParser(keys);
    }

    /** Parses and validates; throws {@link InvalidSettingsException} listing every problem. */
    public static RouterSettings parse(Map<String, String> raw) {
        return new SettingsParser(raw).parse();
    }

    private RouterSettings parse() {
        List<String> domains = keys.list("mms.domains", ValueParsers::domain);
        List<InetAddress> routerAddresses = keys.list("router.addresses", ValueParsers::ipAddress);
        RouterSettings.Dns dns = new RouterSettings.Dns(
                keys.bool("dns.enabled"),
                keys.single("dns.bind-address", ValueParsers::ipv4),
                keys.intIn("dns.port", 1, 65535),
                keys.intIn("dns.ttl-seconds", 0, 604_800),
                keys.intIn("dns.rate-limit", 0, 1_000_000),
                keys.intIn("dns.rate-limit-slip", 0, 100),
                keys.bool("dns.wildcard"),
                keys.bool("dns.rotate"),
                new RouterSettings.DnsTcp(
                        keys.millis("dns.tcp.connection-timeout-ms", 100, 600_000),
                        keys.millis("dns.tcp.idle-timeout-ms", 100, 600_000),
                        keys.intIn("dns.tcp.max-connections", 1, 10_000),
                        keys.intIn("dns.tcp.max-connections-per-source", 1, 10_000)));
        RouterSettings.Mm1 mm1 = new RouterSettings.Mm1(
                keys.single("mm1.path", ValueParsers::servletPath),
                keys.intIn("mm1.max-message-bytes", 1024, 64 * 1024 * 1024),
                Duration.ofMillis(keys.intIn("mm1.answer-window-ms", 0, 30_000)),
                keys.optionalList("mm1.trusted-gateways", AddressRange::parse),
                keys.list("mm1.allowed-sources", AddressRange::parse),
                keys.millis("mm1.body-timeout-ms", 100, 600_000));
        List<MmscDefinition> mmscs = definitions.mmscs();
        RouterSettings.RegistryImport registryImport = keys.single("registry.import", v -> switch (v.toLowerCase()) {
            case "keep-edits" -> RouterSettings.RegistryImport.KEEP_EDITS;
            case "replace" -> RouterSettings.RegistryImport.REPLACE;
            default -> throw new IllegalArgumentException("'" + v + "' is not keep-edits or replace");
        });
        RouterSettings.Health health = new RouterSettings.Health(
                keys.millis("probe.interval-ms", 100, 3_600_000),
                keys.millis("probe.fast-interval-ms", 50, 3_600_000),
                keys.millis("probe.timeout-ms", 10, 60_000),
                keys.intIn("health.rise", 1, 64),
                keys.intIn("health.fall", 1, 100),
                Duration.ofSeconds(keys.intIn("health.flap-window-seconds", 0, 86_400)),
                keys.intIn("health.flap-limit", 1, 1000));
        RouterSettings.Forwarding forwarding = new RouterSettings.Forwarding(
                keys.millis("forward.timeout-ms", 100, 600_000),
                keys.intIn("forward.max-attempts", 1, 1000),
                Duration.ofHours(keys.intIn("forward.default-expiry-hours", 1, 24 * 30)),
                Duration.ofHours(keys.intIn("forward.max-expiry-hours", 1, 24 * 366)),
                keys.intIn("forward.max-rate", 0, 1_000_000),
                Duration.ofSeconds(keys.intIn("forward.slow-start-seconds", 0, 3600)),
                Duration.ofMillis(keys.intIn("forward.no-route-wait-ms", 0, 120_000)),
                keys.bool("forward.sender-stickiness"),
                keys.intIn("forward.consumers", 1, 256),
                keys.intIn("forward.batch", 1, 100));
        RouterSettings.Nodes nodes = new RouterSettings.Nodes(
                keys.optional("node.name", ValueParsers::nodeName),
                keys.millis("node.heartbeat-ms", 100, 60_000),
                keys.millis("node.timeout-ms", 300, 600_000));
        RouterSettings.Resolver resolver =
                new RouterSettings.Resolver(keys.optionalList("resolver.servers", ValueParsers::nameServer));
        RouterSettings.Retrieval retrieval = new RouterSettings.Retrieval(
                keys.intIn("retrieval.learned-capacity", 1, 10_000_000),
                keys.millis("retrieval.timeout-ms", 100, 600_000),
                definitions.passThroughs(mm1.path()),
                keys.intIn("pass-through.max-concurrent", 1, 10_000));
        RouterSettings.Records records = new RouterSettings.Records(
                keys.bool("records.hash-msisdns"), keys.optional("records.hash-key-file", v -> v));
        RouterSettings.Admission admission = new RouterSettings.Admission(
                keys.intIn("admission.disk-high-water-percent", 1, 100),
                keys.intIn("admission.disk-low-water-percent", 0, 99),
                keys.intIn("admission.disk-min-free-mb", 0, 1_000_000) * 1024L * 1024L,
                keys.millis("admission.check-interval-ms", 10, 60_000),
                keys.optionalList("admission.volumes", v -> v),
                keys.intIn("admission.max-in-flight-mb", 1, 1_000_000) * 1024L * 1024L,
                keys.intIn("admission.max-per-source", 1, 1_000_000),
                keys.intIn("admission.source-rate", 0, 10_000_000),
                Duration.ofSeconds(keys.intIn("admission.retry-after-seconds", 1, 3600)),
                Duration.ofMillis(keys.intIn("broker.recover-after-ms", Integer.MIN_VALUE, 86_400_000)));
        if (admission.diskLowWaterPercent() >= admission.diskHighWaterPercent()) {
            keys.problem(PREFIX + "admission.disk-low-water-percent: must be below admission.disk-high-water-percent ("
                    + admission.diskHighWaterPercent() + "), or acceptance would flap");
        }
        if (nodes.heartbeat() != null
                && nodes.timeout() != null
                && nodes.timeout().compareTo(nodes.heartbeat().multipliedBy(2)) < 0) {
            keys.problem(PREFIX + "node.timeout-ms: must be at least twice node.heartbeat-ms ("
                    + nodes.heartbeat().toMillis() + "), or one late heartbeat drops a live node");
        }
        if (forwarding.maxExpiry().compareTo(forwarding.defaultExpiry()) < 0) {
            keys.problem(PREFIX + "forward.max-expiry-hours: must be at least forward.default-expiry-hours ("
                    + forwarding.defaultExpiry().toHours() + ")");
        }
        if (dns.tcp().idleTimeout() != null
                && dns.tcp().connectionTimeout() != null
                && dns.tcp().idleTimeout().compareTo(dns.tcp().connectionTimeout()) > 0) {
            keys.problem(PREFIX + "dns.tcp.idle-timeout-ms: must not exceed dns.tcp.connection-timeout-ms ("
                    + dns.tcp().connectionTimeout().toMillis() + ")");
        }
        if (health.probeTimeout() != null
                && health.probeInterval() != null
                && health.probeTimeout().compareTo(health.probeInterval()) > 0) {
            keys.problem(PREFIX + "probe.timeout-ms: must not exceed probe.interval-ms ("
                    + health.probeInterval().toMillis() + ")");
        }
        if (health.fastProbeInterval() != null
                && health.probeInterval() != null
                && health.fastProbeInterval().compareTo(health.probeInterval()) > 0) {
            keys.problem(PREFIX + "probe.fast-interval-ms: must not exceed probe.interval-ms ("
                    + health.probeInterval().toMillis() + ")");
        }
        keys.failIfAny();
        return new RouterSettings(
                domains,
                routerAddresses,
                dns,
                mm1,
                mmscs,
                registryImport,
                health,
                forwarding,
                nodes,
                resolver,
                retrieval,
                records,
                admission);
    }
}
