package org.mmsrouter.health;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class RouteWaitTest {

    private final AtomicBoolean routable = new AtomicBoolean();
    private final AtomicBoolean suspending = new AtomicBoolean();
    private final RouteWait wait = new RouteWait(routable::get, suspending::get, Duration.ofMillis(20));

    /** Runs {@code wait.await(max)} on another thread; returns its answer and how long it took. */
    private CompletableFuture<Long> awaitInBackground(Duration max, AtomicBoolean answer) {
        return CompletableFuture.supplyAsync(() -> {
            long started = System.nanoTime();
            try {
                answer.set(wait.await(max));
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        });
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
        assertTrue(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started) >= 100);
    }

    @Test
    void wokenWhenAnMmscComesUp() throws Exception {
        AtomicBoolean answer = new AtomicBoolean();
        CompletableFuture<Long> waited = awaitInBackground(Duration.ofSeconds(30), answer);
        Thread.sleep(100);
        routable.set(true);
        wait.routableChanged();
        assertTrue(waited.get(5, TimeUnit.SECONDS) < 5_000);
        assertTrue(answer.get());
    }

    @Test
    void letsGoWhenTheServerIsSuspendedAndWaitsAgainOnceResumed() throws Exception {
        AtomicBoolean answer = new AtomicBoolean(true);
        CompletableFuture<Long> waited = awaitInBackground(Duration.ofSeconds(30), answer);
        Thread.sleep(100);
        suspending.set(true);   // nobody signals: the wait has to look for itself
        assertTrue(waited.get(5, TimeUnit.SECONDS) < 5_000);
        assertFalse(answer.get());

        suspending.set(false);   // resumed: waiting is normal again
        long started = System.nanoTime();
        assertFalse(wait.await(Duration.ofMillis(150)));
        assertTrue(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started) >= 150);
    }

    @Test
    void letsGoForGoodWhenTheApplicationStops() throws Exception {
        AtomicBoolean answer = new AtomicBoolean(true);
        CompletableFuture<Long> waited = awaitInBackground(Duration.ofSeconds(30), answer);
        Thread.sleep(100);
        wait.stop();
        assertTrue(waited.get(5, TimeUnit.SECONDS) < 5_000);
        assertFalse(answer.get());
        assertTrue(wait.stopped());
        long started = System.nanoTime();
        assertFalse(wait.await(Duration.ofSeconds(30)));
        assertTrue(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started) < 5_000);
    }
}
