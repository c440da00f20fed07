package org.mmsrouter.health;

/** Outcome of one active probe: alive or not, and a short human-readable detail for logs. */
public record ProbeResult(String mmscId, boolean alive, String detail) {}
