package org.mmsrouter.forward;

import org.mmsrouter.pdu.SendConf;

/**
 * Typed result of one forwarding attempt. Retry, failover and dead-lettering are decided from
 * this type in one place, never from exception text.
 */
public sealed interface ForwardOutcome {

    /** The MMSC took the MM and answered this m-send-conf (raw bytes kept for relaying). */
    record Accepted(String mmscId, SendConf sendConf, byte[] rawSendConf) implements ForwardOutcome {
    }

    /** Worth retrying later or elsewhere: connection refused, timeout, 5xx, transient status. */
    record TransientFailure(String mmscId, String reason) implements ForwardOutcome {
    }

    /** Retrying the same MM will not help: the MMSC rejected it for good. */
    record PermanentFailure(String mmscId, String reason) implements ForwardOutcome {
    }

    /** No MMSC is routable right now. */
    record NoRoute() implements ForwardOutcome {
    }
}
