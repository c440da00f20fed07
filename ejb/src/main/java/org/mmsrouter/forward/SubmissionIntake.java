package org.mmsrouter.forward;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.EJB;
import jakarta.ejb.Singleton;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.Queue;
import org.mmsrouter.health.HealthMonitor;
import org.mmsrouter.health.HealthView;

/**
 * Owns the ingress's {@link DurableIntake}, and closes its broker contexts on undeploy. The
 * connection factory and the queue are looked up at first use ({@link LateJndi}), not injected, so
 * the deployment does not depend on them and survives a broker that stops. The ingress fetches the intake once and sends
 * through it directly, so an MM costs no bean call.
 */
@Singleton
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class SubmissionIntake {

    /** Contexts the ingress's sends are spread over (a send holds one for microseconds). */
    private static final int LANES = 4;

    /** A factory of this node's broker with a confirmation window: asynchronous durable sends. */
    private final LateJndi<ConnectionFactory> factory =
            new LateJndi<>(Destinations.INGRESS_CONNECTION_FACTORY, ConnectionFactory.class);

    private final LateJndi<Queue> submissions = new LateJndi<>(Destinations.SUBMISSIONS, Queue.class);

    @EJB
    private HealthMonitor health;

    private DurableIntake intake;

    @PostConstruct
    void open() {
        HealthView view = health.view();
        intake = new DurableIntake(factory, submissions, view::anyRoutable, LANES);
    }

    /** The intake, to keep and call per MM. */
    public DurableIntake intake() {
        return intake;
    }

    @PreDestroy
    void close() {
        intake.close();
    }
}
