package org.mmsrouter.forward;

import jakarta.jms.BytesMessage;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSException;
import jakarta.jms.Message;

/** Maps forwarding outcomes to JMS messages on the outcomes topic and back. */
final class OutcomeMessages {

    private static final String ACCEPTED = "mmsAccepted";
    private static final String MMSC = "mmsMmsc";
    private static final String EXPIRES_EPOCH_MS = "mmsExpiresEpochMs";

    private OutcomeMessages() {
    }

    /** @param expiresAt the MM's expiry (null from a sender that did not set it) */
    record Received(String routerMessageId, OutcomeBoard.Outcome outcome, java.time.Instant expiresAt) {
    }

    static BytesMessage create(JMSContext context, String routerMessageId, OutcomeBoard.Outcome outcome,
                               java.time.Instant expiresAt) throws JMSException {
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
        java.time.Instant expiresAt = message.propertyExists(EXPIRES_EPOCH_MS)
                ? java.time.Instant.ofEpochMilli(message.getLongProperty(EXPIRES_EPOCH_MS)) : null;
        return new Received(message.getJMSCorrelationID(),
                new OutcomeBoard.Outcome(message.getBooleanProperty(ACCEPTED), message.getStringProperty(MMSC), raw), expiresAt);
    }
}
