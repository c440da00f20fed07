package org.mmsrouter.web.mm1;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.Arrays;
import java.util.UUID;
import java.util.logging.Logger;
import org.mmsrouter.forward.QueuedMm;
import org.mmsrouter.forward.SubmissionIntake;
import org.mmsrouter.pdu.MessageType;
import org.mmsrouter.pdu.PduFormatException;
import org.mmsrouter.pdu.PduHeaders;
import org.mmsrouter.pdu.ResponseStatus;
import org.mmsrouter.pdu.SendConf;

/**
 * MM1 ingress: takes an m-send-req POSTed by the WAP gateway, commits it durably to the
 * submissions queue, then answers m-send-conf Ok with a router-assigned Message-ID. Every bad
 * request gets a protocol answer (an m-send-conf with an error status, or the right HTTP status)
 * and a log line — never a stack trace.
 */
public final class Mm1Servlet extends HttpServlet {

    static final String MMS_CONTENT_TYPE = "application/vnd.wap.mms-message";
    private static final Logger LOG = Logger.getLogger(Mm1Servlet.class.getName());
    private static final int DEFAULT_VERSION = 0x12;
    private static final int VERSION_1_0 = 0x10;
    /** MMS 1.0's "unsupported-message", replaced by 0xE0-range statuses from 1.1 on. */
    private static final int UNSUPPORTED_MESSAGE_1_0 = 0x88;

    private final transient SubmissionIntake intake;
    private final int maxMessageBytes;

    public Mm1Servlet(SubmissionIntake intake, int maxMessageBytes) {
        this.intake = intake;
        this.maxMessageBytes = maxMessageBytes;
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String contentType = request.getContentType();
        if (contentType == null || !mediaType(contentType).equals(MMS_CONTENT_TYPE)) {
            LOG.info(() -> "MM1 POST from " + request.getRemoteAddr() + " with Content-Type " + contentType + " refused");
            response.sendError(HttpServletResponse.SC_UNSUPPORTED_MEDIA_TYPE, "expected " + MMS_CONTENT_TYPE);
            return;
        }
        BoundedBody body = BoundedBody.read(request.getInputStream(), maxMessageBytes);
        PduHeaders leading;
        try {
            // Header-only scan: the body is passed on as it arrived, never decoded here.
            leading = PduHeaders.scan(body.bytes());
        } catch (PduFormatException e) {
            LOG.info(() -> "Corrupt PDU from " + request.getRemoteAddr() + ": " + e.getMessage());
            answer(response, new SendConf("", DEFAULT_VERSION, ResponseStatus.ERROR_PERMANENT_MESSAGE_FORMAT_CORRUPT,
                    "corrupt PDU " + e.getMessage(), null));
            return;
        }
        String tid = leading.transactionId() == null ? "" : leading.transactionId();
        int version = leading.mmsVersion() < 0 ? DEFAULT_VERSION : leading.mmsVersion();
        if (body.truncated()) {
            LOG.info(() -> "MM from " + request.getRemoteAddr() + " (TID " + tid + ") exceeds " + maxMessageBytes + " bytes");
            answer(response, new SendConf(tid, version, ResponseStatus.ERROR_PERMANENT_CONTENT_NOT_ACCEPTED,
                    "message larger than " + maxMessageBytes + " bytes", null));
            return;
        }
        if (leading.messageType().orElse(null) != MessageType.M_SEND_REQ) {
            LOG.info(() -> String.format("Unsupported message type 0x%02X from %s", leading.messageTypeOctet(), request.getRemoteAddr()));
            int status = version == VERSION_1_0 ? UNSUPPORTED_MESSAGE_1_0 : ResponseStatus.ERROR_PERMANENT_FAILURE;
            answer(response, new SendConf(tid, version, status, "unsupported message type", null));
            return;
        }
        if (leading.transactionId() == null) {
            answer(response, new SendConf(tid, version, ResponseStatus.ERROR_PERMANENT_MESSAGE_FORMAT_CORRUPT,
                    "m-send-req without X-Mms-Transaction-ID", null));
            return;
        }
        String routerMessageId = UUID.randomUUID().toString().replace("-", "");
        QueuedMm mm = new QueuedMm(routerMessageId, tid, Instant.now(), request.getRemoteAddr(),
                ForwardedHeaders.keep(request), body.bytes());
        try {
            intake.enqueue(mm);
        } catch (RuntimeException e) {
            LOG.severe("Cannot queue MM " + routerMessageId + " (TID " + tid + "): " + e);
            answer(response, new SendConf(tid, version, ResponseStatus.ERROR_TRANSIENT_FAILURE,
                    "temporarily unable to accept", null));
            return;
        }
        LOG.fine(() -> "Queued MM " + routerMessageId + " (TID " + tid + ", " + body.bytes().length + " bytes)");
        answer(response, new SendConf(tid, version, ResponseStatus.OK, null, routerMessageId));
    }

    private static void answer(HttpServletResponse response, SendConf conf) throws IOException {
        byte[] encoded = conf.encode();
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
