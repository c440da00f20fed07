package org.mmsrouter.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mmsrouter.routing.AdminState;

class SettingsParserTest {

    private static final String LINEAR_TIME_HINT = " (patterns run in linear time with RE2 syntax: no backreferences,"
            + " lookahead, lookbehind, atomic groups or possessive quantifiers)";

    private static Map<String, String> defaults() {
        return new HashMap<>(SettingsSources.load(new Properties()).values());
    }

    @Test
    void theEmbeddedDefaultsDescribeTwoLocalSimulatedMmscs() {
        RouterSettings settings = SettingsParser.parse(defaults());

        assertEquals(List.of("mms.operator.test"), settings.mmsDomains());
        assertEquals(5353, settings.dns().port());
        assertEquals(60, settings.dns().ttlSeconds());
        assertEquals("/mms", settings.mm1().path());
        assertEquals(1_048_576, settings.mm1().maxMessageBytes());
        assertEquals(
                List.of("sim-a", "sim-b"),
                settings.mmscs().stream().map(MmscDefinition::id).toList());
        assertEquals(
                URI.create("http://127.0.0.1:18081/mms"),
                settings.mmscs().get(0).probeUrl());
        assertEquals(Duration.ofMillis(500), settings.health().probeInterval());
    }

    @Test
    void ingressDefaultsWaitTwoSecondsAndTrustTheLocalGateway() {
        RouterSettings settings = SettingsParser.parse(defaults());

        assertEquals(Duration.ofSeconds(2), settings.mm1().answerWindow());
        assertTrue(settings.mm1().trustedGateway("127.0.0.1"));
        assertFalse(settings.mm1().trustedGateway("192.0.2.1"));
        assertEquals(50, settings.forwarding().maxAttempts());
        assertEquals(Duration.ofHours(72), settings.forwarding().defaultExpiry());
    }

    @Test
    void trustedGatewaysMayBeEmptyButNotWrong() {
        Map<String, String> raw = defaults();
        raw.put("mmsrouter.mm1.trusted-gateways", "");
        assertFalse(SettingsParser.parse(raw).mm1().trustedGateway("127.0.0.1"));

        raw.put("mmsrouter.mm1.trusted-gateways", "10.0.0.0/8, wapgw.example");
        InvalidSettingsException e = assertThrows(InvalidSettingsException.class, () -> SettingsParser.parse(raw));
        assertEquals(
                List.of("mmsrouter.mm1.trusted-gateways: 'wapgw.example' is not an IP address or CIDR block"),
                e.problems());
    }

    @Test
    void mm1IsServedOnlyToTheAllowedNetworksWhichMustBeGiven() {
        Map<String, String> raw = defaults();
        RouterSettings.Mm1 local = SettingsParser.parse(raw).mm1();
        assertTrue(local.allowedSource("127.0.0.1"));
        assertTrue(local.allowedSource("127.77.0.1"));
        assertTrue(local.allowedSource("::1"));
        assertFalse(local.allowedSource("192.0.2.1"));

        raw.put("mmsrouter.mm1.allowed-sources", "10.20.0.0/16, 2001:db8::/32");
        RouterSettings.Mm1 operator = SettingsParser.parse(raw).mm1();
        assertTrue(operator.allowedSource("10.20.3.4"));
        assertTrue(operator.allowedSource("2001:db8::7"));
        assertFalse(operator.allowedSource("10.21.0.1"));
        assertFalse(operator.allowedSource("127.0.0.1"));

        raw.put("mmsrouter.mm1.allowed-sources", "0.0.0.0/0,::/0");
        assertTrue(SettingsParser.parse(raw).mm1().allowedSource("198.51.100.9"));

        raw.put("mmsrouter.mm1.allowed-sources", "");
        InvalidSettingsException e = assertThrows(InvalidSettingsException.class, () -> SettingsParser.parse(raw));
        assertTrue(
                e.problems().get(0).startsWith("mmsrouter.mm1.allowed-sources"),
                e.problems().toString());
    }

    @Test
    void aBadValueIsReportedWithItsKey() {
        Map<String, String> raw = defaults();
        raw.put("mmsrouter.dns.port", "fifty-three");

        InvalidSettingsException e = assertThrows(InvalidSettingsException.class, () -> SettingsParser.parse(raw));

        assertEquals(List.of("mmsrouter.dns.port: 'fifty-three' is not a whole number"), e.problems());
    }

    @Test
    void everyProblemIsReportedAtOnce() {
        Map<String, String> raw = defaults();
        raw.put("mmsrouter.dns.port", "70000");
        raw.put("mmsrouter.router.addresses", "10.0.0.300");
        raw.put("mmsrouter.mm1.path", "mms");
        raw.remove("mmsrouter.mmsc.sim-b.url");
        raw.put("mmsrouter.mms.domains", "mms..bad");

        InvalidSettingsException e = assertThrows(InvalidSettingsException.class, () -> SettingsParser.parse(raw));

        assertEquals(5, e.problems().size(), e.problems().toString());
        assertTrue(e.getMessage().contains("mmsrouter.dns.port: 70000 is outside 1..65535"));
        assertTrue(e.getMessage().contains("mmsrouter.router.addresses: '10.0.0.300' is not an IPv4 address"));
        assertTrue(e.getMessage().contains("mmsrouter.mm1.path: 'mms' is not a path like /mms"));
        assertTrue(e.getMessage().contains("mmsrouter.mmsc.sim-b.url: missing"));
        assertTrue(e.getMessage().contains("mmsrouter.mms.domains: 'mms..bad' is not a domain name"));
    }

    @Test
    void mmscUrlsMustBeHttp() {
        Map<String, String> raw = defaults();
        raw.put("mmsrouter.mmsc.sim-a.url", "ftp://mmsc.example/mms");

        InvalidSettingsException e = assertThrows(InvalidSettingsException.class, () -> SettingsParser.parse(raw));

        assertEquals(
                List.of("mmsrouter.mmsc.sim-a.url: 'ftp://mmsc.example/mms' is not an http(s) URL with a host"),
                e.problems());
    }

    @Test
    void anMmscListedTwiceIsRefused() {
        Map<String, String> raw = defaults();
        raw.put("mmsrouter.mmscs", "sim-a,sim-b,sim-a");

        InvalidSettingsException e = assertThrows(InvalidSettingsException.class, () -> SettingsParser.parse(raw));

        assertEquals(List.of("mmsrouter.mmscs: MMSC id 'sim-a' is listed twice"), e.problems());
    }

    @Test
    void routerAddressesMayBeIpv6AndNodesAndResolverAreRead() {
        Map<String, String> raw = defaults();
        raw.put("mmsrouter.router.addresses", "192.0.2.7, 2001:db8::7");
        raw.put("mmsrouter.node.name", "router-2");
        raw.put("mmsrouter.dns.wildcard", "true");
        raw.put("mmsrouter.resolver.servers", "127.0.0.1:5300, dns.operator.test");

        RouterSettings settings = SettingsParser.parse(raw);

        assertEquals(
                "[/192.0.2.7, /2001:db8:0:0:0:0:0:7]",
                settings.routerAddresses().toString());
        assertEquals(
                new RouterSettings.Nodes("router-2", Duration.ofSeconds(2), Duration.ofSeconds(10)), settings.nodes());
        assertTrue(settings.dns().wildcard());
        assertTrue(settings.dns().rotate());
        assertEquals(
                List.of("127.0.0.1:5300", "dns.operator.test"),
                settings.resolver().servers());
        assertEquals("", SettingsParser.parse(defaults()).nodes().name());
        assertEquals(List.of(), SettingsParser.parse(defaults()).resolver().servers());
    }

    @Test
    void badNodeAndResolverValuesAreEachReported() {
        Map<String, String> raw = defaults();
        raw.put("mmsrouter.router.addresses", "router.example, 2001:db8::zz");
        raw.put("mmsrouter.node.name", "node one");
        raw.put("mmsrouter.node.timeout-ms", "3000");
        raw.put("mmsrouter.resolver.servers", "127.0.0.1:99999");

        InvalidSettingsException e = assertThrows(InvalidSettingsException.class, () -> SettingsParser.parse(raw));

        assertEquals(
                List.of(
                        "mmsrouter.router.addresses: 'router.example' is not an IPv4 address",
                        "mmsrouter.router.addresses: '2001:db8::zz' is not an IPv4 or IPv6 address",
                        "mmsrouter.node.name: 'node one' is not a node name (letters, digits, . _ -, at most 64)",
                        "mmsrouter.resolver.servers: '127.0.0.1:99999' is not host or host:port",
                        "mmsrouter.node.timeout-ms: must be at least twice node.heartbeat-ms (2000), or one late heartbeat drops a live node"),
                e.problems());
    }

    @Test
    void ownershipRulesAreReadPerMmscAndBadOnesReported() {
        Map<String, String> raw = defaults();
        raw.put("mmsrouter.mmsc.sim-b.owns.hosts", "MMS2.operator.net, 10.0.0.2:8002");
        raw.put("mmsrouter.mmsc.sim-b.owns.path-prefixes", "/two/");
        raw.put("mmsrouter.mmsc.sim-b.owns.id-regex", "sim-b-.*");

        RouterSettings settings = SettingsParser.parse(raw);

        assertEquals(MmscDefinition.Ownership.NONE, settings.mmscs().get(0).owns(), "sim-a has no ownership settings");
        assertEquals(
                new MmscDefinition.Ownership(
                        List.of("mms2.operator.net", "10.0.0.2:8002"), List.of("/two/"), null, "sim-b-.*"),
                settings.mmscs().get(1).owns());
        assertEquals(200_000, settings.retrieval().learnedCapacity());

        raw.put("mmsrouter.mmsc.sim-a.owns.path-regex", "/x(");
        raw.put("mmsrouter.mmsc.sim-b.owns.path-prefixes", "two/");
        InvalidSettingsException e = assertThrows(InvalidSettingsException.class, () -> SettingsParser.parse(raw));
        assertEquals(
                List.of(
                        "mmsrouter.mmsc.sim-a.owns.*: '/x(' is not a regular expression the router runs: missing closing ): `/x(`"
                                + LINEAR_TIME_HINT,
                        "mmsrouter.mmsc.sim-b.owns.*: 'two/' is not a path prefix starting with /"),
                e.problems());

        // Operator patterns run on a linear-time engine: what it cannot run is refused at start, not at the first
        // request.
        raw.put("mmsrouter.mmsc.sim-a.owns.path-regex", "/mms/(a+)\\1");
        raw.put("mmsrouter.mmsc.sim-b.owns.path-prefixes", "/two/");
        raw.put("mmsrouter.mmsc.sim-b.owns.id-regex", "(?!x).*");
        e = assertThrows(InvalidSettingsException.class, () -> SettingsParser.parse(raw));
        assertEquals(
                List.of(
                        "mmsrouter.mmsc.sim-a.owns.*: '/mms/(a+)\\1' is not a regular expression the router runs:"
                                + " invalid escape sequence: `\\1`" + LINEAR_TIME_HINT,
                        "mmsrouter.mmsc.sim-b.owns.*: '(?!x).*' is not a regular expression the router runs:"
                                + " invalid or unsupported Perl syntax: `(?!`" + LINEAR_TIME_HINT),
                e.problems());
    }

    @Test
    void passThroughsAreReadAndMayNotTakeOverTheRoutersOwnPaths() {
        Map<String, String> raw = defaults();
        raw.put("mmsrouter.pass-through", "mm7,bad,api");
        raw.put("mmsrouter.pass-through.mm7.path-prefix", "/mm7/");
        raw.put("mmsrouter.pass-through.mm7.target", "http://mm7.operator.net:8080/vasp");
        raw.put("mmsrouter.pass-through.bad.path-prefix", "/mms");
        raw.put("mmsrouter.pass-through.bad.target", "ftp://x");
        raw.put("mmsrouter.pass-through.api.path-prefix", "/api/x");
        raw.put("mmsrouter.pass-through.api.target", "http://x/");

        InvalidSettingsException e = assertThrows(InvalidSettingsException.class, () -> SettingsParser.parse(raw));

        assertEquals(
                List.of(
                        "mmsrouter.pass-through.bad.path-prefix: '/mms' would take over the router's own paths (/, /mms, /api)",
                        "mmsrouter.pass-through.bad.target: 'ftp://x' is not an http(s) URL with a host",
                        "mmsrouter.pass-through.api.path-prefix: '/api/x' would take over the router's own paths (/, /mms, /api)"),
                e.problems());
        raw.put("mmsrouter.pass-through", "mm7");
        assertEquals(
                List.of(new RouterSettings.PassThrough("mm7", "/mm7", URI.create("http://mm7.operator.net:8080/vasp"))),
                SettingsParser.parse(raw).retrieval().passThroughs());
        assertEquals(List.of(), SettingsParser.parse(defaults()).retrieval().passThroughs());
    }

    @Test
    void probeTimeoutMustFitInTheInterval() {
        Map<String, String> raw = defaults();
        raw.put("mmsrouter.probe.timeout-ms", "2000");

        InvalidSettingsException e = assertThrows(InvalidSettingsException.class, () -> SettingsParser.parse(raw));

        assertTrue(e.problems().get(0).startsWith("mmsrouter.probe.timeout-ms: must not exceed"));
    }

    @Test
    void healthThresholdsAreReadAndTheFastIntervalMustNotBeSlower() {
        RouterSettings.Health health = SettingsParser.parse(defaults()).health();
        assertEquals(
                new RouterSettings.Health(
                        Duration.ofMillis(500),
                        Duration.ofMillis(250),
                        Duration.ofMillis(500),
                        2,
                        3,
                        Duration.ofMinutes(5),
                        3),
                health);

        Map<String, String> raw = defaults();
        raw.put("mmsrouter.probe.fast-interval-ms", "5000");
        raw.put("mmsrouter.health.fall", "0");
        InvalidSettingsException e = assertThrows(InvalidSettingsException.class, () -> SettingsParser.parse(raw));
        assertTrue(
                e.problems().stream().anyMatch(p -> p.startsWith("mmsrouter.probe.fast-interval-ms: must not exceed")),
                e.problems().toString());
        assertTrue(
                e.problems().stream().anyMatch(p -> p.startsWith("mmsrouter.health.fall: ")),
                e.problems().toString());
    }

    @Test
    void routingAttributesAreReadPerMmscWithDefaultsForTheRest() {
        Map<String, String> raw = defaults();
        raw.put("mmsrouter.mmsc.sim-a.weight", "30");
        raw.put("mmsrouter.mmsc.sim-a.recipient-prefixes", "+49151, 0170");
        raw.put("mmsrouter.mmsc.sim-a.admin-state", "Draining");
        raw.put("mmsrouter.mmsc.sim-a.max-rate", "250");

        RouterSettings settings = SettingsParser.parse(raw);

        assertEquals(
                new MmscDefinition.Routing(0, 30, List.of("+49151", "0170"), AdminState.DRAINING, 250),
                settings.mmscs().get(0).routing());
        assertEquals(
                new MmscDefinition.Routing(1, 100, List.of(), AdminState.ENABLED, 0),
                settings.mmscs().get(1).routing(),
                "sim-b: the defaults file makes it the standby");
        assertEquals(RouterSettings.RegistryImport.KEEP_EDITS, settings.registryImport());
    }

    @Test
    void probeKindMethodAndAliveStatusesAreReadPerMmsc() {
        Map<String, String> raw = defaults();
        raw.put("mmsrouter.mmsc.sim-a.probe-method", "head");
        raw.put("mmsrouter.mmsc.sim-a.probe-alive-statuses", "200-299, 302");
        raw.put("mmsrouter.mmsc.sim-b.probe", "tcp");

        RouterSettings settings = SettingsParser.parse(raw);

        MmscDefinition.Probe a = settings.mmscs().get(0).probe();
        assertEquals("HEAD", a.method());
        assertTrue(
                a.alive().contains(302) && a.alive().contains(204) && !a.alive().contains(404));
        assertEquals(
                MmscDefinition.Probe.Kind.TCP, settings.mmscs().get(1).probe().kind());

        Map<String, String> bad = defaults();
        bad.put("mmsrouter.mmsc.sim-a.probe", "icmp");
        bad.put("mmsrouter.mmsc.sim-b.probe-alive-statuses", "2xx");
        InvalidSettingsException e = assertThrows(InvalidSettingsException.class, () -> SettingsParser.parse(bad));
        assertEquals(
                List.of(
                        "mmsrouter.mmsc.sim-a.probe: 'icmp' is not http or tcp",
                        "mmsrouter.mmsc.sim-b.probe-alive-statuses: '2xx' is not a list of HTTP statuses (e.g. 200-299,302)"),
                e.problems());
    }

    @Test
    void badRoutingAttributesAreReportedTogether() {
        Map<String, String> raw = defaults();
        raw.put("mmsrouter.mmsc.sim-a.admin-state", "asleep");
        raw.put("mmsrouter.mmsc.sim-b.recipient-prefixes", "+49-151");
        raw.put("mmsrouter.mmsc.sim-b.weight", "0");
        raw.put("mmsrouter.registry.import", "merge");

        InvalidSettingsException e = assertThrows(InvalidSettingsException.class, () -> SettingsParser.parse(raw));

        assertEquals(
                List.of(
                        "mmsrouter.mmsc.sim-a.admin-state: 'asleep' is not enabled, draining or disabled",
                        "mmsrouter.mmsc.sim-b.weight: 0 is outside 1..1000",
                        "mmsrouter.mmsc.sim-b.recipient-prefixes: '+49-151' is not a number prefix (digits, optionally after '+')",
                        "mmsrouter.registry.import: 'merge' is not keep-edits or replace"),
                e.problems());
    }

    @Test
    void aSeparateProbeUrlIsUsedWhenGiven() {
        Map<String, String> raw = defaults();
        raw.put("mmsrouter.mmsc.sim-b.probe-url", "http://127.0.0.1:18082/health");

        RouterSettings settings = SettingsParser.parse(raw);

        assertEquals(
                URI.create("http://127.0.0.1:18082/health"),
                settings.mmscs().get(1).probeUrl());
        assertEquals(
                URI.create("http://127.0.0.1:18082/mms"),
                settings.mmscs().get(1).url());
    }

    @Test
    void domainsAreNormalisedToLowerCaseWithoutTheTrailingDot() {
        Map<String, String> raw = defaults();
        raw.put("mmsrouter.mms.domains", "MMS.Operator.TEST., mms2.operator.test");

        assertEquals(
                List.of("mms.operator.test", "mms2.operator.test"),
                SettingsParser.parse(raw).mmsDomains());
    }

    @Test
    void anOperatorFileOverridesDefaultsAndSystemPropertiesOverrideTheFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("mms-router.properties");
        Files.writeString(file, "mmsrouter.dns.port=53\nmmsrouter.mm1.path=/servlets/mms\n");
        Properties system = new Properties();
        system.setProperty("jboss.server.config.dir", dir.toString());
        system.setProperty("mmsrouter.dns.port", "10053");
        system.setProperty("unrelated.property", "x");

        SettingsSources.Merged merged = SettingsSources.load(system);
        RouterSettings settings = SettingsParser.parse(merged.values());

        assertEquals(10053, settings.dns().port());
        assertEquals("/servlets/mms", settings.mm1().path());
        assertTrue(merged.origin().contains(file.toString()), merged.origin());
        assertFalse(merged.values().containsKey("unrelated.property"));
    }

    @Test
    void aNamedOperatorFileThatCannotBeReadIsReported(@TempDir Path dir) {
        Properties system = new Properties();
        system.setProperty(
                SettingsSources.FILE_PROPERTY, dir.resolve("absent.properties").toString());

        InvalidSettingsException e = assertThrows(InvalidSettingsException.class, () -> SettingsSources.load(system));

        assertTrue(
                e.problems().get(0).startsWith("mmsrouter.config.file: cannot read"),
                e.problems().toString());
    }
}
