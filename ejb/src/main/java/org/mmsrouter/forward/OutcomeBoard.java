package org.mmsrouter.forward;

import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.Singleton;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The ingress requests on this node that wait for their MM's forwarding outcome, by router
 * message id. {@link OutcomeMdb} completes them from the outcomes topic, whichever node forwarded.
 */
@Singleton
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
// Holds no transactional resource: spare every call the JTA transaction that is the EJB default.
@TransactionAttribute(TransactionAttributeType.SUPPORTS)
public class OutcomeBoard {

    /** What the ingress relays: the MMSC's verdict and its m-send-conf bytes (null when it sent none). */
    public record Outcome(boolean accepted, String mmscId, byte[] rawSendConf) {
    }

    private final Map<String, CompletableFuture<Outcome>> waiting = new ConcurrentHashMap<>();

    /** Registers interest before the MM is queued, so an outcome can never arrive unheard. */
    public CompletableFuture<Outcome> expect(String routerMessageId) {
        CompletableFuture<Outcome> future = new CompletableFuture<>();
        waiting.put(routerMessageId, future);
        return future;
    }

    public void forget(String routerMessageId) {
        waiting.remove(routerMessageId);
    }

    /** Completes the waiting request, if this node holds it; false if it does not (or no longer). */
    public boolean deliver(String routerMessageId, Outcome outcome) {
        CompletableFuture<Outcome> future = waiting.remove(routerMessageId);
        return future != null && future.complete(outcome);
    }

    public int waitingCount() {
        return waiting.size();
    }

    private final java.util.concurrent.atomic.LongAdder accepted = new java.util.concurrent.atomic.LongAdder();
    private final java.util.concurrent.atomic.LongAdder windowHits = new java.util.concurrent.atomic.LongAdder();
    private final java.util.concurrent.atomic.LongAdder windowMisses = new java.util.concurrent.atomic.LongAdder();

    /** Ingress counters: MMs queued, and answers that relayed the MMSC's m-send-conf in the window or not. */
    public record IngressStats(long accepted, long answerWindowHits, long answerWindowMisses) {
    }

    /** The ingress queued an MM. */
    public void noteAccepted() {
        accepted.increment();
    }

    /** The ingress answered with the MMSC's own m-send-conf ({@code true}) or its own after the window. */
    public void noteAnswer(boolean mmscAnswerRelayed) {
        (mmscAnswerRelayed ? windowHits : windowMisses).increment();
    }

    public IngressStats ingressStats() {
        return new IngressStats(accepted.sum(), windowHits.sum(), windowMisses.sum());
    }
}
