package org.mmsrouter.health;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;

/**
 * The health state machine of one MMSC. Every observation, probe or traffic, feeds it:
 * <pre>
 *   UNKNOWN --success--> UP          UNKNOWN --failure--> DOWN
 *   UP --failure--> SUSPECT          (fall = 1: straight to DOWN)
 *   SUSPECT --success--> UP          SUSPECT --failure, fall in a row--> DOWN
 *   DOWN --success, required rise in a row--> UP     (a failure restarts the count)
 * </pre>
 * Flap damping: when an MMSC has fallen more than {@code flapLimit} times within
 * {@code flapWindow}, each extra fall doubles the successes it needs to come back. Not thread-safe:
 * {@link HealthBoard} serialises the observations of each MMSC.
 */
public final class HealthTracker {

    private final String mmscId;
    /** Replaced by a settings reload; read under the board's lock on this tracker's entry. */
    private HealthThresholds thresholds;

    private final Deque<Instant> recentFalls = new ArrayDeque<>();
    private MmscHealth state = MmscHealth.UNKNOWN;
    private int failuresInARow;
    private int successesInARow;
    private Instant since;

    public HealthTracker(String mmscId, HealthThresholds thresholds, Instant now) {
        this.mmscId = mmscId;
        this.thresholds = thresholds;
        this.since = now;
    }

    /** The thresholds from the next observation on (a settings reload); the state stays as it is. */
    void useThresholds(HealthThresholds next) {
        thresholds = next;
    }

    public MmscHealth state() {
        return state;
    }

    /** When the current state began. */
    public Instant since() {
        return since;
    }

    /** Successes in a row a DOWN MMSC needs now to be UP again (rise, raised while it flaps). */
    public int requiredRise() {
        int excess = recentFalls.size() - thresholds.flapLimit();
        if (excess <= 0) {
            return thresholds.rise();
        }
        long damped = (long) thresholds.rise() << Math.min(excess, 16);
        return (int) Math.min(HealthThresholds.MAX_RISE, Math.max(thresholds.rise(), damped));
    }

    /** Feeds one observation; returns the transition if the state changed. */
    public Optional<HealthTransition> observe(boolean alive, ObservationSource source, String detail, Instant now) {
        forgetFallsBefore(now.minus(thresholds.flapWindow()));
        MmscHealth next = alive ? afterSuccess() : afterFailure();
        if (next == state) {
            return Optional.empty();
        }
        String cause = cause(alive, detail);
        HealthTransition transition = new HealthTransition(mmscId, state, next, source, cause, now);
        if (next == MmscHealth.DOWN) {
            recentFalls.addLast(now);
        }
        state = next;
        since = now;
        failuresInARow = alive ? 0 : failuresInARow;
        successesInARow = alive ? successesInARow : 0;
        return Optional.of(transition);
    }

    private MmscHealth afterSuccess() {
        failuresInARow = 0;
        successesInARow++;
        if (state == MmscHealth.DOWN) {
            if (successesInARow >= requiredRise()) {
                successesInARow = 0;
                return MmscHealth.UP;
            }
            return MmscHealth.DOWN;
        }
        successesInARow = 0;
        return MmscHealth.UP;
    }

    private MmscHealth afterFailure() {
        successesInARow = 0;
        failuresInARow++;
        if (state == MmscHealth.UNKNOWN || state == MmscHealth.DOWN) {
            return MmscHealth.DOWN;
        }
        return failuresInARow >= thresholds.fall() ? MmscHealth.DOWN : MmscHealth.SUSPECT;
    }

    private String cause(boolean alive, String detail) {
        if (state == MmscHealth.DOWN && alive) {
            return detail + " (" + requiredRise() + " successes in a row)";
        }
        if (!alive && failuresInARow > 1) {
            return detail + " (" + failuresInARow + " failures in a row)";
        }
        return detail;
    }

    private void forgetFallsBefore(Instant horizon) {
        while (!recentFalls.isEmpty() && recentFalls.peekFirst().isBefore(horizon)) {
            recentFalls.removeFirst();
        }
    }
}
