package org.mmsrouter.systemtest.harness;

import java.time.Duration;
import java.util.Locale;
import java.util.function.BooleanSupplier;

/** Waiting for a condition across processes, always with a deadline. */
public final class Await {

    private static final Duration POLL = Duration.ofMillis(200);

    private Await() {}

    /**
     * Polls {@code condition} until it holds and returns how long that took; fails with
     * "{@code what} (not within N s)" at the deadline. A condition that throws counts as not (yet)
     * holding: a server still starting refuses connections.
     */
    public static Duration until(String what, Duration within, BooleanSupplier condition) {
        long started = System.nanoTime();
        long deadline = started + within.toNanos();
        RuntimeException last = null;
        while (true) {
            try {
                if (condition.getAsBoolean()) {
                    return Duration.ofNanos(System.nanoTime() - started);
                }
            } catch (RuntimeException e) {
                last = e;
            }
            if (System.nanoTime() - deadline >= 0) {
                AssertionError failure = new AssertionError(what + " (not within " + within.toSeconds() + " s)");
                if (last != null) {
                    failure.addSuppressed(last);
                }
                throw failure;
            }
            pause(POLL);
        }
    }

    /**
     * Polls {@code condition} until it holds or the deadline passes, without failing: for a wait after
     * which the test counts what arrived and says what is missing (a condition that throws counts as not
     * holding). Returns whether it held.
     */
    public static boolean holdsWithin(Duration within, BooleanSupplier condition) {
        try {
            until("(not failing)", within, condition);
            return true;
        } catch (AssertionError e) {
            return false;
        }
    }

    /** Sleeps, for pacing a scenario (never as a substitute for waiting on a condition). */
    public static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** Seconds with one decimal, as the figures print them. */
    public static String seconds(Duration duration) {
        return String.format(Locale.ROOT, "%.1f s", duration.toMillis() / 1000.0);
    }
}
