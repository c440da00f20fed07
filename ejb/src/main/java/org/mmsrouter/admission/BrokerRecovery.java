package org.mmsrouter.admission;

import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;
import java.util.logging.Level;

/**
 * Decides when the router starts a stopped message broker again by itself. Artemis stops its
 * broker for good on a critical I/O error (a full journal volume, a lost JDBC lease lock after a
 * database outage or a partition) while WildFly keeps running; only a reload starts it again. Rule:
 * once the broker has been seen stopped for {@code recoverAfter} and its store is usable again, ask
 * for one reload; after a request wait at least its back-off (doubling from {@code firstBackOff} up
 * to {@code maxBackOff}) before another, so a store that keeps failing cannot cause a loop of
 * reloads. Each decision is returned once, as a {@link Step} with a log line, the moment it changes.
 *
 * <p>The {@link History} of requests outlives this object (a reload starts a new deployment): the
 * caller keeps it and hands it to the next instance. Plain logic, driven by one thread; time is
 * passed in.
 */
public final class BrokerRecovery {

    /** The setting that turns recovery off (0 or negative) or sets its wait. */
    static final String SETTING = "mmsrouter.broker.recover-after-ms";

    /** Where the recovery stands. */
    public enum Phase {
        /** The broker runs (or no look yet). */
        RUNNING,
        /** Automatic recovery is off: a person reloads WildFly. */
        OFF,
        /** Seen stopped; waiting for it to have been stopped for {@code recoverAfter}. */
        STOPPED,
        /** Stopped long enough, but its store is not usable: no reload would help. */
        WAITING_FOR_STORE,
        /** A reload was asked for recently (maybe by an earlier deployment): its back-off runs. */
        BACKING_OFF,
        /** This instance asked for a reload; it has not taken effect yet. */
        RELOAD_REQUESTED
    }

    /**
     * Whether the store the broker needs can take writes again.
     *
     * @param usable      whether a start of the broker could succeed
     * @param description what was looked at, for the log ("journal datasource MmsRouterJournalDS answers; disk headroom 900 MiB")
     */
    public record Store(boolean usable, String description) {}

    /**
     * The reload requests so far, kept across reloads.
     *
     * @param lastRequest when the last reload was asked for (null: never)
     * @param backOff     the wait after it before another
     * @param requests    reload requests so far
     */
    public record History(Instant lastRequest, Duration backOff, long requests) {
        /** No request yet. */
        public static final History NONE = new History(null, Duration.ZERO, 0);

        /** Whether {@code now} is still within the back-off of the last request. */
        boolean backingOff(Instant now) {
            return lastRequest != null && now.isBefore(lastRequest.plus(backOff));
        }
    }

    /**
     * The outcome of one look.
     *
     * @param reload whether to reload WildFly now
     * @param level  the log level of {@code note}
     * @param note   what was decided and why, once per decision (null: nothing new)
     */
    public record Step(boolean reload, Level level, String note) {
        static final Step NOTHING = new Step(false, Level.FINE, null);

        static Step note(Level level, String note) {
            return new Step(false, level, note);
        }
    }

    private final Duration recoverAfter;
    private final Duration firstBackOff;
    private final Duration maxBackOff;
    private History history;
    private Phase phase = Phase.RUNNING;
    private Instant stoppedSince;
    private boolean looked;

    /**
     * @param recoverAfter how long the broker must have been stopped before a reload (zero or
     *                     negative: never, a person reloads)
     * @param firstBackOff the wait after a first request before another
     * @param maxBackOff   the cap of the doubling wait; a stop this long after the last back-off
     *                     ended counts as a new incident and starts from {@code firstBackOff} again
     * @param history      the requests of earlier deployments ({@link History#NONE} if none)
     */
    public BrokerRecovery(Duration recoverAfter, Duration firstBackOff, Duration maxBackOff, History history) {
        this.recoverAfter = recoverAfter;
        this.firstBackOff = firstBackOff;
        this.maxBackOff = maxBackOff;
        this.history = history;
    }

    /** Whether recovery may ever reload. */
    public boolean enabled() {
        return !recoverAfter.isNegative() && !recoverAfter.isZero();
    }

    /**
     * One look at the broker. The store is looked at only when a reload is due otherwise (looking at
     * a database that is away may take seconds).
     */
    public Step observe(Instant now, boolean brokerRunning, Supplier<Store> store) {
        boolean first = !looked;
        looked = true;
        if (brokerRunning) {
            Phase before = phase;
            phase = Phase.RUNNING;
            if (first && history.lastRequest() != null && history.backingOff(now)) {
                return Step.note(
                        Level.INFO,
                        "MMS Router: the message broker runs again after the automatic reload requested at "
                                + history.lastRequest() + " (automatic recovery " + history.requests() + ")");
            }
            return before == Phase.RUNNING || before == Phase.OFF
                    ? Step.NOTHING
                    : Step.note(
                            Level.INFO, "MMS Router: the message broker runs again; automatic recovery stands down");
        }
        if (!enabled()) {
            if (phase == Phase.OFF) {
                return Step.NOTHING;
            }
            phase = Phase.OFF;
            return Step.note(
                    Level.INFO,
                    "MMS Router: automatic broker recovery is off (" + SETTING + "=" + recoverAfter.toMillis()
                            + "): a person must reload WildFly to start the broker again");
        }
        if (phase == Phase.RUNNING) {
            phase = Phase.STOPPED;
            stoppedSince = now;
            return Step.note(
                    Level.INFO,
                    "MMS Router: automatic broker recovery: WildFly is reloaded to start the broker again once it has"
                            + " been stopped for " + recoverAfter.toMillis() + " ms and its store is usable ("
                            + SETTING + "; 0 turns this off)");
        }
        Duration stopped = Duration.between(stoppedSince, now);
        if (stopped.compareTo(recoverAfter) < 0) {
            return Step.NOTHING;
        }
        if (history.backingOff(now)) {
            if (phase == Phase.RELOAD_REQUESTED || phase == Phase.BACKING_OFF) {
                return Step.NOTHING;
            }
            phase = Phase.BACKING_OFF;
            return Step.note(
                    Level.WARNING,
                    "MMS Router: the message broker is still stopped, but WildFly was last reloaded for it at "
                            + history.lastRequest() + ": not reloading again before "
                            + history.lastRequest().plus(history.backOff()) + " (back-off)");
        }
        Store seen = store.get();
        if (!seen.usable()) {
            if (phase == Phase.WAITING_FOR_STORE) {
                return Step.NOTHING;
            }
            phase = Phase.WAITING_FOR_STORE;
            return Step.note(
                    Level.WARNING,
                    "MMS Router: the message broker has been stopped for " + stopped.toSeconds()
                            + " s, but its store is not usable (" + seen.description()
                            + "): no reload until it is; looking again at every check");
        }
        history = new History(now, nextBackOff(now), history.requests() + 1);
        phase = Phase.RELOAD_REQUESTED;
        return new Step(
                true,
                Level.WARNING,
                "MMS Router: reloading WildFly to start the message broker again (automatic recovery "
                        + history.requests() + "): it has been stopped since " + stoppedSince + " ("
                        + stopped.toSeconds() + " s) and its store is usable (" + seen.description()
                        + "); if it is still stopped " + history.backOff().toSeconds() + " s from now, another");
    }

    /**
     * WildFly itself is starting, stopping or suspended (an operator's {@code :suspend}, the first step
     * of a clean stop): a broker stopped then is no case for a reload, which would turn an ordinary
     * stop into a restart. Any wait starts again once WildFly runs; says so once if one was running.
     */
    public Step standAside(String why) {
        Phase before = phase;
        phase = Phase.RUNNING;
        looked = true;
        return before == Phase.RUNNING || before == Phase.OFF
                ? Step.NOTHING
                : Step.note(Level.INFO, "MMS Router: automatic broker recovery stands aside: " + why);
    }

    /** Doubles after a recent request (to the cap); a request long ago is another incident. */
    private Duration nextBackOff(Instant now) {
        Instant last = history.lastRequest();
        if (last == null || !now.isBefore(last.plus(history.backOff()).plus(maxBackOff))) {
            return firstBackOff;
        }
        Duration doubled = history.backOff().multipliedBy(2);
        return doubled.compareTo(maxBackOff) > 0 ? maxBackOff : doubled;
    }

    /** The requests so far, to hand to the next deployment. */
    public History history() {
        return history;
    }

    public Phase phase() {
        return phase;
    }
}
