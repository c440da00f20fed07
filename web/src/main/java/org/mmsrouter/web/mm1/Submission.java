package org.mmsrouter.web.mm1;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.logging.Logger;
import org.mmsrouter.forward.OutcomeBoard;
import org.mmsrouter.forward.OutcomeWaiters;
import org.mmsrouter.mm.QueuedMm;
import org.mmsrouter.pdu.Printable;
import org.mmsrouter.pdu.ResponseStatus;
import org.mmsrouter.pdu.SendConf;

/**
 * What the ingress answers to one m-send-req, as a stage that completes with the m-send-conf to
 * send: never before the MM's durable send has completed (the MM is in the synced journal), then
 * the MMSC's own m-send-conf if one comes within the answer window, else the router's Ok with its
 * own Message-ID. When the queue refuses or does not confirm within the store timeout, the answer
 * is a transient failure, so the WAP gateway (and the phone) retries. Plain Java: the servlet
 * writes what this yields; tests drive it with a hand-made queue.
 */
final class Submission {

    private static final Logger LOG = Logger.getLogger(Submission.class.getName());

    private final Function<QueuedMm, CompletionStage<Void>> queue;
    private final OutcomeWaiters waiters;
    private final Supplier<Duration> answerWindow;
    private final Duration storeTimeout;

    /**
     * @param queue        sends an MM durably; its stage completes once the broker has it in the synced journal
     * @param waiters      where forwarding outcomes for waiting requests arrive
     * @param answerWindow how long to wait for the MMSC's own m-send-conf (zero: answer once stored), as in force now
     * @param storeTimeout how long to wait for the broker's confirmation before answering "try later"
     */
    Submission(
            Function<QueuedMm, CompletionStage<Void>> queue,
            OutcomeWaiters waiters,
            Supplier<Duration> answerWindow,
            Duration storeTimeout) {
        this.queue = queue;
        this.waiters = waiters;
        this.answerWindow = answerWindow;
        this.storeTimeout = storeTimeout;
    }

    /** With a fixed answer window. */
    Submission(
            Function<QueuedMm, CompletionStage<Void>> queue,
            OutcomeWaiters waiters,
            Duration answerWindow,
            Duration storeTimeout) {
        this(queue, waiters, () -> answerWindow, storeTimeout);
    }

    /** Queues {@code mm} and yields the m-send-conf for it (MMS version {@code version}). */
    CompletionStage<byte[]> submit(QueuedMm mm, int version) {
        return submit(mm, version, () -> {});
    }

    /**
     * As {@link #submit(QueuedMm, int)}, calling {@code storeEnded} once the store has ended (stored,
     * refused or timed out): what the request held for its body is free from then on, even while the
     * answer window runs.
     */
    CompletionStage<byte[]> submit(QueuedMm mm, int version, Runnable storeEnded) {
        String id = mm.routerMessageId();
        String tid = mm.transactionId() == null ? "" : mm.transactionId();
        Duration window = answerWindow.get();
        boolean wait = !window.isZero();
        // Registered before the send, so an outcome can never arrive unheard.
        CompletableFuture<OutcomeBoard.Outcome> outcome = wait ? waiters.expect(id) : null;
        CompletableFuture<Void> stored;
        try {
            stored = queue.apply(mm).toCompletableFuture();
        } catch (RuntimeException e) {
            stored = CompletableFuture.failedFuture(e);
        }
        return stored.orTimeout(storeTimeout.toMillis(), TimeUnit.MILLISECONDS)
                .handle((ok, failure) -> {
                    storeEnded.run();
                    return failure;
                })
                .thenCompose(failure -> {
                    if (failure != null) {
                        waiters.forget(id);
                        LOG.severe("Cannot queue MM " + id + " (TID " + Printable.escape(tid) + "): " + failure);
                        return CompletableFuture.completedFuture(new SendConf(
                                        tid,
                                        version,
                                        ResponseStatus.ERROR_TRANSIENT_FAILURE,
                                        "temporarily unable to accept",
                                        null)
                                .encode());
                    }
                    waiters.noteAccepted();
                    LOG.fine(() ->
                            "Queued MM " + id + " (TID " + Printable.escape(tid) + ", " + mm.pdu().length + " bytes)");
                    byte[] routerAnswer = new SendConf(tid, version, ResponseStatus.OK, null, id).encode();
                    if (!wait) {
                        return CompletableFuture.completedFuture(routerAnswer);
                    }
                    // The MM is safe in the queue; wait (no thread does) for the MMSC or the window's end.
                    return outcome.orTimeout(window.toMillis(), TimeUnit.MILLISECONDS)
                            .handle((result, timeout) -> {
                                waiters.forget(id);
                                boolean relayed = result != null && result.rawSendConf() != null;
                                waiters.noteAnswer(relayed);
                                if (relayed) {
                                    return result.rawSendConf();
                                }
                                if (result != null && !result.accepted()) {
                                    return new SendConf(
                                                    tid,
                                                    version,
                                                    ResponseStatus.ERROR_PERMANENT_FAILURE,
                                                    "rejected by the MMSC",
                                                    null)
                                            .encode();
                                }
                                return routerAnswer;
                            });
                });
    }
}
