package org.mmsrouter.forward;

/** JNDI names of the JMS destinations that {@code jms-config} creates. */
public final class Destinations {

    /** Accepted MM1 submissions waiting to be forwarded. */
    public static final String SUBMISSIONS = "java:/jms/queue/MmsSubmissions";
    /** MMs no MMSC will ever take (permanent rejection, or too many attempts). */
    public static final String DEAD_LETTERS = "java:/jms/queue/MmsDeadLetters";

    private Destinations() {
    }
}
