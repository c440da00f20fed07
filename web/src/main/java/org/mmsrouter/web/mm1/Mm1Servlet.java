package org.mmsrouter.web.mm1;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.mmsrouter.admission.Admission;
import org.mmsrouter.admission.Refusal;
import org.mmsrouter.config.RouterSettings;
import org.mmsrouter.forward.DurableIntake;
import org.mmsrouter.forward.OutcomeWaiters;
import org.mmsrouter.mm.QueuedMm;
import org.mmsrouter.pdu.Printable;
import org.mmsrouter.retrieval.RetrievalService;

/**
 * MM1 ingress: takes an m-send-req POSTed by the WAP gateway, commits it durably to the
 * submissions queue, then waits up to the answer window for an MMSC to take it. In time, the WAP
 * gateway gets that MMSC's own m-send-conf (its Message-ID); otherwise m-send-conf Ok with the
 * router's Message-ID, and the MM is delivered later. Every bad request gets a protocol answer (an
 * m-send-conf with an error status, or the right HTTP status) and a log line — never a stack trace.
 * PDUs about existing messages (acknowledgements, read reports, forward and delete requests, ...)
 * go to the MMSC that owns the message (see {@link FollowUpIntake}); GETs are retrievals.
 */
public final class Mm1Servlet extends HttpServlet {

    static final String MMS_CONTENT_TYPE = PostChecks.MMS_CONTENT_TYPE;
    private static final Logger LOG = Logger.getLogger(Mm1Servlet.class.getName());

    /** How long the ingress waits for the broker to confirm a durable send before answering "try later". */
    static final Duration STORE_TIMEOUT = Duration.ofSeconds(20);

    private final transient Submission submission;
    private final transient FollowUpIntake followUps;
    /** The settings in force, read per request: a reload changes limits, sources, window and expiries at once. */
    private final transient Supplier<RouterSettings> live;

    private final RetrievalServlet retrieval;
    private final transient ScheduledExecutorService timer;
    private final transient Admission admission;

    /**
     * @param live          the settings in force (MM1's, and forwarding's default and longest expiry)
     * @param timer         runs the body deadlines ({@link RouterSettings.Mm1#bodyTimeout})
     * @param admission     decides which requests are taken now (bounds per client, memory, storage)
     */
    public Mm1Servlet(
            DurableIntake intake,
            OutcomeWaiters outcomes,
            Supplier<RouterSettings> live,
            RetrievalServlet retrieval,
            RetrievalService retrievals,
            ScheduledExecutorService timer,
            Admission admission) {
        this.submission =
                new Submission(intake::enqueue, outcomes, () -> live.get().mm1().answerWindow(), STORE_TIMEOUT);
        this.followUps = new FollowUpIntake(intake, retrievals, admission, live, STORE_TIMEOUT);
        this.live = live;
        this.retrieval = retrieval;
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
        async.setTimeout(0); // the relay has its own timeouts
        AsyncTasks.startBlocking(async, () -> {
            try {
                retrieval.relay(
                        method, (HttpServletRequest) async.getRequest(), (HttpServletResponse) async.getResponse());
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

    /**
     * The MM1 submission pipeline: {@link #checks} (media type, admission) before the body is read,
     * {@link #hold} and {@link #readBody}, then {@link #intake} once it is here ({@link Screening}: answer at once, a follow-up, or an
     * m-send-req to queue), then {@link #answer}. From the body on no thread waits: the body arrives
     * through a ReadListener, the durable send completes through the broker's confirmation, and the
     * answer is written from whichever callback decides it. The request is held in its AsyncContext
     * meanwhile.
     */
    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String client = request.getRemoteAddr();
        Admission.Admitted admitted = checks(request, response, client);
        if (admitted == null) {
            return;
        }
        AsyncContext async = hold(request, admitted);
        readBody(async, IoThreadServlet.answerThread(), request, client, admitted);
    }

    /**
     * What is checked before the body is read: its media type (else 415) and its admission (else
     * 503, see {@link #refuseUnread}). Either refusal closes the connection, so the unread body is
     * dropped, not drained. Null when refused (and answered).
     */
    private Admission.Admitted checks(HttpServletRequest request, HttpServletResponse response, String client)
            throws IOException {
        String contentType = request.getContentType();
        if (!PostChecks.isMms(contentType)) {
            LOG.info(() -> "MM1 POST from " + client + " with Content-Type " + contentType + " refused");
            UnreadBody.abandon(request, response);
            response.sendError(HttpServletResponse.SC_UNSUPPORTED_MEDIA_TYPE, "expected " + MMS_CONTENT_TYPE);
            return null;
        }
        long bodyBytes =
                PostChecks.bodyBudget(request.getContentLengthLong(), settings().maxMessageBytes());
        Admission.Entry entry = admission.enter(client, bodyBytes);
        if (entry instanceof Admission.Refused refused) {
            refuseUnread(request, response, client, refused.refusal());
            return null;
        }
        return (Admission.Admitted) entry;
    }

    /** Holds the request in its AsyncContext; whatever way the request ends, its slot and bytes go back. */
    private AsyncContext hold(HttpServletRequest request, Admission.Admitted admitted) {
        AsyncContext async;
        try {
            async = request.startAsync();
            async.addListener(new ReleaseAtEnd(admitted));
        } catch (RuntimeException e) {
            admitted.release();
            throw e;
        }
        async.setTimeout(settings().answerWindow().toMillis() + STORE_TIMEOUT.toMillis() + 10_000);
        return async;
    }

    /**
     * Reads the body through a ReadListener, up to mmsrouter.mm1.max-message-bytes and within
     * mmsrouter.mm1.body-timeout-ms (else {@link #bodyTooSlow}); once it is here, {@link #received}.
     */
    private void readBody(
            AsyncContext async,
            Executor answerThread,
            HttpServletRequest request,
            String client,
            Admission.Admitted admitted)
            throws IOException {
        long length = request.getContentLengthLong();
        request.getInputStream()
                .setReadListener(new BodyReader(
                                request.getInputStream(),
                                length,
                                settings().maxMessageBytes(),
                                body -> received(async, answerThread, request, client, body, admitted),
                                failure -> {
                                    LOG.info(() -> "MM1 POST from " + client + " broke off: " + failure);
                                    async.complete();
                                })
                        .within(timer, settings().bodyTimeout(), () -> bodyTooSlow(async, request, client)));
    }

    /**
     * A request refused before its body is read (its client's share or the byte budget is used up):
     * 503 with Retry-After, and the connection closed so the unread body is dropped, not drained.
     * No m-send-conf: without the PDU there is no Transaction-ID to answer to.
     */
    private static void refuseUnread(
            HttpServletRequest request, HttpServletResponse response, String client, Refusal refusal)
            throws IOException {
        LOG.fine(() -> "MM1 POST from " + client + " refused before its body: " + refusal.reason());
        UnreadBody.abandon(request, response);
        Replies.busy(response, refusal);
    }

    /** Gives a request's admission back when its asynchronous processing ends, however it ends. */
    private record ReleaseAtEnd(Admission.Admitted admitted) implements AsyncListener {
        @Override
        public void onComplete(AsyncEvent event) {
            admitted.release();
        }

        @Override
        public void onTimeout(AsyncEvent event) {
            admitted.release();
        }

        @Override
        public void onError(AsyncEvent event) {
            admitted.release();
        }

        @Override
        public void onStartAsync(AsyncEvent event) {
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
                + settings().bodyTimeout().toMillis() + " ms (mmsrouter.mm1.body-timeout-ms)");
        try {
            HttpServletResponse response = (HttpServletResponse) async.getResponse();
            byte[] text = "request body too slow\n".getBytes(StandardCharsets.US_ASCII);
            UnreadBody.abandon(request, response); // else the rest of the body would still be read, the connection kept
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

    /**
     * The whole body is here (or the part up to the limit): answer it, without blocking this (I/O)
     * thread. The answer is written on {@code answerThread}, whichever thread decides it.
     */
    private void received(
            AsyncContext async,
            Executor answerThread,
            HttpServletRequest request,
            String client,
            BoundedBody body,
            Admission.Admitted admitted) {
        try {
            CompletionStage<byte[]> sendConf = intake(async, answerThread, request, client, body, admitted);
            if (sendConf != null) {
                sendConf.whenComplete((bytes, failure) -> answer(answerThread, async, client, bytes, failure));
            }
        } catch (RuntimeException e) {
            answer(answerThread, async, client, null, e);
        }
    }

    /**
     * The m-send-conf for {@code body}, as a stage; null when the request was handed elsewhere (a
     * follow-up, which answers and completes itself).
     */
    private CompletionStage<byte[]> intake(
            AsyncContext async,
            Executor answerThread,
            HttpServletRequest request,
            String client,
            BoundedBody body,
            Admission.Admitted admitted) {
        Screening.Verdict verdict = Screening.screen(body, settings().maxMessageBytes(), client);
        if (verdict instanceof Screening.Verdict.Answer refused) {
            LOG.info(refused.logLine());
            return CompletableFuture.completedFuture(refused.sendConf());
        }
        if (verdict instanceof Screening.Verdict.FollowUp followUp) {
            followUps.take(
                    async,
                    answerThread,
                    request,
                    client,
                    body.bytes(),
                    followUp.headers(),
                    followUp.type(),
                    followUp.version());
            return null;
        }
        Screening.Verdict.SendReq sendReq = (Screening.Verdict.SendReq) verdict;
        String tid = sendReq.tid();
        Optional<Refusal> refusal = admission.toStore(client, body.bytes().length);
        if (refusal.isPresent()) {
            LOG.fine(() -> "m-send-req from " + client + " (TID " + Printable.escape(tid) + ") refused: "
                    + refusal.get().reason());
            Replies.retryAfter((HttpServletResponse) async.getResponse(), refusal.get());
            return CompletableFuture.completedFuture(Screening.busy(tid, sendReq.version()));
        }
        Instant now = Instant.now();
        QueuedMm mm = new QueuedMm(
                newRouterMessageId(),
                tid,
                now,
                PostChecks.expiresAt(
                        sendReq.headers().expiry(),
                        now,
                        live.get().forwarding().defaultExpiry(),
                        live.get().forwarding().maxExpiry()),
                client,
                ForwardedHeaders.keep(request, settings().trustedGateway(client)),
                body.bytes());
        return submission.submit(mm, sendReq.version(), admitted::release);
    }

    private RouterSettings.Mm1 settings() {
        return live.get().mm1();
    }

    static String newRouterMessageId() {
        return UUID.randomUUID().toString().replace("-", "");
    }

    /** Writes the m-send-conf (or a 500 without details when building it failed) and ends the request. */
    private static void answer(
            Executor answerThread, AsyncContext async, String client, byte[] sendConf, Throwable failure) {
        Replies.completeWith(answerThread, async, client, response -> {
            if (failure != null) {
                LOG.log(Level.SEVERE, "MM1 POST from " + client + " failed", failure);
                response.sendError(HttpServletResponse.SC_INTERNAL_SERVER_ERROR);
            } else {
                Replies.pdu(response, sendConf);
            }
        });
    }

    /** A request body read up to a limit; {@code truncated} when more bytes were on offer. */
    record BoundedBody(byte[] bytes, boolean truncated) {}
}
