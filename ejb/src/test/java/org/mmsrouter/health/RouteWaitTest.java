package org.mmsrouter.health;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

class RouteWaitTest {

    private final AtomicBoolean routable = new AtomicBoolean();
    private final AtomicBoolean suspending = new AtomicBoolean();
    /** How often the wait has looked whether an MMSC is up: twice or more means it has waited. */
    private final AtomicInteger looks = new AtomicInteger();

    private final RouteWait wait = new RouteWait(
            () -> {
                looks.incrementAndGet();
                return routable.get();
            },
            suspending::get,
            Duration.ofMillis(20));

    /** Runs {@code wait.await(max)} on another thread; returns its answer and how long it took. */
    private CompletableFuture<Long> awaitInBackground(Duration max, AtomicBoolean answer) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                long started = System.nanoTime();
                answer.set(wait.await(max));
                return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    /** Polls {@code condition} until it holds, at most 5 s. */
    private static void within5s(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, what + " within 5 s");
            TimeUnit.MILLISECONDS.sleep(5);
        }
    }

    private void waitingInBackground() throws InterruptedException {
        within5s("the forwarder is waiting", () -> looks.get() >= 2);
    }

    private static long millis(long startedNanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedNanos);
    }

    @Test
    void returnsAtOnceWhenAnMmscIsUp() throws Exception {
        routable.set(true);
        assertTrue(wait.await(Duration.ofSeconds(30)));
    }

    @Test
    void givesUpAfterTheWaitWhenNothingComesUp() throws Exception {
        long started = System.nanoTime();
        assertFalse(wait.await(Duration.ofMillis(100)));
        assertTrue(millis(started) >= 100);
    }

    @Test
    void wokenWhenAnMmscComesUp() throws Exception {
        AtomicBoolean answer = new AtomicBoolean();
        CompletableFuture<Long> waited = awaitInBackground(Duration.ofSeconds(30), answer);
        waitingInBackground();
        routable.set(true);
        wait.routableChanged();
        assertTrue(waited.get(5, TimeUnit.SECONDS) < 5_000);
        assertTrue(answer.get());
    }

    @Test
    void letsGoWhenTheServerIsSuspendedAndWaitsAgainOnceResumed() throws Exception {
        AtomicBoolean answer = new AtomicBoolean(true);
        CompletableFuture<Long> waited = awaitInBackground(Duration.ofSeconds(30), answer);
        waitingInBackground();
        suspending.set(true); // nobody signals: the wait has to look for itself
        assertTrue(waited.get(5, TimeUnit.SECONDS) < 5_000);
        assertFalse(answer.get());

        suspending.set(false); // resumed: seen within one check, then waiting is normal again
        within5s("a wait after the resume lasts its full time", () -> {
            long started = System.nanoTime();
            try {
                return !wait.await(Duration.ofMillis(150)) && millis(started) >= 150;
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    @Test
    void asksTheSlowSuspensionCheckOncePerPeriodHoweverManyWait() throws Exception {
        AtomicInteger asked = new AtomicInteger();
        RouteWait shared = new RouteWait(
                () -> false,
                () -> {
                    asked.incrementAndGet();
                    return false;
                },
                Duration.ofSeconds(10));
        for (int i = 0; i < 20; i++) {
            assertFalse(shared.await(Duration.ofMillis(1)));
        }
        assertTrue(asked.get() <= 2, "asked " + asked.get() + " times in 20 short waits");
    }

    @Test
    void letsGoForGoodWhenTheApplicationStops() throws Exception {
        AtomicBoolean answer = new AtomicBoolean(true);
        CompletableFuture<Long> waited = awaitInBackground(Duration.ofSeconds(30), answer);
        waitingInBackground();
        wait.stop();
        assertTrue(waited.get(5, TimeUnit.SECONDS) < 5_000);
        assertFalse(answer.get());
        assertTrue(wait.stopped());
        long started = System.nanoTime();
        assertFalse(wait.await(Duration.ofSeconds(30)));
        assertTrue(millis(started) < 5_000);
    }
}
