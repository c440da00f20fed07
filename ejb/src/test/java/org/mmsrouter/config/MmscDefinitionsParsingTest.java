package org.mmsrouter.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.mmsrouter.routing.AdminState;

/** The per-id keys: MMSCs (URL, routing, probes, ownership rules) and pass-throughs, as the settings parser reads them. */
class MmscDefinitionsParsingTest {

    private static final String LINEAR_TIME_HINT = " (patterns run in linear time with RE2 syntax: no backreferences,"
            + " lookahead, lookbehind, atomic groups or possessive quantifiers)";

    private static Map<String, String> defaults() {
        return new HashMap<>(SettingsSources.load(new Properties()).values());
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
}
