package org.mmsrouter.forward;

import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSException;
import jakarta.jms.JMSRuntimeException;
import jakarta.jms.Queue;
import org.mmsrouter.health.HealthMonitor;
import org.mmsrouter.health.HealthView;

/**
 * Puts an accepted MM on the submissions queue durably. Runs outside a JTA transaction on
 * purpose: a non-transacted persistent send (the factory blocks on durable sends) returns only after
 * the broker has synced it to its journal, so when {@link #enqueue} returns the MM survives a crash — which is the promise the
 * ingress makes before it answers the WAP gateway.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class SubmissionIntake {

    private BrokerSession broker;

    /**
     * Artemis's own in-VM factory, not the JCA-pooled one: each pooled instance keeps its context.
     * (An injected JMSContext lives as long as the calling HTTP request, which the ingress keeps open
     * through the answer window; that once held one pooled connection per waiting MM.)
     */
    @Resource(lookup = Destinations.LOCAL_CONNECTION_FACTORY)
    void setConnectionFactory(ConnectionFactory factory) {
        broker = new BrokerSession(factory);
    }

    /** JMS priority of MMs queued while an MMSC is up: ahead of a backlog built during an outage. */
    static final int LIVE_PRIORITY = 6;
    /** JMS priority of MMs queued while no MMSC is up: drained oldest first once one is back. */
    static final int BACKLOG_PRIORITY = 4;

    @Resource(lookup = Destinations.SUBMISSIONS)
    private Queue submissions;

    @EJB
    private HealthMonitor health;

    private HealthView view;

    /**
     * Queues {@code mm} durably. MMs that arrive while every MMSC is down form a backlog; those that
     * arrive once one is up again are queued ahead of it, so draining the backlog (oldest first)
     * never starves new submissions.
     */
    public void enqueue(QueuedMm mm) {
        try {
            JMSContext context = broker.context();
            context.createProducer()
                    .setDeliveryMode(DeliveryMode.PERSISTENT)
                    .setPriority(healthView().anyRoutable() ? LIVE_PRIORITY : BACKLOG_PRIORITY)
                    .send(submissions, MmMessages.toMessage(context, mm));
        } catch (JMSException e) {
            throw new IllegalStateException("cannot build the queue message for " + mm.routerMessageId(), e);
        } catch (JMSRuntimeException e) {
            broker.discard();
            throw e;
        }
    }

    /** The health board, fetched once per bean instance: the ingress is a hot path. */
    private HealthView healthView() {
        if (view == null) {
            view = health.view();
        }
        return view;
    }

    @PreDestroy
    void close() {
        broker.close();
    }
}
