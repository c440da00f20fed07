package org.mmsrouter.forward;

import jakarta.annotation.PostConstruct;
import java.time.Instant;
import org.mmsrouter.pdu.PduFormatException;
import org.mmsrouter.pdu.SendConf;
import org.mmsrouter.retrieval.LearnedOwners;
import org.mmsrouter.retrieval.RetrievalService;

import jakarta.ejb.ActivationConfigProperty;
import jakarta.ejb.EJB;
import jakarta.ejb.MessageDriven;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageListener;
import java.util.logging.Logger;

/**
 * Hears every forwarding outcome (a non-durable subscription per node): wakes the waiting ingress,
 * and learns which MMSC took an MM (its Message-ID), also when another node forwarded it; and
 * learns the owners other nodes learned from retrievals and follow-ups.
 */
@MessageDriven(activationConfig = {
        @ActivationConfigProperty(propertyName = "destinationLookup", propertyValue = Destinations.OUTCOMES),
        @ActivationConfigProperty(propertyName = "destinationType", propertyValue = "jakarta.jms.Topic"),
        @ActivationConfigProperty(propertyName = "subscriptionDurability", propertyValue = "NonDurable")
})
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class OutcomeMdb implements MessageListener {

    /** When an outcome does not say how long its MM is valid (an older node sent it). */
    private static final java.time.Duration DEFAULT_EXPIRY = java.time.Duration.ofHours(72);

    private static final Logger LOG = Logger.getLogger(OutcomeMdb.class.getName());

    @EJB
    private OutcomeBoard board;

    @EJB
    private RetrievalService retrievals;

    /** What this node knows about message owners (a plain, thread-safe object: no bean call per outcome). */
    private LearnedOwners owners;

    @PostConstruct
    void init() {
        owners = retrievals.learnedOwners();
    }

    @Override
    public void onMessage(Message message) {
        try {
            if (OutcomeMessages.isOwners(message)) {
                OutcomeMessages.readOwners(message)
                        .forEach(o -> owners.learn(o.kind(), o.value(), o.mmscId(), o.expiresAt()));
                return;
            }
            OutcomeMessages.Received received = OutcomeMessages.read(message);
            board.deliver(received.routerMessageId(), received.outcome());
            learn(received);
        } catch (JMSException e) {
            // An outcome is a courtesy: the sender then gets the router's own answer after the window.
            LOG.warning("Unreadable outcome message: " + e);
        }
    }

    private void learn(OutcomeMessages.Received received) {
        OutcomeBoard.Outcome outcome = received.outcome();
        if (!outcome.accepted() || outcome.rawSendConf() == null || outcome.mmscId() == null) {
            return;
        }
        try {
            String messageId = SendConf.decode(outcome.rawSendConf()).messageId();
            Instant expiresAt = received.expiresAt() != null ? received.expiresAt() : Instant.now().plus(DEFAULT_EXPIRY);
            owners.learn(LearnedOwners.Kind.MESSAGE_ID, messageId, outcome.mmscId(), expiresAt);
        } catch (PduFormatException | RuntimeException e) {
            LOG.fine(() -> "No owner learned from the outcome of " + received.routerMessageId() + ": " + e);
        }
    }
}
