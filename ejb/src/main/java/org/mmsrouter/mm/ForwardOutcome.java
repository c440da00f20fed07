package org.mmsrouter.mm;

import org.mmsrouter.pdu.SendConf;

/**
 * Typed result of one forwarding attempt. Retry, failover and dead-lettering are decided from
 * this type in one place, never from exception text.
 */
public sealed interface ForwardOutcome {

    /** The MMSC took the MM and answered this m-send-conf (raw bytes kept for relaying). */
    record Accepted(String mmscId, SendConf sendConf, byte[] rawSendConf) implements ForwardOutcome {}

    /**
     * Worth retrying later or elsewhere: connection refused, timeout, 5xx, 408/429, transient status.
     *
     * @param possibleDuplicate the MMSC may have taken the MM anyway: the request was sent and no
     *                          answer came in time, so a retry can deliver it twice
     */
    record TransientFailure(String mmscId, String reason, boolean possibleDuplicate) implements ForwardOutcome {
        public TransientFailure(String mmscId, String reason) {
            this(mmscId, reason, false);
        }
    }

    /**
     * Retrying the same MM will not help: the MMSC rejected it for good.
     *
     * @param rawSendConf the MMSC's m-send-conf when it answered with one (relayed to the sender), else {@code null}
     */
    record PermanentFailure(String mmscId, String reason, byte[] rawSendConf) implements ForwardOutcome {
        public PermanentFailure(String mmscId, String reason) {
            this(mmscId, reason, null);
        }
    }

    /** A follow-up PDU reached the MMSC that owns its message (which answered 2xx). */
    record Delivered(String mmscId) implements ForwardOutcome {}

    /**
     * A follow-up PDU no MMSC will take: none holds the message it is about, or it cannot be read.
     * No MMSC to name, and nothing that retrying would change.
     */
    record Unowned(String reason) implements ForwardOutcome {}

    /** No MMSC is routable right now (for a follow-up PDU: not its owner). */
    record NoRoute() implements ForwardOutcome {}
}
