package org.mmsrouter.health;

import java.time.Instant;

/**
 * Read-only view of the MMSCs' health, safe to call from any thread without going through the
 * health monitor's EJB proxy: the forwarding path asks several times per MM, and each EJB call
 * costs its interceptor chain.
 */
public interface HealthView {

    MmscHealth state(String mmscId);

    /** When the MMSC entered its current state. */
    Instant since(String mmscId);

    boolean isRoutable(String mmscId);

    boolean anyRoutable();
}
