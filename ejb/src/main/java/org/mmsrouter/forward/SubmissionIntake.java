package org.mmsrouter.forward;

import jakarta.annotation.Resource;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSException;
import jakarta.jms.Queue;

/**
 * Puts an accepted MM on the submissions queue durably. Runs outside a JTA transaction on
 * purpose: a non-transacted persistent send returns only after the broker has synced it to its
 * journal, so when {@link #enqueue} returns the MM survives a crash — which is the promise the
 * ingress makes before it answers the WAP gateway.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class SubmissionIntake {

    @Inject
    private JMSContext context;

    @Resource(lookup = Destinations.SUBMISSIONS)
    private Queue submissions;

    public void enqueue(QueuedMm mm) {
        try {
            context.createProducer()
                    .setDeliveryMode(DeliveryMode.PERSISTENT)
                    .send(submissions, MmMessages.toMessage(context, mm));
        } catch (JMSException e) {
            throw new IllegalStateException("cannot build the queue message for " + mm.routerMessageId(), e);
        }
    }
}
