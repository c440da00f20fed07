package org.mmsrouter.tools.sim;

import org.mmsrouter.pdu.MessageType;

/**
 * A follow-up PDU a simulated MMSC accepted about a message it holds.
 *
 * @param type            its message type (m-acknowledge-ind, m-forward-req, ...)
 * @param transactionId   its X-Mms-Transaction-ID, or null
 * @param messageId       its Message-ID, or null
 * @param contentLocation its X-Mms-Content-Location, or null
 * @param pdu             the bytes as received
 */
public record ReceivedFollowUp(
        MessageType type, String transactionId, String messageId, String contentLocation, byte[] pdu) {}
