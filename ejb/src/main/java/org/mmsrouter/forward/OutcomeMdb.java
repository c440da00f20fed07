package org.mmsrouter.forward;

import jakarta.ejb.ActivationConfigProperty;
import jakarta.ejb.EJB;
import jakarta.ejb.MessageDriven;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageListener;
import java.util.logging.Logger;

/** Hears every forwarding outcome (a non-durable subscription per node) and wakes the waiting ingress. */
@MessageDriven(activationConfig = {
        @ActivationConfigProperty(propertyName = "destinationLookup", propertyValue = Destinations.OUTCOMES),
        @ActivationConfigProperty(propertyName = "destinationType", propertyValue = "jakarta.jms.Topic"),
        @ActivationConfigProperty(propertyName = "subscriptionDurability", propertyValue = "NonDurable")
})
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class OutcomeMdb implements MessageListener {

    private static final Logger LOG = Logger.getLogger(OutcomeMdb.class.getName());

    @EJB
    private OutcomeBoard board;

    @Override
    public void onMessage(Message message) {
        try {
            OutcomeMessages.Received received = OutcomeMessages.read(message);
            board.deliver(received.routerMessageId(), received.outcome());
        } catch (JMSException e) {
            // An outcome is a courtesy: the sender then gets the router's own answer after the window.
            LOG.warning("Unreadable outcome message: " + e);
        }
    }
}
