package org.mmsrouter.health;

import java.time.Instant;

/**
 * One change of an MMSC's health state: when, from what to what, and what caused it.
 *
 * @param source whether a probe or forwarding traffic saw the observation that moved it
 * @param cause  the observation in words, e.g. "HTTP 500" or "ConnectException (3 failures in a row)"
 */
public record HealthTransition(
        String mmscId, MmscHealth from, MmscHealth to, ObservationSource source, String cause, Instant at) {}
