package org.mmsrouter.forward;

import jakarta.jms.BytesMessage;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import java.time.Instant;
import java.util.List;
import org.mmsrouter.mm.LearnedOwner;

/**
 * Maps what travels on the outcomes topic to JMS messages and back: forwarding outcomes, and
 * learned message owners (JMSType {@value #OWNERS_TYPE}, body {@link LearnedOwner#encode}).
 */
final class OutcomeMessages {

    static final String OWNERS_TYPE = "mms-learned-owners";

    private static final String ACCEPTED = "mmsAccepted";
    private static final String MMSC = "mmsMmsc";
    private static final String EXPIRES_EPOCH_MS = "mmsExpiresEpochMs";

    private OutcomeMessages() {}

    /** @param expiresAt the MM's expiry (null from a sender that did not set it) */
    record Received(String routerMessageId, OutcomeBoard.Outcome outcome, Instant expiresAt) {}

    static BytesMessage create(
            JMSContext context, String routerMessageId, OutcomeBoard.Outcome outcome, Instant expiresAt)
            throws JMSException {
        BytesMessage message = context.createBytesMessage();
        if (outcome.rawSendConf() != null) {
            message.writeBytes(outcome.rawSendConf());
        }
        message.setJMSCorrelationID(routerMessageId);
        message.setBooleanProperty(ACCEPTED, outcome.accepted());
        message.setStringProperty(MMSC, outcome.mmscId());
        message.setLongProperty(EXPIRES_EPOCH_MS, expiresAt.toEpochMilli());
        return message;
    }

    static BytesMessage createOwners(JMSContext context, List<LearnedOwner> owners) throws JMSException {
        BytesMessage message = context.createBytesMessage();
        message.setJMSType(OWNERS_TYPE);
        message.writeBytes(LearnedOwner.encode(owners));
        return message;
    }

    static boolean isOwners(Message message) throws JMSException {
        return OWNERS_TYPE.equals(message.getJMSType());
    }

    /** @throws JMSException if it is not a learned-owners message this version can read */
    static List<LearnedOwner> readOwners(Message message) throws JMSException {
        if (!(message instanceof BytesMessage bytes) || bytes.getBodyLength() > 64 * 1024) {
            throw new JMSException("not a learned-owners message");
        }
        byte[] body = new byte[(int) bytes.getBodyLength()];
        bytes.readBytes(body);
        try {
            return LearnedOwner.decode(body);
        } catch (IllegalArgumentException e) {
            throw new JMSException("learned owners unreadable: " + e.getMessage());
        }
    }

    static Received read(Message message) throws JMSException {
        if (!(message instanceof BytesMessage bytes)) {
            throw new JMSException("not a bytes message");
        }
        long length = bytes.getBodyLength();
        byte[] raw = null;
        if (length > 0 && length < 1_000_000) {
            raw = new byte[(int) length];
            bytes.readBytes(raw);
        }
        Instant expiresAt = message.propertyExists(EXPIRES_EPOCH_MS)
                ? Instant.ofEpochMilli(message.getLongProperty(EXPIRES_EPOCH_MS))
                : null;
        return new Received(
                message.getJMSCorrelationID(),
                new OutcomeBoard.Outcome(message.getBooleanProperty(ACCEPTED), message.getStringProperty(MMSC), raw),
                expiresAt);
    }
}
