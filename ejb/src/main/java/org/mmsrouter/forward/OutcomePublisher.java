package org.mmsrouter.forward;

import jakarta.annotation.PreDestroy;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.enterprise.event.Observes;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSException;
import jakarta.jms.JMSRuntimeException;
import jakarta.jms.Message;
import jakarta.jms.Topic;
import java.time.Instant;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.mmsrouter.mm.LearnedOwner;
import org.mmsrouter.mm.OwnersLearned;

/**
 * Tells the ingress that holds an MM's request how its forwarding ended, when that request does not
 * wait on this node (there the forwarding thread hands it over in memory, {@link OutcomeWaiters}):
 * on the outcomes topic, which every node's {@link OutcomeLoop} hears — the MM may be forwarded on
 * another node than its ingress. While other router nodes are live, every acceptance is published too, so that every node
 * learns which MMSC owns the new Message-ID (retrievals and follow-ups may arrive at any node); and
 * what retrievals and follow-ups taught a node about owners is shared the same way
 * ({@link #shareOwners}). Outside any transaction: the caller publishes only after its delivery has committed.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class OutcomePublisher {

    private static final Logger LOG = Logger.getLogger(OutcomePublisher.class.getName());
    /** Outcomes matter only while an ingress may still be waiting for them. */
    private static final long OUTCOME_TIME_TO_LIVE_MS = 60_000;

    /**
     * Whether publishing failed last time (any instance): while the broker is down every outcome
     * fails, and one warning per outage says enough; the rest are logged at FINE.
     */
    private static volatile boolean failing;

    // Looked up at first use, not injected (LateJndi: a stopped broker must not take the deployment down).
    private final LateJndi<Topic> outcomes = new LateJndi<>(Destinations.OUTCOMES, Topic.class);

    /** Artemis's own in-VM factory, not the JCA-pooled one: its context may live as long as this instance. */
    private final BrokerSession broker =
            new BrokerSession(new LateJndi<>(Destinations.LOCAL_CONNECTION_FACTORY, ConnectionFactory.class));

    /**
     * Whether an outcome must go on the topic: when no request on this node waited for it (its
     * ingress may be on another node), or, for an acceptance, while other nodes are live (they learn
     * the Message-ID's owner from it).
     *
     * @param deliveredHere whether a request on this node took it ({@link OutcomeWaiters#deliver})
     */
    public static boolean needsTopic(boolean deliveredHere, OutcomeBoard.Outcome outcome, boolean othersLive) {
        return !deliveredHere || outcome.accepted() && othersLive;
    }

    /**
     * Puts an outcome on the topic, for the other nodes (see {@link #needsTopic}). Never fails:
     * without the outcome the sender just gets the router's own answer when its window closes.
     */
    public void publishOnTopic(String routerMessageId, OutcomeBoard.Outcome outcome, Instant expiresAt) {
        send(
                context -> OutcomeMessages.create(context, routerMessageId, outcome, expiresAt),
                "the outcome of MM " + routerMessageId);
    }

    /**
     * Tells every node (this one too: harmless) what this node learned about message owners (the
     * retrieval side fires the event only while other nodes are live). Never fails: a node that
     * missed it finds the owner by a sweep, as before it was learned.
     */
    public void shareOwners(@Observes OwnersLearned learned) {
        List<LearnedOwner> owners = learned.owners();
        send(context -> OutcomeMessages.createOwners(context, owners), owners.size() + " learned owner(s)");
    }

    /** What goes on the topic is made from this instance's context. */
    private interface MessageMaker {
        Message make(JMSContext context) throws JMSException;
    }

    private void send(MessageMaker maker, String what) {
        try {
            JMSContext context = broker.context();
            context.createProducer()
                    .setDeliveryMode(DeliveryMode.NON_PERSISTENT)
                    .setTimeToLive(OUTCOME_TIME_TO_LIVE_MS)
                    .send(outcomes.get(), maker.make(context));
            failing = false;
        } catch (JMSException | JMSRuntimeException e) {
            broker.discard();
            outcomes.forget();
            // Dropped: its sender gets the router's own answer when the window closes.
            LOG.log(
                    failing ? Level.FINE : Level.WARNING,
                    "Cannot publish " + what
                            + " (dropped; further failures are logged at FINE until a publish succeeds): " + e);
            failing = true;
        }
    }

    @PreDestroy
    void close() {
        broker.close();
    }
}
