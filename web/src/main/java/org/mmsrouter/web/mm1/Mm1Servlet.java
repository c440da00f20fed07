package org.mmsrouter.web.mm1;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.mmsrouter.config.RouterSettings;
import org.mmsrouter.forward.OutcomeBoard;
import org.mmsrouter.forward.QueuedMm;
import org.mmsrouter.forward.SubmissionIntake;
import org.mmsrouter.forward.KeptHeader;
import org.mmsrouter.pdu.FollowUps;
import org.mmsrouter.pdu.HeaderValue;
import org.mmsrouter.pdu.MessageType;
import org.mmsrouter.pdu.PduFormatException;
import org.mmsrouter.pdu.PduHeaders;
import org.mmsrouter.pdu.ResponseStatus;
import org.mmsrouter.pdu.SendConf;
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

    private final transient SubmissionIntake intake;
    private final transient OutcomeBoard outcomes;
    private final transient RouterSettings.Mm1 settings;
    private final Duration defaultExpiry;
    private final RetrievalServlet retrieval;
    private final transient RetrievalService retrievals;

    public Mm1Servlet(SubmissionIntake intake, OutcomeBoard outcomes, RouterSettings.Mm1 settings, Duration defaultExpiry,
                      RetrievalServlet retrieval, RetrievalService retrievals) {
        this.intake = intake;
        this.outcomes = outcomes;
        this.settings = settings;
        this.defaultExpiry = defaultExpiry;
        this.retrieval = retrieval;
        this.retrievals = retrievals;
    }

    /** A Content-Location on the MM1 path itself (e.g. {@code /mms?id=…}): a retrieval like any other. */
    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException, ServletException {
        retrieval.relay("GET", request, response);
    }

    @Override
    protected void doHead(HttpServletRequest request, HttpServletResponse response) throws IOException, ServletException {
        retrieval.relay("HEAD", request, response);
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String contentType = request.getContentType();
        if (contentType == null || !mediaType(contentType).equals(MMS_CONTENT_TYPE)) {
            LOG.info(() -> "MM1 POST from " + request.getRemoteAddr() + " with Content-Type " + contentType + " refused");
            response.sendError(HttpServletResponse.SC_UNSUPPORTED_MEDIA_TYPE, "expected " + MMS_CONTENT_TYPE);
            return;
        }
        int maxMessageBytes = settings.maxMessageBytes();
        BoundedBody body = BoundedBody.read(request.getInputStream(), maxMessageBytes);
        PduHeaders headers;
        try {
            // Header-only scan: the body is passed on as it arrived, never decoded here.
            headers = PduHeaders.scan(body.bytes());
        } catch (PduFormatException e) {
            LOG.info(() -> "Corrupt PDU from " + request.getRemoteAddr() + ": " + e.getMessage());
            answer(response, new SendConf("", DEFAULT_VERSION, ResponseStatus.ERROR_PERMANENT_MESSAGE_FORMAT_CORRUPT,
                    "corrupt PDU " + e.getMessage(), null).encode());
            return;
        }
        String tid = headers.transactionId() == null ? "" : headers.transactionId();
        int version = headers.mmsVersion() < 0 ? DEFAULT_VERSION : headers.mmsVersion();
        if (body.truncated()) {
            LOG.info(() -> "MM from " + request.getRemoteAddr() + " (TID " + tid + ") exceeds " + maxMessageBytes + " bytes");
            answer(response, new SendConf(tid, version, ResponseStatus.ERROR_PERMANENT_CONTENT_NOT_ACCEPTED,
                    "message larger than " + maxMessageBytes + " bytes", null).encode());
            return;
        }
        MessageType type = headers.messageType().orElse(null);
        if (type != null && FollowUps.isFollowUp(type)) {
            followUp(request, response, body.bytes(), headers, type, version);
            return;
        }
        if (type != MessageType.M_SEND_REQ) {
            LOG.info(() -> String.format("Unsupported message type 0x%02X from %s", headers.messageTypeOctet(), request.getRemoteAddr()));
            int status = version == VERSION_1_0 ? UNSUPPORTED_MESSAGE_1_0 : ResponseStatus.ERROR_PERMANENT_FAILURE;
            answer(response, new SendConf(tid, version, status, "unsupported message type", null).encode());
            return;
        }
        String missing = missingMandatoryHeader(headers);
        if (missing != null) {
            LOG.info(() -> "m-send-req from " + request.getRemoteAddr() + " (TID " + tid + ") lacks " + missing);
            answer(response, new SendConf(tid, version, ResponseStatus.ERROR_PERMANENT_MESSAGE_FORMAT_CORRUPT,
                    "m-send-req without " + missing, null).encode());
            return;
        }
        Instant now = Instant.now();
        String routerMessageId = UUID.randomUUID().toString().replace("-", "");
        QueuedMm mm = new QueuedMm(routerMessageId, tid, now, expiresAt(headers.expiry(), now), request.getRemoteAddr(),
                ForwardedHeaders.keep(request, settings.trustedGateway(request.getRemoteAddr())), body.bytes());
        byte[] routerAnswer = new SendConf(tid, version, ResponseStatus.OK, null, routerMessageId).encode();
        boolean wait = !settings.answerWindow().isZero();
        CompletableFuture<OutcomeBoard.Outcome> outcome = wait ? outcomes.expect(routerMessageId) : null;
        try {
            intake.enqueue(mm);
        } catch (RuntimeException e) {
            outcomes.forget(routerMessageId);
            LOG.severe("Cannot queue MM " + routerMessageId + " (TID " + tid + "): " + e);
            answer(response, new SendConf(tid, version, ResponseStatus.ERROR_TRANSIENT_FAILURE,
                    "temporarily unable to accept", null).encode());
            return;
        }
        outcomes.noteAccepted();
        LOG.fine(() -> "Queued MM " + routerMessageId + " (TID " + tid + ", " + body.bytes().length + " bytes)");
        if (!wait) {
            answer(response, routerAnswer);
            return;
        }
        // The MM is safe in the queue; hold the request (not a thread) until the MMSC answers or the window closes.
        AsyncContext async = request.startAsync();
        async.setTimeout(settings.answerWindow().toMillis() + 10_000);
        byte[] rejected = new SendConf(tid, version, ResponseStatus.ERROR_PERMANENT_FAILURE, "rejected by the MMSC", null).encode();
        outcome.orTimeout(settings.answerWindow().toMillis(), TimeUnit.MILLISECONDS).whenComplete((result, timeout) -> {
            outcomes.forget(routerMessageId);
            byte[] answer = routerAnswer;
            outcomes.noteAnswer(result != null && result.rawSendConf() != null);
            if (result != null && result.rawSendConf() != null) {
                answer = result.rawSendConf();
            } else if (result != null && !result.accepted()) {
                answer = rejected;
            }
            try {
                answer((HttpServletResponse) async.getResponse(), answer);
            } catch (IOException | RuntimeException e) {
                LOG.log(Level.FINE, "WAP gateway gone before the answer to MM " + routerMessageId, e);
            } finally {
                async.complete();
            }
        });
    }

    /**
     * A PDU about an existing message. Indications are queued durably (losing one makes the MMSC
     * re-notify or lose a read report) and answered 204 at once; the forwarding pipeline takes them
     * to the message's owner. Requests go to the owner now and its confirmation is relayed; when
     * the owner cannot be reached their confirmation says "transient failure", so the phone retries.
     */
    private void followUp(HttpServletRequest request, HttpServletResponse response, byte[] pdu, PduHeaders headers,
                          MessageType type, int version) throws IOException {
        String tid = headers.transactionId();
        List<KeptHeader> kept = ForwardedHeaders.keep(request, settings.trustedGateway(request.getRemoteAddr()));
        Optional<MessageType> confirmation = FollowUps.confirmationOf(type);
        if (confirmation.isEmpty()) {
            if (queue(request, pdu, tid, kept, type)) {
                response.setStatus(HttpServletResponse.SC_NO_CONTENT);
            } else {
                response.sendError(HttpServletResponse.SC_SERVICE_UNAVAILABLE, "temporarily unable to accept");
            }
            return;
        }
        RetrievalService.Exchange exchange;
        try {
            exchange = retrievals.exchange(pdu, headers, kept);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            response.sendError(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
            return;
        }
        if (exchange instanceof RetrievalService.Exchange.Relayed relayed) {
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
        if (exchange instanceof RetrievalService.Exchange.NobodyHasIt) {
            status = ResponseStatus.ERROR_PERMANENT_MESSAGE_NOT_FOUND;
            text = "no MMSC holds this message";
        } else if (exchange instanceof RetrievalService.Exchange.Refused refused) {
            LOG.info(() -> type.specName() + " (TID " + tid + ") refused by its owner: " + refused.reason());
            status = ResponseStatus.ERROR_PERMANENT_FAILURE;
            text = "refused by the MMSC";
        } else {
            // The owner is away: the phone retries. Queueing and confirming Ok is not an option: the
            // confirmation of an accepted m-forward-req must carry the Message-ID only the owner gives.
            status = ResponseStatus.ERROR_TRANSIENT_FAILURE;
            text = "temporarily unable to serve, please retry";
        }
        answer(response, FollowUps.confirmation(confirmation.get(), tid, version, status, text, null));
    }

    /** Queues a follow-up PDU durably for the forwarding pipeline; false when the queue cannot take it. */
    private boolean queue(HttpServletRequest request, byte[] pdu, String tid, List<KeptHeader> kept, MessageType type) {
        Instant now = Instant.now();
        String routerMessageId = UUID.randomUUID().toString().replace("-", "");
        try {
            intake.enqueue(new QueuedMm(routerMessageId, tid, now, now.plus(defaultExpiry), request.getRemoteAddr(), kept, pdu));
            LOG.fine(() -> "Queued " + type.specName() + " " + routerMessageId + " (TID " + tid + ") for its owner");
            return true;
        } catch (RuntimeException e) {
            LOG.severe("Cannot queue " + type.specName() + " (TID " + tid + "): " + e);
            return false;
        }
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

    private Instant expiresAt(HeaderValue.Time expiry, Instant now) {
        if (expiry == null) {
            return now.plus(defaultExpiry);
        }
        return expiry.absolute() ? Instant.ofEpochSecond(expiry.seconds()) : now.plusSeconds(expiry.seconds());
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

        static BoundedBody read(InputStream in, int limit) throws IOException {
            byte[] buffer = new byte[Math.min(limit + 1, 64 * 1024)];
            int length = 0;
            while (true) {
                if (length == buffer.length) {
                    if (length > limit) {
                        break;
                    }
                    buffer = Arrays.copyOf(buffer, Math.min(limit + 1, buffer.length * 2));
                }
                int read = in.read(buffer, length, buffer.length - length);
                if (read < 0) {
                    break;
                }
                length += read;
            }
            boolean truncated = length > limit;
            return new BoundedBody(Arrays.copyOf(buffer, Math.min(length, limit)), truncated);
        }
    }
}
