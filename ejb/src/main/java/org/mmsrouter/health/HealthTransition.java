package org.mmsrouter.health;

import java.time.Instant;

/** One change of an MMSC's health state, with what caused it. */
public record HealthTransition(String mmscId, MmscHealth from, MmscHealth to, String cause, Instant at) {
}
