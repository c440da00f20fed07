package org.mmsrouter.forward;

import jakarta.annotation.Resource;
import jakarta.ejb.ActivationConfigProperty;
import jakarta.ejb.EJB;
import jakarta.ejb.MessageDriven;
import jakarta.ejb.MessageDrivenContext;
import jakarta.inject.Inject;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageListener;
import jakarta.jms.Queue;
import java.util.logging.Logger;

/**
 * Consumes accepted MMs and forwards each to a live MMSC inside the delivery's transaction:
 * accepted → commit; transient failure or no route → roll back so Artemis redelivers after the
 * configured delay; permanent rejection → move to the dead-letter queue with the reason.
 */
@MessageDriven(activationConfig = {
        @ActivationConfigProperty(propertyName = "destinationLookup", propertyValue = Destinations.SUBMISSIONS),
        @ActivationConfigProperty(propertyName = "destinationType", propertyValue = "jakarta.jms.Queue")
})
public class ForwardingMdb implements MessageListener {

    private static final Logger LOG = Logger.getLogger(ForwardingMdb.class.getName());

    @Resource
    private MessageDrivenContext mdbContext;

    @EJB
    private ForwardingService forwarding;

    @Inject
    private JMSContext jms;

    @Resource(lookup = Destinations.DEAD_LETTERS)
    private Queue deadLetters;

    @Override
    public void onMessage(Message message) {
        QueuedMm mm;
        try {
            mm = MmMessages.fromMessage(message);
        } catch (JMSException e) {
            LOG.severe("Unreadable queue message, left for redelivery and dead-lettering: " + e);
            mdbContext.setRollbackOnly();
            return;
        }
        ForwardOutcome outcome;
        try {
            outcome = forwarding.forward(mm);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            mdbContext.setRollbackOnly();
            return;
        }
        if (outcome instanceof ForwardOutcome.Accepted accepted) {
            LOG.info(() -> "MM " + mm.routerMessageId() + " (TID " + mm.transactionId() + ") accepted by "
                    + accepted.mmscId() + " as " + accepted.sendConf().messageId());
        } else if (outcome instanceof ForwardOutcome.PermanentFailure rejected) {
            deadLetter(mm, rejected.mmscId() + ": " + rejected.reason());
        } else if (outcome instanceof ForwardOutcome.TransientFailure failure) {
            retryLater(mm, failure.reason());
        } else {
            retryLater(mm, "no MMSC is up");
        }
    }

    private void retryLater(QueuedMm mm, String reason) {
        LOG.warning(() -> "MM " + mm.routerMessageId() + " stays queued for redelivery: " + reason);
        mdbContext.setRollbackOnly();
    }

    private void deadLetter(QueuedMm mm, String reason) {
        LOG.warning(() -> "MM " + mm.routerMessageId() + " rejected for good, dead-lettered: " + reason);
        try {
            jms.createProducer()
                    .setProperty(MmMessages.DEAD_LETTER_REASON, reason)
                    .send(deadLetters, MmMessages.toMessage(jms, mm));
        } catch (JMSException e) {
            LOG.severe("Cannot dead-letter MM " + mm.routerMessageId() + ", leaving it queued: " + e);
            mdbContext.setRollbackOnly();
        }
    }
}
