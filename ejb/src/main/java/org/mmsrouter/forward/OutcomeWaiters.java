package org.mmsrouter.forward;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * The ingress requests on this node that wait for their MM's forwarding outcome, by router message
 * id, and the ingress counters. A plain object the {@link OutcomeBoard} bean hands out once, so the
 * ingress reaches it per MM without a bean call.
 */
public final class OutcomeWaiters {

    private final Map<String, CompletableFuture<OutcomeBoard.Outcome>> waiting = new ConcurrentHashMap<>();
    private final LongAdder accepted = new LongAdder();
    private final LongAdder windowHits = new LongAdder();
    private final LongAdder windowMisses = new LongAdder();

    /** Registers interest before the MM is queued, so an outcome can never arrive unheard. */
    public CompletableFuture<OutcomeBoard.Outcome> expect(String routerMessageId) {
        CompletableFuture<OutcomeBoard.Outcome> future = new CompletableFuture<>();
        waiting.put(routerMessageId, future);
        return future;
    }

    public void forget(String routerMessageId) {
        waiting.remove(routerMessageId);
    }

    /** Completes the waiting request, if this node holds it; false if it does not (or no longer). */
    public boolean deliver(String routerMessageId, OutcomeBoard.Outcome outcome) {
        CompletableFuture<OutcomeBoard.Outcome> future = waiting.remove(routerMessageId);
        return future != null && future.complete(outcome);
    }

    public int waitingCount() {
        return waiting.size();
    }

    /** The ingress queued an MM (its durable send completed). */
    public void noteAccepted() {
        accepted.increment();
    }

    /** The ingress answered with the MMSC's own m-send-conf ({@code true}) or its own after the window. */
    public void noteAnswer(boolean mmscAnswerRelayed) {
        (mmscAnswerRelayed ? windowHits : windowMisses).increment();
    }

    public OutcomeBoard.IngressStats ingressStats() {
        return new OutcomeBoard.IngressStats(accepted.sum(), windowHits.sum(), windowMisses.sum());
    }
}
