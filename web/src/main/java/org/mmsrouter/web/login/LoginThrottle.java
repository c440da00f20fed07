package org.mmsrouter.web.login;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Slows down password guessing against the console and admin API: failed logins are counted per source
 * address and per user name, and a key with too many recent failures is locked (its requests are refused
 * before the password is even checked) for a time that doubles with each further failure. A success
 * clears the user's count, not the source's: one valid account must not let a source guess others.
 * Thread-safe; pure (the clock is given), so every branch is unit-tested.
 */
public final class LoginThrottle {

    private final ThrottlePolicy policy;
    private final Clock clock;
    private final Map<String, Failures> failures = new HashMap<>();

    public LoginThrottle(ThrottlePolicy policy, Clock clock) {
        this.policy = policy;
        this.clock = clock;
    }

    /**
     * How long the request of this source (and user, when it names one) must wait, or empty when it may
     * try its credentials now.
     */
    public synchronized Optional<Duration> lockedFor(String source, String user) {
        Instant now = clock.instant();
        Duration wait = remaining(sourceKey(source), now);
        if (user != null) {
            Duration userWait = remaining(userKey(user), now);
            wait = userWait.compareTo(wait) > 0 ? userWait : wait;
        }
        return wait.isZero() ? Optional.empty() : Optional.of(wait);
    }

    /** Credentials were tried and refused. */
    public synchronized void failed(String source, String user) {
        Instant now = clock.instant();
        if (failures.size() >= policy.maxKeys()) {
            forgetOld(now);
        }
        record(sourceKey(source), now);
        if (user != null && failures.size() < policy.maxKeys()) {
            record(userKey(user), now);
        }
    }

    /** Credentials were accepted: the user's failures are forgotten. */
    public synchronized void succeeded(String user) {
        if (user != null) {
            failures.remove(userKey(user));
        }
    }

    /** Keys remembered now (for tests and the heap bound). */
    synchronized int size() {
        return failures.size();
    }

    private void record(String key, Instant now) {
        Failures previous = failures.get(key);
        int count = previous == null || previous.forgotten(now, policy) ? 1 : previous.count() + 1;
        failures.put(key, new Failures(count, now, now.plus(policy.lockAfter(count))));
    }

    private Duration remaining(String key, Instant now) {
        Failures state = failures.get(key);
        if (state == null || !state.lockedUntil().isAfter(now)) {
            return Duration.ZERO;
        }
        return Duration.between(now, state.lockedUntil());
    }

    private void forgetOld(Instant now) {
        failures.values().removeIf(state -> state.forgotten(now, policy));
    }

    private static String sourceKey(String source) {
        return "source:" + source;
    }

    private static String userKey(String user) {
        return "user:" + user;
    }

    private record Failures(int count, Instant last, Instant lockedUntil) {
        boolean forgotten(Instant now, ThrottlePolicy policy) {
            return !lockedUntil.isAfter(now) && !last.plus(policy.forgetAfter()).isAfter(now);
        }
    }
}
