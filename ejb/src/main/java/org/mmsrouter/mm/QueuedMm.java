package org.mmsrouter.mm;

import java.time.Instant;
import java.util.List;

/**
 * One accepted MM as it travels through the queue: the PDU bytes exactly as received, and the
 * metadata the router needs to forward and account for it.
 *
 * @param routerMessageId the router's own id for this MM (also the JMS correlation key)
 * @param transactionId   the request's X-Mms-Transaction-ID, or {@code null}
 * @param arrival         when the ingress accepted it
 * @param expiresAt       when it must be given up (its X-Mms-Expiry, or the configured default)
 * @param sourceAddress   the WAP gateway's IP address
 * @param headers         HTTP headers passed on to the MMSC
 * @param pdu             the m-send-req, byte for byte
 */
public record QueuedMm(
        String routerMessageId,
        String transactionId,
        Instant arrival,
        Instant expiresAt,
        String sourceAddress,
        List<KeptHeader> headers,
        byte[] pdu) {

    public QueuedMm {
        headers = List.copyOf(headers);
    }
}
