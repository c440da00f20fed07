package org.mmsrouter.forward;

import jakarta.jms.BytesMessage;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.mmsrouter.mm.KeptHeader;
import org.mmsrouter.mm.QueuedMm;

/** Maps a {@link QueuedMm} to a JMS bytes message and back: body = the PDU, metadata = properties. */
public final class MmMessages {

    public static final String ROUTER_MESSAGE_ID = "mmsRouterMessageId";
    public static final String TRANSACTION_ID = "mmsTransactionId";
    public static final String ARRIVAL_EPOCH_MS = "mmsArrivalEpochMs";
    public static final String EXPIRES_EPOCH_MS = "mmsExpiresEpochMs";
    public static final String SOURCE_ADDRESS = "mmsSourceAddress";
    public static final String KEPT_HEADERS = "mmsKeptHeaders";
    /** {@link AttemptCount}: attempts made with earlier copies, and waits for a route so far. */
    public static final String EARLIER_ATTEMPTS = "mmsEarlierAttempts";

    public static final String WAITS = "mmsWaits";
    /** On a re-queued copy: why the last attempt failed, or that it waits for a route (for the NOC's queue view). */
    public static final String LAST_ERROR = "mmsLastError";
    /** On a re-queued copy: the MMSC of the last attempt, when one was tried. */
    public static final String LAST_MMSC = "mmsLastMmsc";
    /** Why a message was dead-lettered by the router (set on dead letters only). */
    public static final String DEAD_LETTER_REASON = "mmsDeadLetterReason";

    private MmMessages() {}

    public static BytesMessage toMessage(JMSContext context, QueuedMm mm) throws JMSException {
        BytesMessage message = context.createBytesMessage();
        message.writeBytes(mm.pdu());
        message.setJMSCorrelationID(mm.routerMessageId());
        message.setStringProperty(ROUTER_MESSAGE_ID, mm.routerMessageId());
        if (mm.transactionId() != null) {
            message.setStringProperty(TRANSACTION_ID, mm.transactionId());
        }
        message.setLongProperty(ARRIVAL_EPOCH_MS, mm.arrival().toEpochMilli());
        message.setLongProperty(EXPIRES_EPOCH_MS, mm.expiresAt().toEpochMilli());
        message.setStringProperty(SOURCE_ADDRESS, mm.sourceAddress());
        message.setStringProperty(KEPT_HEADERS, encodeHeaders(mm.headers()));
        return message;
    }

    public static QueuedMm fromMessage(Message message) throws JMSException {
        if (!(message instanceof BytesMessage bytes)) {
            throw new JMSException("not a bytes message: " + message.getClass().getName());
        }
        long length = bytes.getBodyLength();
        if (length > Integer.MAX_VALUE) {
            throw new JMSException("body of " + length + " bytes is too large");
        }
        byte[] pdu = new byte[(int) length];
        bytes.readBytes(pdu);
        return new QueuedMm(
                message.getStringProperty(ROUTER_MESSAGE_ID),
                message.getStringProperty(TRANSACTION_ID),
                Instant.ofEpochMilli(message.getLongProperty(ARRIVAL_EPOCH_MS)),
                Instant.ofEpochMilli(message.getLongProperty(EXPIRES_EPOCH_MS)),
                message.getStringProperty(SOURCE_ADDRESS),
                decodeHeaders(message.getStringProperty(KEPT_HEADERS)),
                pdu);
    }

    /** The attempt count a queued message carries ({@link AttemptCount#FIRST} when it has none). */
    static AttemptCount attemptCount(Message message) throws JMSException {
        if (!message.propertyExists(EARLIER_ATTEMPTS)) {
            return AttemptCount.FIRST;
        }
        return new AttemptCount(message.getIntProperty(EARLIER_ATTEMPTS), message.getIntProperty(WAITS));
    }

    static void setAttemptCount(Message message, AttemptCount count) throws JMSException {
        message.setIntProperty(EARLIER_ATTEMPTS, count.earlierAttempts());
        message.setIntProperty(WAITS, count.waits());
    }

    /** One header per line, "name: value"; HTTP header values cannot hold a line break. */
    static String encodeHeaders(List<KeptHeader> headers) {
        StringBuilder out = new StringBuilder();
        for (KeptHeader header : headers) {
            out.append(header.name()).append(": ").append(header.value()).append('\n');
        }
        return out.toString();
    }

    static List<KeptHeader> decodeHeaders(String encoded) {
        List<KeptHeader> headers = new ArrayList<>();
        if (encoded == null) {
            return headers;
        }
        for (String line : encoded.split("\n")) {
            int colon = line.indexOf(": ");
            if (colon > 0) {
                headers.add(new KeptHeader(line.substring(0, colon), line.substring(colon + 2)));
            }
        }
        return headers;
    }
}
