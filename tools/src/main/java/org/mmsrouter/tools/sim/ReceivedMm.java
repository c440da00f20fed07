package org.mmsrouter.tools.sim;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One MM a simulated MMSC accepted.
 *
 * @param sequence      1, 2, 3… per simulator
 * @param transactionId the request's X-Mms-Transaction-ID
 * @param messageId     the Message-ID the simulator assigned
 * @param receivedAt    arrival time
 * @param headers       the HTTP request headers, names lower-cased
 * @param pdu           the request body, byte for byte
 */
public record ReceivedMm(
        int sequence,
        String transactionId,
        String messageId,
        Instant receivedAt,
        Map<String, List<String>> headers,
        byte[] pdu) {}
