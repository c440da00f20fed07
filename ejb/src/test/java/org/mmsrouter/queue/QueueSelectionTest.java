package org.mmsrouter.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class QueueSelectionTest {

    static final Instant NOW = Instant.parse("2026-12-05T12:00:00Z");

    static QueuedMmView mm(String mmsc, String sender, List<String> recipients, Duration age, QueueState state) {
        return new QueuedMmView(
                "r-" + sender + age.toSeconds(),
                "t-1",
                false,
                state,
                sender,
                recipients,
                30_000,
                NOW.minus(age),
                NOW.plusSeconds(3600),
                0,
                null,
                null,
                mmsc);
    }

    @Test
    void noParametersSelectEverything() {
        QueueSelection all = QueueSelection.parse(Map.of());
        assertEquals(QueueSelection.ALL, all);
        assertTrue(all.matches(mm(null, null, List.of(), Duration.ZERO, QueueState.HELD), NOW));
    }

    @Test
    void everyCriterionMustHold() {
        QueueSelection selection = QueueSelection.parse(Map.of(
                "mmsc", "mmsc-a", "sender", "+4479", "recipient", "+4915", "olderThan", "10m", "state", "waiting"));
        QueuedMmView match = mm(
                "mmsc-a",
                "+447911/TYPE=PLMN",
                List.of("+491511/TYPE=PLMN"),
                Duration.ofMinutes(11),
                QueueState.WAITING);
        assertTrue(selection.matches(match, NOW));
        assertFalse(selection.matches(
                mm("mmsc-b", match.sender(), match.recipients(), Duration.ofMinutes(11), QueueState.WAITING), NOW));
        assertFalse(selection.matches(
                mm("mmsc-a", "+4420", match.recipients(), Duration.ofMinutes(11), QueueState.WAITING), NOW));
        assertFalse(selection.matches(
                mm("mmsc-a", match.sender(), List.of("+4420"), Duration.ofMinutes(11), QueueState.WAITING), NOW));
        assertFalse(selection.matches(
                mm("mmsc-a", match.sender(), match.recipients(), Duration.ofMinutes(9), QueueState.WAITING), NOW));
        assertFalse(selection.matches(
                mm("mmsc-a", match.sender(), match.recipients(), Duration.ofMinutes(11), QueueState.READY), NOW));
    }

    @Test
    void anyRecipientMaySatisfyTheRecipientPrefix() {
        QueueSelection selection = QueueSelection.parse(Map.of("recipient", "+4917"));
        assertTrue(selection.matches(mm(null, "+1", List.of("+4915", "+49176"), Duration.ZERO, QueueState.READY), NOW));
    }

    @Test
    void noneSelectsMmsNotTriedYet() {
        QueueSelection none = QueueSelection.parse(Map.of("mmsc", QueueSelection.NO_MMSC));
        assertTrue(none.matches(mm(null, "+1", List.of(), Duration.ZERO, QueueState.READY), NOW));
        assertFalse(none.matches(mm("mmsc-a", "+1", List.of(), Duration.ZERO, QueueState.READY), NOW));
    }

    @Test
    void ageBoundsAreHalfOpen() {
        QueueSelection window = QueueSelection.parse(Map.of("olderThan", "60", "newerThan", "PT2M"));
        assertTrue(window.matches(mm(null, "+1", List.of(), Duration.ofSeconds(60), QueueState.READY), NOW));
        assertTrue(window.matches(mm(null, "+1", List.of(), Duration.ofSeconds(119), QueueState.READY), NOW));
        assertFalse(window.matches(mm(null, "+1", List.of(), Duration.ofSeconds(120), QueueState.READY), NOW));
        assertFalse(window.matches(mm(null, "+1", List.of(), Duration.ofSeconds(59), QueueState.READY), NOW));
    }

    @Test
    void durationsInEveryDocumentedForm() {
        assertEquals(Duration.ofSeconds(600), QueueSelection.duration(Map.of("x", "600"), "x"));
        assertEquals(Duration.ofSeconds(90), QueueSelection.duration(Map.of("x", "90s"), "x"));
        assertEquals(Duration.ofMinutes(10), QueueSelection.duration(Map.of("x", "10m"), "x"));
        assertEquals(Duration.ofHours(2), QueueSelection.duration(Map.of("x", "2h"), "x"));
        assertEquals(Duration.ofDays(1), QueueSelection.duration(Map.of("x", "1d"), "x"));
        assertEquals(Duration.ofMinutes(10), QueueSelection.duration(Map.of("x", "pt10m"), "x"));
    }

    @Test
    void badInputNamesTheParameter() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> QueueSelection.parse(Map.of("olderThan", "soon")))
                .getMessage()
                .startsWith("olderThan"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> QueueSelection.parse(Map.of("state", "lost")))
                .getMessage()
                .startsWith("state"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> QueueSelection.parse(Map.of("kind", "x")))
                .getMessage()
                .startsWith("kind"));
        assertTrue(
                assertThrows(IllegalArgumentException.class, () -> QueueSelection.parse(Map.of("sender", "a' OR 1=1")))
                        .getMessage()
                        .startsWith("sender"));
        assertThrows(
                IllegalArgumentException.class,
                () -> QueueSelection.parse(Map.of("olderThan", "10m", "newerThan", "5m")));
    }

    @Test
    void equalSelectionsHaveOneCanonicalForm() {
        QueueSelection a = QueueSelection.parse(Map.of("state", "waiting,ready", "olderThan", "600"));
        QueueSelection b = QueueSelection.parse(Map.of("olderThan", "10m", "state", "ready,waiting"));
        assertEquals(a.canonical(), b.canonical());
        assertEquals("olderThan=600&state=ready,waiting", a.canonical());
    }

    @Test
    void anActionNarrowsTheStatesItMayTouch() {
        assertEquals(
                Set.of(QueueState.READY, QueueState.WAITING),
                QueueSelection.ALL
                        .within(Set.of(QueueState.READY, QueueState.WAITING))
                        .states());
        QueueSelection held = QueueSelection.parse(Map.of("state", "held"));
        assertThrows(IllegalArgumentException.class, () -> held.within(Set.of(QueueState.WAITING)));
        assertTrue(QueueSelection.parse(Map.of("sender", "+44")).bySubscriber());
        assertFalse(QueueSelection.parse(Map.of("mmsc", "a")).bySubscriber());
    }
}
