package org.mmsrouter.forward;

/** JNDI names of the JMS destinations that {@code jms-config} creates. */
public final class Destinations {

    /** Accepted MM1 submissions waiting to be forwarded. */
    public static final String SUBMISSIONS = "java:/jms/queue/MmsSubmissions";
    /**
     * Forwarding outcomes (accepted or rejected, with the MMSC's m-send-conf) published for the
     * ingress that is holding the WAP gateway's request. A topic: every node's ingress hears every
     * outcome, so the thread that forwarded may run on any cluster node.
     */
    public static final String OUTCOMES = "java:/jms/topic/MmsOutcomes";
    /** MMs no MMSC will ever take (permanent rejection, or too many attempts). */
    public static final String DEAD_LETTERS = "java:/jms/queue/MmsDeadLetters";

    /**
     * Artemis's in-VM connection factory on this node. Beans that send outside a transaction keep a
     * context from it per pooled instance ({@link BrokerSession}); the JCA-pooled factory
     * ({@link #POOLED_CONNECTION_FACTORY}) is for sends that must join the caller's transaction.
     */
    public static final String LOCAL_CONNECTION_FACTORY = "java:/ConnectionFactory";

    /**
     * This node's broker again (in-VM), with a confirmation window so that a durable send can complete
     * asynchronously ({@link DurableIntake}); jms-config creates it.
     */
    public static final String INGRESS_CONNECTION_FACTORY = "java:/jms/MmsIngressConnectionFactory";

    /**
     * Artemis's JCA-pooled factory ({@code activemq-ra}): its contexts join the caller's JTA
     * transaction. The ee subsystem's default JMS binding ({@code java:comp/DefaultJMSConnectionFactory})
     * names it too, but server.cli removes that binding: it made every component depend on the broker.
     */
    public static final String POOLED_CONNECTION_FACTORY = "java:jboss/DefaultJMSConnectionFactory";

    private Destinations() {}
}
