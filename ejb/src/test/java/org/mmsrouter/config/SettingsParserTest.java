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
    void brokerRecoveryWaitsTenSecondsByDefaultAndZeroOrNegativeTurnsItOff() {
        assertEquals(
                Duration.ofSeconds(10),
                SettingsParser.parse(defaults()).admission().brokerRecoverAfter());
        Map<String, String> raw = defaults();
        raw.put("mmsrouter.broker.recover-after-ms", "-1");
        assertEquals(
                Duration.ofMillis(-1), SettingsParser.parse(raw).admission().brokerRecoverAfter());
        raw.put("mmsrouter.broker.recover-after-ms", "soon");
        InvalidSettingsException e = assertThrows(InvalidSettingsException.class, () -> SettingsParser.parse(raw));
        assertEquals(List.of("mmsrouter.broker.recover-after-ms: 'soon' is not a whole number"), e.problems());
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
