package org.mmsrouter.web.mm1;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.mmsrouter.admission.Admission;
import org.mmsrouter.admission.Refusal;
import org.mmsrouter.config.RouterSettings;
import org.mmsrouter.forward.DurableIntake;
import org.mmsrouter.forward.OutcomeWaiters;
import org.mmsrouter.mm.QueuedMm;
import org.mmsrouter.mm.KeptHeader;
import org.mmsrouter.pdu.FollowUps;
import org.mmsrouter.pdu.HeaderValue;
import org.mmsrouter.pdu.MessageType;
import org.mmsrouter.pdu.PduFormatException;
import org.mmsrouter.pdu.PduHeaders;
import org.mmsrouter.pdu.Printable;
import org.mmsrouter.pdu.ResponseStatus;
import org.mmsrouter.pdu.SendConf;
import org.mmsrouter.retrieval.FollowUpExchange;
import org.mmsrouter.retrieval.FollowUpForwarder;
import org.mmsrouter.retrieval.RetrievalService;

/**
 * MM1 ingress: takes an m-send-req POSTed by the WAP gateway, commits it durably to the
 * submissions queue, then waits up to the answer window for an MMSC to take it. In time, the WAP
 * gateway gets that MMSC's own m-send-conf (its Message-ID); otherwise m-send-conf Ok with the
 * router's Message-ID, and the MM is delivered later. Every bad request gets a protocol answer (an
 * m-send-conf with an error status, or the right HTTP status) and a log line — never a stack trace.
 * PDUs about existing messages (acknowledgements, read reports, forward and delete requests, ...)
 * go to the MMSC that owns the message (see {@link #followUp}); GETs are retrievals.
 */
public final class Mm1Servlet extends HttpServlet {

    static final String MMS_CONTENT_TYPE = "application/vnd.wap.mms-message";
    private static final Logger LOG = Logger.getLogger(Mm1Servlet.class.getName());
    private static final int DEFAULT_VERSION = 0x12;
    private static final int VERSION_1_0 = 0x10;
    /** MMS 1.0's "unsupported-message", replaced by 0xE0-range statuses from 1.1 on. */
    private static final int UNSUPPORTED_MESSAGE_1_0 = 0x88;

    /** How long the ingress waits for the broker to confirm a durable send before answering "try later". */
    static final Duration STORE_TIMEOUT = Duration.ofSeconds(20);

    private final transient DurableIntake intake;
    private final transient Submission submission;
    private final transient RouterSettings.Mm1 settings;
    private final Duration defaultExpiry;
    private final Duration maxExpiry;
    private final RetrievalServlet retrieval;
    private final transient RetrievalService retrievals;
    private final transient ScheduledExecutorService timer;
    private final transient Admission admission;

    /**
     * @param defaultExpiry how long an MM without X-Mms-Expiry may wait in the router's queue
     * @param maxExpiry     the longest any MM may wait there, whatever its X-Mms-Expiry asks
     * @param timer         runs the body deadlines ({@link RouterSettings.Mm1#bodyTimeout})
     * @param admission     decides which requests are taken now (bounds per client, memory, storage)
     */
    public Mm1Servlet(DurableIntake intake, OutcomeWaiters outcomes, RouterSettings.Mm1 settings, Duration defaultExpiry,
                      Duration maxExpiry, RetrievalServlet retrieval, RetrievalService retrievals, ScheduledExecutorService timer,
                      Admission admission) {
        this.intake = intake;
        this.submission = new Submission(intake::enqueue, outcomes, settings.answerWindow(), STORE_TIMEOUT);
        this.settings = settings;
        this.defaultExpiry = defaultExpiry;
        this.maxExpiry = maxExpiry;
        this.retrieval = retrieval;
        this.retrievals = retrievals;
        this.timer = timer;
        this.admission = admission;
    }

    /** A Content-Location on the MM1 path itself (e.g. {@code /mms?id=…}): a retrieval like any other. */
    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) {
        relayOnContainerThread("GET", request);
    }

    @Override
    protected void doHead(HttpServletRequest request, HttpServletResponse response) {
        relayOnContainerThread("HEAD", request);
    }

    /**
     * This servlet may run on the I/O thread ({@link IoThreadServlet}), where nothing may block: a
     * retrieval (a blocking exchange with an MMSC, a streamed answer) goes to a container thread.
     */
    private void relayOnContainerThread(String method, HttpServletRequest request) {
        AsyncContext async = request.startAsync();
        async.setTimeout(0);   // the relay has its own timeouts
        async.start(() -> {
            try {
                retrieval.relay(method, (HttpServletRequest) async.getRequest(), (HttpServletResponse) async.getResponse());
            } catch (IOException | ServletException | RuntimeException e) {
                LOG.log(Level.WARNING, "Retrieval on the MM1 path from " + request.getRemoteAddr() + " failed", e);
                HttpServletResponse response = (HttpServletResponse) async.getResponse();
                if (!response.isCommitted()) {
                    try {
                        response.sendError(HttpServletResponse.SC_INTERNAL_SERVER_ERROR);
                    } catch (IOException | RuntimeException gone) {
                        LOG.log(Level.FINE, "Client gone", gone);
                    }
                }
            } finally {
                async.complete();
            }
        });
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String contentType = request.getContentType();
        if (contentType == null || !mediaType(contentType).equals(MMS_CONTENT_TYPE)) {
            LOG.info(() -> "MM1 POST from " + request.getRemoteAddr() + " with Content-Type " + contentType + " refused");
            UnreadBody.abandon(request, response);
            response.sendError(HttpServletResponse.SC_UNSUPPORTED_MEDIA_TYPE, "expected " + MMS_CONTENT_TYPE);
            return;
        }
        String client = request.getRemoteAddr();
        long length = request.getContentLengthLong();
        long bodyBytes = length < 0 || length > settings.maxMessageBytes() ? settings.maxMessageBytes() : length;
        Admission.Entry entry = admission.enter(client, bodyBytes);
        if (entry instanceof Admission.Refused refused) {
            refuseUnread(request, response, client, refused.refusal());
            return;
        }
        Admission.Admitted admitted = (Admission.Admitted) entry;
        // From here on no thread waits: the body arrives through a ReadListener, the durable send
        // completes through the broker's confirmation, and the answer is written from whichever
        // callback decides it. The request is held in its AsyncContext meanwhile.
        AsyncContext async;
        try {
            async = request.startAsync();
            async.addListener(new ReleaseAtEnd(admitted));   // whatever way the request ends, its slot and bytes go back
        } catch (RuntimeException e) {
            admitted.release();
            throw e;
        }
        async.setTimeout(settings.answerWindow().toMillis() + STORE_TIMEOUT.toMillis() + 10_000);
        request.getInputStream().setReadListener(new BodyReader(request.getInputStream(), length,
                settings.maxMessageBytes(), body -> received(async, request, client, body, admitted), failure -> {
                    LOG.info(() -> "MM1 POST from " + client + " broke off: " + failure);
                    async.complete();
                }).within(timer, settings.bodyTimeout(), () -> bodyTooSlow(async, request, client)));
    }

    /**
     * A request refused before its body is read (its client's share or the byte budget is used up):
     * 503 with Retry-After, and the connection closed so the unread body is dropped, not drained.
     * No m-send-conf: without the PDU there is no Transaction-ID to answer to.
     */
    private static void refuseUnread(HttpServletRequest request, HttpServletResponse response, String client, Refusal refusal)
            throws IOException {
        LOG.fine(() -> "MM1 POST from " + client + " refused before its body: " + refusal.reason());
        UnreadBody.abandon(request, response);
        retryAfter(response, refusal);
        response.sendError(HttpServletResponse.SC_SERVICE_UNAVAILABLE, "busy, retry later");
    }

    /** Tells the client when to try again (seconds), with whatever answer refuses it. */
    private static void retryAfter(HttpServletResponse response, Refusal refusal) {
        response.setHeader("Retry-After", Long.toString(refusal.retryAfter().toSeconds()));
    }

    /** Gives a request's admission back when its asynchronous processing ends, however it ends. */
    private record ReleaseAtEnd(Admission.Admitted admitted) implements jakarta.servlet.AsyncListener {
        @Override
        public void onComplete(jakarta.servlet.AsyncEvent event) {
            admitted.release();
        }

        @Override
        public void onTimeout(jakarta.servlet.AsyncEvent event) {
            admitted.release();
        }

        @Override
        public void onError(jakarta.servlet.AsyncEvent event) {
            admitted.release();
        }

        @Override
        public void onStartAsync(jakarta.servlet.AsyncEvent event) {
            // still the same request: nothing to give back yet
        }
    }

    /**
     * The body did not arrive within mmsrouter.mm1.body-timeout-ms (a client dribbling it holds a
     * connection and its buffers, whatever the inactivity timeouts say): 408 and the connection
     * closed, so the client's slot is free again. No m-send-conf: without the whole PDU there is no
     * Transaction-ID to answer to. Runs on the container's thread (see {@link BodyReader#within}).
     */
    private void bodyTooSlow(AsyncContext async, HttpServletRequest request, String client) {
        LOG.warning(() -> "MM1 POST from " + client + " given up: its body took longer than "
                + settings.bodyTimeout().toMillis() + " ms (mmsrouter.mm1.body-timeout-ms)");
        try {
            HttpServletResponse response = (HttpServletResponse) async.getResponse();
            byte[] text = "request body too slow\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            UnreadBody.abandon(request, response);   // else the rest of the body would still be read, the connection kept
            response.setStatus(HttpServletResponse.SC_REQUEST_TIMEOUT);
            response.setContentType("text/plain");
            response.setContentLength(text.length);
            response.getOutputStream().write(text);
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.FINE, "Slow client " + client + " gone before its 408", e);
        } finally {
            async.complete();
        }
    }

    /** The whole body is here (or the part up to the limit): answer it, without blocking this (I/O) thread. */
    private void received(AsyncContext async, HttpServletRequest request, String client, BoundedBody body,
                          Admission.Admitted admitted) {
        try {
            CompletionStage<byte[]> answer = answerTo(async, request, client, body, admitted);
            if (answer != null) {
                answer.whenComplete((bytes, failure) -> finish(async, client, bytes, failure));
            }
        } catch (RuntimeException e) {
            finish(async, client, null, e);
        }
    }

    /**
     * The m-send-conf for {@code body}, as a stage; null when the request was handed elsewhere (a
     * follow-up, which answers and completes itself).
     */
    private CompletionStage<byte[]> answerTo(AsyncContext async, HttpServletRequest request, String client, BoundedBody body,
                                             Admission.Admitted admitted) {
        int maxMessageBytes = settings.maxMessageBytes();
        PduHeaders headers;
        try {
            // Header-only scan: the body is passed on as it arrived, never decoded here.
            headers = PduHeaders.scan(body.bytes());
        } catch (PduFormatException e) {
            LOG.info(() -> "Corrupt PDU from " + client + ": " + e.getMessage());
            return answered(new SendConf("", DEFAULT_VERSION, ResponseStatus.ERROR_PERMANENT_MESSAGE_FORMAT_CORRUPT,
                    "corrupt PDU " + e.getMessage(), null).encode());
        }
        String tid = headers.transactionId() == null ? "" : headers.transactionId();
        String shownTid = Printable.escape(tid);   // logs get the TID escaped, the answer as it came
        int version = headers.mmsVersion() < 0 ? DEFAULT_VERSION : headers.mmsVersion();
        if (body.truncated()) {
            LOG.info(() -> "MM from " + client + " (TID " + shownTid + ") exceeds " + maxMessageBytes + " bytes");
            return answered(new SendConf(tid, version, ResponseStatus.ERROR_PERMANENT_CONTENT_NOT_ACCEPTED,
                    "message larger than " + maxMessageBytes + " bytes", null).encode());
        }
        MessageType type = headers.messageType().orElse(null);
        if (type != null && FollowUps.isFollowUp(type)) {
            followUp(async, request, client, body.bytes(), headers, type, version);
            return null;
        }
        if (type != MessageType.M_SEND_REQ) {
            LOG.info(() -> String.format("Unsupported message type 0x%02X from %s", headers.messageTypeOctet(), client));
            int status = version == VERSION_1_0 ? UNSUPPORTED_MESSAGE_1_0 : ResponseStatus.ERROR_PERMANENT_FAILURE;
            return answered(new SendConf(tid, version, status, "unsupported message type", null).encode());
        }
        String missing = missingMandatoryHeader(headers);
        if (missing != null) {
            LOG.info(() -> "m-send-req from " + client + " (TID " + shownTid + ") lacks " + missing);
            return answered(new SendConf(tid, version, ResponseStatus.ERROR_PERMANENT_MESSAGE_FORMAT_CORRUPT,
                    "m-send-req without " + missing, null).encode());
        }
        Optional<Refusal> refusal = admission.toStore(client, body.bytes().length);
        if (refusal.isPresent()) {
            LOG.fine(() -> "m-send-req from " + client + " (TID " + shownTid + ") refused: " + refusal.get().reason());
            retryAfter((HttpServletResponse) async.getResponse(), refusal.get());
            return answered(new SendConf(tid, version, ResponseStatus.ERROR_TRANSIENT_FAILURE,
                    "router busy, please retry later", null).encode());
        }
        Instant now = Instant.now();
        QueuedMm mm = new QueuedMm(newRouterMessageId(), tid, now, expiresAt(headers.expiry(), now, defaultExpiry, maxExpiry), client,
                ForwardedHeaders.keep(request, settings.trustedGateway(client)), body.bytes());
        return submission.submit(mm, version, admitted::release);
    }

    private static CompletionStage<byte[]> answered(byte[] sendConf) {
        return CompletableFuture.completedFuture(sendConf);
    }

    private static String newRouterMessageId() {
        return UUID.randomUUID().toString().replace("-", "");
    }

    /** Writes the answer (or a 500 without details when building it failed) and ends the request. */
    private static void finish(AsyncContext async, String client, byte[] sendConf, Throwable failure) {
        try {
            HttpServletResponse response = (HttpServletResponse) async.getResponse();
            if (failure != null) {
                LOG.log(Level.SEVERE, "MM1 POST from " + client + " failed", failure);
                response.sendError(HttpServletResponse.SC_INTERNAL_SERVER_ERROR);
            } else {
                answer(response, sendConf);
            }
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.FINE, "WAP gateway " + client + " gone before its answer", e);
        } finally {
            async.complete();
        }
    }

    /**
     * A PDU about an existing message. Indications are queued durably (losing one makes the MMSC
     * re-notify or lose a read report) and answered 204 once stored; the forwarding pipeline takes
     * them to the message's owner. Requests go to the owner now (on a container thread: the
     * exchange blocks) and its confirmation is relayed; when the owner cannot be reached their
     * confirmation says "transient failure", so the phone retries.
     */
    private void followUp(AsyncContext async, HttpServletRequest request, String client, byte[] pdu, PduHeaders headers,
                          MessageType type, int version) {
        String tid = headers.transactionId();
        String shownTid = Printable.escape(tid);
        List<KeptHeader> kept = ForwardedHeaders.keep(request, settings.trustedGateway(client));
        Optional<MessageType> confirmation = FollowUps.confirmationOf(type);
        if (confirmation.isEmpty()) {
            Optional<Refusal> refusal = admission.toStore(client, pdu.length);
            if (refusal.isPresent()) {
                LOG.fine(() -> type.specName() + " from " + client + " (TID " + shownTid + ") refused: " + refusal.get().reason());
                HttpServletResponse response = (HttpServletResponse) async.getResponse();
                try {
                    retryAfter(response, refusal.get());
                    response.sendError(HttpServletResponse.SC_SERVICE_UNAVAILABLE, "busy, retry later");
                } catch (IOException | RuntimeException e) {
                    LOG.log(Level.FINE, "WAP gateway " + client + " gone before its answer", e);
                } finally {
                    async.complete();
                }
                return;
            }
            Instant now = Instant.now();
            String routerMessageId = newRouterMessageId();
            QueuedMm indication = new QueuedMm(routerMessageId, tid, now, now.plus(defaultExpiry), client, kept, pdu);
            CompletableFuture<Void> stored;
            try {
                stored = intake.enqueue(indication).toCompletableFuture();
            } catch (RuntimeException e) {
                stored = CompletableFuture.failedFuture(e);
            }
            stored.orTimeout(STORE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).whenComplete((ok, failure) -> {
                HttpServletResponse response = (HttpServletResponse) async.getResponse();
                try {
                    if (failure == null) {
                        LOG.fine(() -> "Queued " + type.specName() + " " + routerMessageId + " (TID " + shownTid + ") for its owner");
                        response.setStatus(HttpServletResponse.SC_NO_CONTENT);
                    } else {
                        LOG.severe("Cannot queue " + type.specName() + " (TID " + shownTid + "): " + failure);
                        response.sendError(HttpServletResponse.SC_SERVICE_UNAVAILABLE, "temporarily unable to accept");
                    }
                } catch (IOException | RuntimeException e) {
                    LOG.log(Level.FINE, "WAP gateway " + client + " gone before its answer", e);
                } finally {
                    async.complete();
                }
            });
            return;
        }
        async.start(() -> {
            try {
                exchange((HttpServletResponse) async.getResponse(), pdu, headers, kept, type, confirmation.get(), version);
            } catch (IOException | RuntimeException e) {
                LOG.log(Level.FINE, "Follow-up " + type.specName() + " (TID " + shownTid + ") from " + client + " not answered", e);
            } finally {
                async.complete();
            }
        });
    }

    /** Takes a follow-up request to its message's owner and answers with the owner's confirmation, or a status of ours. */
    private void exchange(HttpServletResponse response, byte[] pdu, PduHeaders headers, List<KeptHeader> kept, MessageType type,
                          MessageType confirmation, int version) throws IOException {
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
        int status;
        String text;
        if (exchange instanceof FollowUpExchange.NobodyHasIt) {
            status = ResponseStatus.ERROR_PERMANENT_MESSAGE_NOT_FOUND;
            text = "no MMSC holds this message";
        } else if (exchange instanceof FollowUpExchange.Refused refused) {
            LOG.info(() -> type.specName() + " (TID " + Printable.escape(tid) + ") refused by its owner: " + refused.reason());
            status = ResponseStatus.ERROR_PERMANENT_FAILURE;
            text = "refused by the MMSC";
        } else {
            // The owner is away: the phone retries. Queueing and confirming Ok is not an option: the
            // confirmation of an accepted m-forward-req must carry the Message-ID only the owner gives.
            status = ResponseStatus.ERROR_TRANSIENT_FAILURE;
            text = "temporarily unable to serve, please retry";
        }
        answer(response, FollowUps.confirmation(confirmation, tid, version, status, text, null));
    }

    /** The headers an m-send-req must carry (OMA MMS encapsulation, m-send-req), or null when all are there. */
    static String missingMandatoryHeader(PduHeaders headers) {
        if (headers.transactionId() == null) {
            return "X-Mms-Transaction-ID";
        }
        if (headers.mmsVersion() < 0) {
            return "X-Mms-MMS-Version";
        }
        if (headers.from() == null) {
            return "From";
        }
        if (headers.to().isEmpty() && headers.cc().isEmpty() && headers.bcc().isEmpty()) {
            return "a recipient (To, Cc or Bcc)";
        }
        if (headers.bodyOffset() < 0) {
            return "Content-Type";
        }
        return null;
    }

    /**
     * Until when the router keeps an MM in its queue: its X-Mms-Expiry, clamped to {@code maxExpiry}
     * from now (any 63-bit value is accepted: a sender's "as long as possible" is not an error, and
     * the MMSC, which gets the PDU unchanged, applies its own retention limit); without one,
     * {@code defaultExpiry} from now. An expiry already past stays past: the MM is dead-lettered as
     * expired instead of forwarded.
     */
    static Instant expiresAt(HeaderValue.Time expiry, Instant now, Duration defaultExpiry, Duration maxExpiry) {
        if (expiry == null) {
            return now.plus(defaultExpiry);
        }
        return expiry.until(now, now.plus(maxExpiry));
    }

    private static void answer(HttpServletResponse response, byte[] encoded) throws IOException {
        response.setStatus(HttpServletResponse.SC_OK);
        response.setContentType(MMS_CONTENT_TYPE);
        response.setContentLength(encoded.length);
        response.getOutputStream().write(encoded);
    }

    static String mediaType(String contentType) {
        int semicolon = contentType.indexOf(';');
        return (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim().toLowerCase();
    }

    /** A request body read up to a limit; {@code truncated} when more bytes were on offer. */
    record BoundedBody(byte[] bytes, boolean truncated) {
    }
}
