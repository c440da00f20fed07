package org.mmsrouter.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class HealthTrackerTest {

    private static final HealthThresholds RISE_2_FALL_3 = new HealthThresholds(2, 3, Duration.ofMinutes(5), 2);

    private Instant now = Instant.parse("2026-11-28T12:00:00Z");
    private final HealthTracker tracker = new HealthTracker("a", RISE_2_FALL_3, now);

    private Optional<HealthTransition> see(boolean alive) {
        now = now.plusMillis(250);
        return tracker.observe(alive, ObservationSource.PROBE, alive ? "HTTP 200" : "ConnectException", now);
    }

    @Test
    void theFirstSuccessMakesAnUnknownMmscUp() {
        assertEquals(MmscHealth.UNKNOWN, tracker.state());
        assertEquals(MmscHealth.UP, see(true).orElseThrow().to());
        assertTrue(tracker.state().routable());
    }

    @Test
    void theFirstFailureTakesAnUpMmscOutOfRoutingAndFallFailuresMakeItDown() {
        see(true);
        HealthTransition suspect = see(false).orElseThrow();
        assertEquals(MmscHealth.SUSPECT, suspect.to());
        assertFalse(tracker.state().routable(), "no new traffic from the first failure on");
        assertTrue(tracker.state().probedFast());
        assertEquals(Optional.empty(), see(false), "second failure: still SUSPECT");
        HealthTransition down = see(false).orElseThrow();
        assertEquals(MmscHealth.DOWN, down.to());
        assertEquals("ConnectException (3 failures in a row)", down.cause());
    }

    @Test
    void aSuspectMmscThatAnswersIsUpAgainAtOnce() {
        see(true);
        see(false);
        assertEquals(MmscHealth.UP, see(true).orElseThrow().to());
        assertEquals(MmscHealth.SUSPECT, see(false).orElseThrow().to(), "the failure count started again");
    }

    @Test
    void aDownMmscNeedsRiseSuccessesInARowAndAFailureRestartsTheCount() {
        see(true);
        see(false);
        see(false);
        see(false);
        assertEquals(Optional.empty(), see(true));
        assertEquals(Optional.empty(), see(false), "a failure while DOWN keeps it DOWN");
        assertEquals(Optional.empty(), see(true), "first of a new run of successes");
        HealthTransition up = see(true).orElseThrow();
        assertEquals(MmscHealth.UP, up.to());
        assertEquals("HTTP 200 (2 successes in a row)", up.cause());
    }

    @Test
    void anMmscThatFlapsNeedsMoreSuccessesEachTimeUntilTheWindowPasses() {
        see(true);
        List<Integer> successesNeeded = new ArrayList<>();
        for (int fall = 0; fall < 4; fall++) {
            see(false);
            see(false);
            see(false);
            assertEquals(MmscHealth.DOWN, tracker.state());
            int successes = 0;
            while (tracker.state() != MmscHealth.UP) {
                see(true);
                successes++;
            }
            successesNeeded.add(successes);
        }
        // flap limit 2: the third and fourth falls within 5 minutes double rise each time.
        assertEquals(List.of(2, 2, 4, 8), successesNeeded);

        now = now.plus(Duration.ofMinutes(6));
        see(false);
        see(false);
        see(false);
        assertEquals(2, tracker.requiredRise(), "old falls are forgotten");
    }

    @Test
    void dampingNeverAsksForMoreThanTheCap() {
        HealthTracker flappy = new HealthTracker("b", new HealthThresholds(8, 1, Duration.ofHours(1), 1), now);
        for (int i = 0; i < 20; i++) {
            now = now.plusSeconds(1);
            flappy.observe(false, ObservationSource.TRAFFIC, "x", now);
            for (int s = 0; s < HealthThresholds.MAX_RISE && flappy.state() != MmscHealth.UP; s++) {
                now = now.plusSeconds(1);
                flappy.observe(true, ObservationSource.PROBE, "ok", now);
            }
        }
        assertEquals(HealthThresholds.MAX_RISE, flappy.requiredRise());
    }

    @Test
    void fallOneGoesStraightToDownAndAnUnknownMmscThatFailsIsDown() {
        HealthTracker strict = new HealthTracker("c", new HealthThresholds(1, 1, Duration.ZERO, 1), now);
        assertEquals(
                MmscHealth.DOWN,
                strict.observe(false, ObservationSource.PROBE, "x", now)
                        .orElseThrow()
                        .to());
        assertEquals(
                MmscHealth.UP,
                strict.observe(true, ObservationSource.PROBE, "ok", now)
                        .orElseThrow()
                        .to());
        assertEquals(
                MmscHealth.DOWN,
                strict.observe(false, ObservationSource.TRAFFIC, "x", now)
                        .orElseThrow()
                        .to());
    }
}
