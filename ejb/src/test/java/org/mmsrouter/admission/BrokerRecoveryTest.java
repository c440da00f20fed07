package org.mmsrouter.admission;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.logging.Level;
import org.junit.jupiter.api.Test;

/** Every branch of {@link BrokerRecovery}, with a hand-driven clock. */
class BrokerRecoveryTest {

    private static final Duration AFTER = Duration.ofSeconds(10);
    private static final Duration FIRST = Duration.ofSeconds(60);
    private static final Duration MAX = Duration.ofMinutes(15);
    private static final Instant T0 = Instant.parse("2026-12-05T10:00:00Z");
    private static final BrokerRecovery.Store USABLE = new BrokerRecovery.Store(true, "disk headroom 900 MiB");
    private static final BrokerRecovery.Store UNUSABLE =
            new BrokerRecovery.Store(false, "journal datasource MmsRouterJournalDS: connection refused");

    private final AtomicInteger storeLooks = new AtomicInteger();
    private BrokerRecovery.Store store = USABLE;
    private final Supplier<BrokerRecovery.Store> storeLook = () -> {
        storeLooks.incrementAndGet();
        return store;
    };

    private static BrokerRecovery recovery(BrokerRecovery.History history) {
        return new BrokerRecovery(AFTER, FIRST, MAX, history);
    }

    private static Instant at(long seconds) {
        return T0.plusSeconds(seconds);
    }

    private BrokerRecovery.Step stopped(BrokerRecovery recovery, long seconds) {
        return recovery.observe(at(seconds), false, storeLook);
    }

    @Test
    void aRunningBrokerIsLeftAloneAndTheStoreNotLookedAt() {
        BrokerRecovery recovery = recovery(BrokerRecovery.History.NONE);
        for (int s = 0; s < 100; s += 10) {
            assertEquals(BrokerRecovery.Step.NOTHING, recovery.observe(at(s), true, storeLook));
        }
        assertEquals(BrokerRecovery.Phase.RUNNING, recovery.phase());
        assertEquals(0, storeLooks.get());
    }

    @Test
    void aStoppedBrokerWithAUsableStoreGetsOneReloadOnceStoppedForRecoverAfter() {
        BrokerRecovery recovery = recovery(BrokerRecovery.History.NONE);
        BrokerRecovery.Step seen = stopped(recovery, 0);
        assertFalse(seen.reload());
        assertEquals(Level.INFO, seen.level());
        assertTrue(seen.note().contains("once it has been stopped for 10000 ms"), seen.note());
        assertEquals(BrokerRecovery.Phase.STOPPED, recovery.phase());
        assertEquals(BrokerRecovery.Step.NOTHING, stopped(recovery, 9));
        assertEquals(0, storeLooks.get(), "the store is looked at only when a reload is due");

        BrokerRecovery.Step reload = stopped(recovery, 10);
        assertTrue(reload.reload());
        assertEquals(Level.WARNING, reload.level());
        assertTrue(reload.note().contains("reloading WildFly") && reload.note().contains("disk headroom 900 MiB"));
        assertEquals(BrokerRecovery.Phase.RELOAD_REQUESTED, recovery.phase());
        assertEquals(new BrokerRecovery.History(at(10), FIRST, 1), recovery.history());
    }

    @Test
    void afterARequestNoOtherBeforeTheBackOffThenDoublingUpToTheCap() {
        BrokerRecovery recovery = recovery(BrokerRecovery.History.NONE);
        stopped(recovery, 0);
        assertTrue(stopped(recovery, 10).reload());
        for (long s = 11; s < 70; s++) {
            assertEquals(BrokerRecovery.Step.NOTHING, stopped(recovery, s), "second " + s);
        }
        BrokerRecovery.Step again = stopped(recovery, 70);
        assertTrue(again.reload(), "the back-off is over and the broker still stopped: another reload");
        assertEquals(Duration.ofSeconds(120), recovery.history().backOff());
        assertFalse(stopped(recovery, 189).reload());
        assertTrue(stopped(recovery, 190).reload());
        assertEquals(Duration.ofSeconds(240), recovery.history().backOff());
        long t = 190;
        for (int i = 0; i < 6; i++) {
            t += recovery.history().backOff().toSeconds();
            assertTrue(stopped(recovery, t).reload());
        }
        assertEquals(MAX, recovery.history().backOff(), "capped");
        assertEquals(9, recovery.history().requests());
    }

    @Test
    void anUnusableStoreMeansNoReloadAndOneLineUntilItIsUsableAgain() {
        BrokerRecovery recovery = recovery(BrokerRecovery.History.NONE);
        store = UNUSABLE;
        stopped(recovery, 0);
        BrokerRecovery.Step waiting = stopped(recovery, 10);
        assertFalse(waiting.reload());
        assertEquals(Level.WARNING, waiting.level());
        assertTrue(
                waiting.note().contains("connection refused") && waiting.note().contains("no reload"));
        assertEquals(BrokerRecovery.Phase.WAITING_FOR_STORE, recovery.phase());
        for (long s = 11; s < 300; s++) {
            assertEquals(BrokerRecovery.Step.NOTHING, stopped(recovery, s), "no loop, no second line");
        }
        assertEquals(290, storeLooks.get(), "looked at every check while waiting");
        store = USABLE;
        BrokerRecovery.Step reload = stopped(recovery, 300);
        assertTrue(reload.reload());
        assertTrue(reload.note().contains("(300 s)"), reload.note());
        assertEquals(FIRST, recovery.history().backOff());
    }

    @Test
    void anUnusableStoreAfterARequestWaitsForItAndKeepsTheDoubledBackOff() {
        BrokerRecovery recovery = recovery(BrokerRecovery.History.NONE);
        stopped(recovery, 0);
        assertTrue(stopped(recovery, 10).reload());
        store = UNUSABLE;
        assertFalse(stopped(recovery, 70).reload());
        assertEquals(BrokerRecovery.Phase.WAITING_FOR_STORE, recovery.phase());
        store = USABLE;
        assertTrue(stopped(recovery, 100).reload());
        assertEquals(Duration.ofSeconds(120), recovery.history().backOff());
    }

    @Test
    void aNewDeploymentHonoursTheBackOffOfTheRequestBeforeItsReload() {
        // The reload started a new deployment whose broker stopped again at once.
        BrokerRecovery recovery = recovery(new BrokerRecovery.History(at(0), FIRST, 1));
        stopped(recovery, 20);
        BrokerRecovery.Step backingOff = stopped(recovery, 30);
        assertFalse(backingOff.reload());
        assertEquals(Level.WARNING, backingOff.level());
        assertTrue(backingOff.note().contains("not reloading again before " + at(60)), backingOff.note());
        assertEquals(BrokerRecovery.Phase.BACKING_OFF, recovery.phase());
        assertEquals(BrokerRecovery.Step.NOTHING, stopped(recovery, 59));
        assertEquals(0, storeLooks.get());
        assertTrue(stopped(recovery, 60).reload());
        assertEquals(new BrokerRecovery.History(at(60), Duration.ofSeconds(120), 2), recovery.history());
    }

    @Test
    void aStopLongAfterTheLastBackOffIsANewIncident() {
        BrokerRecovery.History dayOld = new BrokerRecovery.History(at(0), Duration.ofSeconds(480), 4);
        BrokerRecovery recovery = recovery(dayOld);
        long later = 480 + MAX.toSeconds();
        stopped(recovery, later);
        assertTrue(stopped(recovery, later + 10).reload());
        assertEquals(new BrokerRecovery.History(at(later + 10), FIRST, 5), recovery.history());
    }

    @Test
    void aNewDeploymentAfterAnAutomaticReloadSaysTheBrokerRunsAgainOnce() {
        BrokerRecovery recovery = recovery(new BrokerRecovery.History(at(0), FIRST, 3));
        BrokerRecovery.Step first = recovery.observe(at(25), true, storeLook);
        assertEquals(Level.INFO, first.level());
        assertTrue(first.note().contains("runs again after the automatic reload"), first.note());
        assertEquals(BrokerRecovery.Step.NOTHING, recovery.observe(at(26), true, storeLook));
        assertEquals(
                BrokerRecovery.Step.NOTHING,
                recovery(new BrokerRecovery.History(at(0), FIRST, 3)).observe(at(600), true, storeLook),
                "long after the back-off: nothing to say");
    }

    @Test
    void aBrokerThatComesBackByItselfEndsTheRecovery() {
        BrokerRecovery recovery = recovery(BrokerRecovery.History.NONE);
        stopped(recovery, 0);
        BrokerRecovery.Step back = recovery.observe(at(5), true, storeLook);
        assertFalse(back.reload());
        assertEquals(Level.INFO, back.level());
        assertTrue(back.note().contains("runs again"));
        assertEquals(BrokerRecovery.Phase.RUNNING, recovery.phase());
        // A later stop counts from its own start.
        stopped(recovery, 100);
        assertFalse(stopped(recovery, 109).reload());
        assertTrue(stopped(recovery, 110).reload());
    }

    @Test
    void aSuspendedOrStoppingWildFlyIsLeftAloneAndTheWaitStartsAgainAfterIt() {
        BrokerRecovery recovery = recovery(BrokerRecovery.History.NONE);
        stopped(recovery, 0);
        BrokerRecovery.Step aside =
                recovery.standAside("WildFly is suspending (an operator's suspend or a clean stop)");
        assertFalse(aside.reload());
        assertEquals(Level.INFO, aside.level());
        assertTrue(aside.note().contains("stands aside: WildFly is suspending"), aside.note());
        assertEquals(BrokerRecovery.Step.NOTHING, recovery.standAside("WildFly is suspending"));
        // Resumed with the broker still stopped: recover-after counts from now, not from the first stop.
        stopped(recovery, 30);
        assertFalse(stopped(recovery, 39).reload());
        assertTrue(stopped(recovery, 40).reload());
        assertEquals(1, storeLooks.get(), "the store was looked at once, for the reload");
    }

    @Test
    void zeroOrNegativeRecoverAfterNeverReloadsAndSaysSoOnce() {
        for (Duration off : new Duration[] {Duration.ZERO, Duration.ofMillis(-1)}) {
            BrokerRecovery recovery = new BrokerRecovery(off, FIRST, MAX, BrokerRecovery.History.NONE);
            assertFalse(recovery.enabled());
            BrokerRecovery.Step said = stopped(recovery, 0);
            assertFalse(said.reload());
            assertTrue(said.note().contains("automatic broker recovery is off"), said.note());
            assertTrue(said.note().contains("mmsrouter.broker.recover-after-ms=" + off.toMillis()), said.note());
            for (long s = 1; s < 1000; s += 7) {
                assertEquals(BrokerRecovery.Step.NOTHING, stopped(recovery, s));
            }
            assertEquals(BrokerRecovery.Phase.OFF, recovery.phase());
            assertEquals(BrokerRecovery.Step.NOTHING, recovery.observe(at(2000), true, storeLook));
            assertNull(recovery.history().lastRequest());
        }
        assertEquals(0, storeLooks.get());
    }
}
