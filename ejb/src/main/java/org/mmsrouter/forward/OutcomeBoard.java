package org.mmsrouter.forward;

import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.Singleton;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;

/**
 * The ingress requests on this node that wait for their MM's forwarding outcome, by router
 * message id ({@link OutcomeWaiters}). {@link OutcomeLoop} completes them from the outcomes topic,
 * whichever node forwarded.
 */
@Singleton
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
// Holds no transactional resource: spare every call the JTA transaction that is the EJB default.
@TransactionAttribute(TransactionAttributeType.SUPPORTS)
public class OutcomeBoard {

    /** What the ingress relays: the MMSC's verdict and its m-send-conf bytes (null when it sent none). */
    public record Outcome(boolean accepted, String mmscId, byte[] rawSendConf) {}

    private final OutcomeWaiters waiters = new OutcomeWaiters();

    /** The waiting requests and counters as a plain object, for callers on the hot path (no bean call per MM). */
    public OutcomeWaiters waiters() {
        return waiters;
    }

    /** Completes the waiting request, if this node holds it; false if it does not (or no longer). */
    public boolean deliver(String routerMessageId, Outcome outcome) {
        return waiters.deliver(routerMessageId, outcome);
    }

    /** Ingress counters: MMs queued, and answers that relayed the MMSC's m-send-conf in the window or not. */
    public record IngressStats(long accepted, long answerWindowHits, long answerWindowMisses) {}

    public IngressStats ingressStats() {
        return waiters.ingressStats();
    }
}
