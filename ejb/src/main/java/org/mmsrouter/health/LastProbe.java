package org.mmsrouter.health;

import java.time.Duration;
import java.time.Instant;

/** An MMSC's most recent active probe on this node: when it started, whether it passed, how long it took. */
public record LastProbe(String mmscId, Instant at, boolean ok, Duration latency, String detail) {}
