package org.mmsrouter.web.mm1;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.mmsrouter.admission.Admission;
import org.mmsrouter.admission.Refusal;
import org.mmsrouter.config.RouterSettings;
import org.mmsrouter.forward.DurableIntake;
import org.mmsrouter.mm.KeptHeader;
import org.mmsrouter.mm.QueuedMm;
import org.mmsrouter.pdu.FollowUps;
import org.mmsrouter.pdu.MessageType;
import org.mmsrouter.pdu.PduHeaders;
import org.mmsrouter.pdu.Printable;
import org.mmsrouter.pdu.ResponseStatus;
import org.mmsrouter.retrieval.FollowUpExchange;
import org.mmsrouter.retrieval.FollowUpForwarder;
import org.mmsrouter.retrieval.RetrievalService;

/**
 * The MM1 ingress's step for PDUs about an existing message. Indications are queued durably (losing
 * one makes the MMSC re-notify or lose a read report) and answered 204 once stored; the forwarding
 * pipeline takes them to the message's owner. Requests go to the owner now (on a container thread:
 * the exchange blocks) and its confirmation is relayed; when the owner cannot be reached their
 * confirmation says "transient failure", so the phone retries.
 */
final class FollowUpIntake {

    // The ingress's log category, whichever of its classes writes the line.
    private static final Logger LOG = Logger.getLogger(Mm1Servlet.class.getName());

    private final DurableIntake intake;
    private final RetrievalService retrievals;
    private final Admission admission;
    private final Supplier<RouterSettings> live;
    private final Duration storeTimeout;

    /**
     * @param live          the settings in force (trusted gateways; forwarding's default expiry: how long
     *                      a queued indication may wait for its owner)
     * @param storeTimeout  how long to wait for the broker's confirmation before answering 503
     */
    FollowUpIntake(
            DurableIntake intake,
            RetrievalService retrievals,
            Admission admission,
            Supplier<RouterSettings> live,
            Duration storeTimeout) {
        this.intake = intake;
        this.retrievals = retrievals;
        this.admission = admission;
        this.live = live;
        this.storeTimeout = storeTimeout;
    }

    /**
     * Takes the follow-up {@code pdu} of {@code type}; answers and completes {@code async} itself (an
     * indication's answer on {@code answerThread}).
     */
    void take(
            AsyncContext async,
            Executor answerThread,
            HttpServletRequest request,
            String client,
            byte[] pdu,
            PduHeaders headers,
            MessageType type,
            int version) {
        List<KeptHeader> kept = ForwardedHeaders.keep(request, live.get().mm1().trustedGateway(client));
        Optional<MessageType> confirmation = FollowUps.confirmationOf(type);
        if (confirmation.isEmpty()) {
            queue(async, answerThread, client, pdu, headers, type, kept);
            return;
        }
        String shownTid = Printable.escape(headers.transactionId());
        AsyncTasks.startBlocking(async, () -> {
            try {
                exchange(
                        (HttpServletResponse) async.getResponse(),
                        pdu,
                        headers,
                        kept,
                        type,
                        confirmation.get(),
                        version);
            } catch (IOException | RuntimeException e) {
                LOG.log(
                        Level.FINE,
                        "Follow-up " + type.specName() + " (TID " + shownTid + ") from " + client + " not answered",
                        e);
            } finally {
                async.complete();
            }
        });
    }

    /** An indication: queued for its owner, 204 once stored, 503 when the admission or the queue refuses it. */
    private void queue(
            AsyncContext async,
            Executor answerThread,
            String client,
            byte[] pdu,
            PduHeaders headers,
            MessageType type,
            List<KeptHeader> kept) {
        String tid = headers.transactionId();
        String shownTid = Printable.escape(tid);
        Optional<Refusal> refusal = admission.toStore(client, pdu.length);
        if (refusal.isPresent()) {
            LOG.fine(() -> type.specName() + " from " + client + " (TID " + shownTid + ") refused: "
                    + refusal.get().reason());
            Replies.completeWith(async, client, response -> Replies.busy(response, refusal.get()));
            return;
        }
        Instant now = Instant.now();
        String routerMessageId = Mm1Servlet.newRouterMessageId();
        QueuedMm indication = new QueuedMm(
                routerMessageId, tid, now, now.plus(live.get().forwarding().defaultExpiry()), client, kept, pdu);
        CompletableFuture<Void> stored;
        try {
            stored = intake.enqueue(indication).toCompletableFuture();
        } catch (RuntimeException e) {
            stored = CompletableFuture.failedFuture(e);
        }
        stored.orTimeout(storeTimeout.toMillis(), TimeUnit.MILLISECONDS)
                .whenComplete((ok, failure) -> Replies.completeWith(answerThread, async, client, response -> {
                    if (failure == null) {
                        LOG.fine(() -> "Queued " + type.specName() + " " + routerMessageId + " (TID " + shownTid
                                + ") for its owner");
                        response.setStatus(HttpServletResponse.SC_NO_CONTENT);
                    } else {
                        LOG.severe("Cannot queue " + type.specName() + " (TID " + shownTid + "): " + failure);
                        response.sendError(HttpServletResponse.SC_SERVICE_UNAVAILABLE, "temporarily unable to accept");
                    }
                }));
    }

    /** Takes a follow-up request to its message's owner and answers with the owner's confirmation, or a status of ours. */
    private void exchange(
            HttpServletResponse response,
            byte[] pdu,
            PduHeaders headers,
            List<KeptHeader> kept,
            MessageType type,
            MessageType confirmation,
            int version)
            throws IOException {
        String tid = headers.transactionId();
        FollowUpExchange exchange;
        try {
            exchange = retrievals.exchange(pdu, headers, kept);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            response.sendError(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
            return;
        }
        if (exchange instanceof FollowUpExchange.Relayed relayed) {
            FollowUpForwarder.Answer.Taken taken = relayed.answer();
            response.setStatus(taken.httpStatus());
            if (taken.contentType() != null) {
                response.setContentType(taken.contentType());
            }
            response.setContentLength(taken.body().length);
            response.getOutputStream().write(taken.body());
            return;
        }
        if (exchange instanceof FollowUpExchange.Refused refused) {
            LOG.info(() ->
                    type.specName() + " (TID " + Printable.escape(tid) + ") refused by its owner: " + refused.reason());
        }
        OwnStatus own = ownStatus(exchange);
        Replies.pdu(response, FollowUps.confirmation(confirmation, tid, version, own.status(), own.text(), null));
    }

    /** The status (and its text) the router confirms a follow-up request with when its owner did not answer it. */
    record OwnStatus(int status, String text) {}

    /** What the phone is told when {@code exchange} did not relay the owner's own confirmation. */
    static OwnStatus ownStatus(FollowUpExchange exchange) {
        if (exchange instanceof FollowUpExchange.NobodyHasIt) {
            return new OwnStatus(ResponseStatus.ERROR_PERMANENT_MESSAGE_NOT_FOUND, "no MMSC holds this message");
        }
        if (exchange instanceof FollowUpExchange.Refused) {
            return new OwnStatus(ResponseStatus.ERROR_PERMANENT_FAILURE, "refused by the MMSC");
        }
        // The owner is away: the phone retries. Queueing and confirming Ok is not an option: the
        // confirmation of an accepted m-forward-req must carry the Message-ID only the owner gives.
        return new OwnStatus(ResponseStatus.ERROR_TRANSIENT_FAILURE, "temporarily unable to serve, please retry");
    }
}
