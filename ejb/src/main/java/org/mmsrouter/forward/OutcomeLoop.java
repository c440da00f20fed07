package org.mmsrouter.forward;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.DependsOn;
import jakarta.ejb.EJB;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.Topic;
import java.util.logging.Logger;
import org.mmsrouter.retrieval.RetrievalService;

/**
 * Hears every forwarding outcome on this node (a non-durable subscription of the outcomes topic,
 * {@link OutcomeHandler} says what is done with each) from deployment to undeploy, on one thread of
 * its own ({@link TopicReceiver}). In place of a message-driven bean: a bean's activation depends on
 * the broker's resource adapter, so a broker that stopped took the whole deployment down with it;
 * this thread just waits and resubscribes once the broker is back.
 */
@Singleton
@Startup
@DependsOn({"OutcomeBoard", "RetrievalService"})
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class OutcomeLoop {

    private static final Logger LOG = Logger.getLogger(OutcomeLoop.class.getName());
    /** How long undeploy waits for the thread (one receive, and the outcome it may be handling). */
    private static final long STOP_WAIT_MILLIS = 5_000;

    @Resource
    private ManagedThreadFactory threadFactory;

    @EJB
    private OutcomeBoard board;

    @EJB
    private RetrievalService retrievals;

    private TopicReceiver receiver;
    private Thread thread;

    @PostConstruct
    void start() {
        OutcomeHandler handler = new OutcomeHandler(board.waiters(), retrievals.learnedOwners());
        receiver = new TopicReceiver(
                new LateJndi<>(Destinations.LOCAL_CONNECTION_FACTORY, ConnectionFactory.class),
                new LateJndi<>(Destinations.OUTCOMES, Topic.class),
                handler::handle);
        thread = threadFactory.newThread(receiver);
        thread.setName("mms-outcomes");
        thread.start();
    }

    @PreDestroy
    void stop() {
        receiver.stop();
        try {
            thread.join(STOP_WAIT_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            LOG.warning("mms-outcomes still running at undeploy: interrupted");
            thread.interrupt();
        }
    }
}
