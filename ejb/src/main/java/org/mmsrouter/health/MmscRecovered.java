package org.mmsrouter.health;

/** CDI event: an MMSC became routable while no other was, so MMs can go somewhere again. */
public record MmscRecovered(String mmscId) {}
