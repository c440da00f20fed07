package org.mmsrouter.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class SettingsChangeTest {

    /** The embedded defaults with {@code changes} on top, parsed as a start or a reload would. */
    static RouterSettings settings(Map<String, String> changes) {
        Properties system = new Properties();
        changes.forEach(system::setProperty);
        return SettingsParser.parse(SettingsSources.load(system).values());
    }

    private static final RouterSettings DEFAULTS = settings(Map.of());

    @Test
    void theSameSettingsChangeNothing() {
        SettingsChange change = SettingsChange.between(DEFAULTS, settings(Map.of()));
        assertTrue(change.none());
        assertInstanceOf(ReloadOutcome.Unchanged.class, RouterConfiguration.outcomeOf(change));
    }

    @Test
    void liveSettingsAreAppliedByName() {
        SettingsChange change = SettingsChange.between(
                DEFAULTS,
                settings(Map.of(
                        "mmsrouter.mm1.answer-window-ms", "500",
                        "mmsrouter.mm1.allowed-sources", "10.0.0.0/8",
                        "mmsrouter.health.fall", "5",
                        "mmsrouter.forward.max-rate", "100",
                        "mmsrouter.mmscs", "sim-a,sim-b,sim-c",
                        "mmsrouter.mmsc.sim-c.url", "http://127.0.0.1:18083/mms")));
        assertEquals(
                List.of(
                        "mmsrouter.mmscs / mmsrouter.mmsc.*",
                        "mmsrouter.probe.* / mmsrouter.health.*",
                        "mmsrouter.forward.max-rate",
                        "mmsrouter.mm1.answer-window-ms",
                        "mmsrouter.mm1.allowed-sources"),
                change.live());
        assertTrue(change.restartOnly().isEmpty());
        ReloadOutcome outcome = RouterConfiguration.outcomeOf(change);
        assertEquals(change.live(), ((ReloadOutcome.Applied) outcome).changed());
    }

    @Test
    void aSettingFixedAtStartRefusesTheWholeReloadNamingIt() {
        SettingsChange change = SettingsChange.between(
                DEFAULTS, settings(Map.of("mmsrouter.dns.port", "5454", "mmsrouter.mm1.answer-window-ms", "500")));
        ReloadOutcome.Refused refused =
                assertInstanceOf(ReloadOutcome.Refused.class, RouterConfiguration.outcomeOf(change));
        assertEquals(
                List.of("mmsrouter.dns.*: the responder binds its port at start (needs a restart)"),
                refused.needRestart());
        assertEquals(List.of("mmsrouter.mm1.answer-window-ms"), refused.live());
    }

    @Test
    void everyFixedSectionIsNamed() {
        SettingsChange change = SettingsChange.between(
                DEFAULTS,
                settings(Map.of(
                        "mmsrouter.mm1.path", "/mms2",
                        "mmsrouter.forward.consumers", "4",
                        "mmsrouter.forward.timeout-ms", "9000",
                        "mmsrouter.node.heartbeat-ms", "3000")));
        assertEquals(4, change.restartOnly().size(), change.restartOnly().toString());
        assertTrue(change.restartOnly().stream().allMatch(reason -> reason.endsWith("(needs a restart)")));
        assertTrue(change.restartOnly().get(0).startsWith("mmsrouter.forward.timeout-ms"));
    }
}
