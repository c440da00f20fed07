package org.mmsrouter.web.login;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LoginThrottleTest {

    private static final ThrottlePolicy POLICY =
            new ThrottlePolicy(3, Duration.ofSeconds(1), Duration.ofSeconds(8), Duration.ofMinutes(10), 100);

    private final MutableClock clock = new MutableClock();
    private final LoginThrottle throttle = new LoginThrottle(POLICY, clock);

    @Test
    void freeFailuresCostNothingThenTheLockDoublesUpToTheMaximum() {
        for (int i = 0; i < 3; i++) {
            throttle.failed("10.0.0.1", "noc");
            assertEquals(Optional.empty(), throttle.lockedFor("10.0.0.1", "noc"), "failure " + (i + 1) + " is free");
        }
        Duration[] expected = {
            Duration.ofSeconds(1),
            Duration.ofSeconds(2),
            Duration.ofSeconds(4),
            Duration.ofSeconds(8),
            Duration.ofSeconds(8)
        };
        for (Duration lock : expected) {
            throttle.failed("10.0.0.1", "noc");
            assertEquals(Optional.of(lock), throttle.lockedFor("10.0.0.1", "noc"));
            clock.advance(lock);
            assertEquals(Optional.empty(), throttle.lockedFor("10.0.0.1", "noc"), "unlocked after " + lock);
        }
    }

    @Test
    void aLockedSourceIsRefusedForEveryUserAndALockedUserFromEverySource() {
        for (int i = 0; i < 4; i++) {
            throttle.failed("10.0.0.1", "guess-" + i);
        }
        assertTrue(throttle.lockedFor("10.0.0.1", "noc").isPresent(), "the source is locked whatever user it names");
        assertTrue(throttle.lockedFor("10.0.0.1", null).isPresent(), "and without credentials too");
        assertEquals(Optional.empty(), throttle.lockedFor("10.0.0.2", "noc"), "another source is not");

        for (int i = 0; i < 4; i++) {
            throttle.failed("10.0.1." + i, "victim");
        }
        assertTrue(throttle.lockedFor("10.0.2.9", "victim").isPresent(), "the user is locked from any source");
        assertEquals(Optional.empty(), throttle.lockedFor("10.0.2.9", "noc"), "another user from there is not");
    }

    @Test
    void successForgetsTheUsersFailuresButNotTheSources() {
        for (int i = 0; i < 3; i++) {
            throttle.failed("10.0.0.1", "noc");
        }
        throttle.succeeded("noc");
        throttle.failed("10.0.0.9", "noc");
        assertEquals(Optional.empty(), throttle.lockedFor("10.0.0.9", "noc"), "the user starts over after a success");
        throttle.failed("10.0.0.1", "other");
        assertEquals(
                Optional.of(Duration.ofSeconds(1)),
                throttle.lockedFor("10.0.0.1", null),
                "the source's fourth failure locks it: a success of one user does not clear it");
    }

    @Test
    void failuresAreForgottenAfterTheWindow() {
        for (int i = 0; i < 5; i++) {
            throttle.failed("10.0.0.1", "noc");
        }
        clock.advance(Duration.ofMinutes(11));
        throttle.failed("10.0.0.1", "noc");
        assertEquals(
                Optional.empty(),
                throttle.lockedFor("10.0.0.1", "noc"),
                "a failure after the window is the first again");
    }

    @Test
    void everNewUserNamesCannotGrowTheStateBeyondItsBound() {
        for (int i = 0; i < 1_000; i++) {
            throttle.failed("10.0.0.1", "user-" + i);
        }
        assertTrue(throttle.size() <= POLICY.maxKeys() + 1, "kept " + throttle.size());
        assertTrue(throttle.lockedFor("10.0.0.1", "someone").isPresent(), "the source is still throttled");
    }

    @Test
    void basicUserNameIsReadFromTheHeaderAndNothingElse() {
        assertEquals("noc", LoginGuard.basicUser("Basic " + base64("noc:secret")));
        assertEquals("noc", LoginGuard.basicUser("basic " + base64("noc:a:b")));
        assertNull(LoginGuard.basicUser("Bearer abc"));
        assertNull(LoginGuard.basicUser("Basic !!!"));
        assertNull(LoginGuard.basicUser("Basic " + base64("no-colon")));
        assertNull(LoginGuard.basicUser(null));
    }

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    private static final class MutableClock extends Clock {
        private Instant now = Instant.parse("2026-12-04T12:00:00Z");

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }
}
