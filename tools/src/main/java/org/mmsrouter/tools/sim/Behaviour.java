package org.mmsrouter.tools.sim;

import java.time.Duration;

/**
 * A simulator's current behaviour.
 *
 * @param mode           what it does
 * @param delay          the delay of {@link SimMode#SLOW}, {@link SimMode#SLOW_SUBMIT} and {@link SimMode#SLOW_RETRIEVE}
 * @param responseStatus the X-Mms-Response-Status octet of {@link SimMode#STATUS}
 */
public record Behaviour(SimMode mode, Duration delay, int responseStatus) {

    public static final Behaviour HEALTHY = new Behaviour(SimMode.HEALTHY, Duration.ZERO, 0x80);

    public static Behaviour of(SimMode mode) {
        return new Behaviour(mode, Duration.ZERO, 0x80);
    }

    public static Behaviour slow(Duration delay) {
        return new Behaviour(SimMode.SLOW, delay, 0x80);
    }

    public static Behaviour slowSubmissions(Duration delay) {
        return new Behaviour(SimMode.SLOW_SUBMIT, delay, 0x80);
    }

    public static Behaviour slowRetrievals(Duration pause) {
        return new Behaviour(SimMode.SLOW_RETRIEVE, pause, 0x80);
    }

    public static Behaviour status(int responseStatus) {
        return new Behaviour(SimMode.STATUS, Duration.ZERO, responseStatus);
    }
}
