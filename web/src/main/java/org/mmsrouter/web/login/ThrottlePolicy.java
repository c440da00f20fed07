package org.mmsrouter.web.login;

import java.time.Duration;

/**
 * How failed logins are slowed down: the first {@code freeFailures} failures of a key (a source address or
 * a user name) cost nothing; each further one locks the key for {@code firstLock}, doubling per failure up
 * to {@code maxLock}. A key whose last failure is {@code forgetAfter} old starts over.
 *
 * @param freeFailures failures allowed before the first lock
 * @param firstLock    the first lock's length
 * @param maxLock      the longest lock
 * @param forgetAfter  how long a key's failures are remembered
 * @param maxKeys      keys remembered at most (guessing with ever new user names cannot fill the heap)
 */
public record ThrottlePolicy(
        int freeFailures, Duration firstLock, Duration maxLock, Duration forgetAfter, int maxKeys) {

    /** Five free failures, then 1 s doubling to 15 min; forgotten after 15 min without a failure. */
    public static final ThrottlePolicy DEFAULT =
            new ThrottlePolicy(5, Duration.ofSeconds(1), Duration.ofMinutes(15), Duration.ofMinutes(15), 10_000);

    public ThrottlePolicy {
        if (freeFailures < 0
                || firstLock.isNegative()
                || maxLock.compareTo(firstLock) < 0
                || forgetAfter.isNegative()
                || maxKeys < 1) {
            throw new IllegalArgumentException("invalid login throttle policy");
        }
    }

    /**
     * The policy the system properties {@code mmsrouter.login.free-failures}, {@code .first-lock-ms},
     * {@code .max-lock-ms} and {@code .forget-after-ms} give, the defaults for those not set.
     */
    public static ThrottlePolicy fromSystemProperties() {
        return new ThrottlePolicy(
                Integer.getInteger("mmsrouter.login.free-failures", DEFAULT.freeFailures()),
                Duration.ofMillis(Long.getLong(
                        "mmsrouter.login.first-lock-ms", DEFAULT.firstLock().toMillis())),
                Duration.ofMillis(Long.getLong(
                        "mmsrouter.login.max-lock-ms", DEFAULT.maxLock().toMillis())),
                Duration.ofMillis(Long.getLong(
                        "mmsrouter.login.forget-after-ms", DEFAULT.forgetAfter().toMillis())),
                DEFAULT.maxKeys());
    }

    /** The lock after the given number of failures in a row (zero while they are free). */
    Duration lockAfter(int failures) {
        int beyond = failures - freeFailures;
        if (beyond <= 0) {
            return Duration.ZERO;
        }
        Duration lock = firstLock;
        for (int i = 1; i < beyond && lock.compareTo(maxLock) < 0; i++) {
            lock = lock.multipliedBy(2);
        }
        return lock.compareTo(maxLock) > 0 ? maxLock : lock;
    }
}
