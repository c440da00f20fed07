package org.mmsrouter.web.mm1;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.concurrent.Executor;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.mmsrouter.admission.Refusal;

/**
 * How the MM1 ingress writes its answers: an MMS PDU with 200, a refusal with 503 and Retry-After,
 * and the end of an asynchronous request whatever its answer's fate (a client gone before its answer
 * is a FINE log line, never an error).
 */
final class Replies {

    // The ingress's log category, whichever of its classes writes the line.
    private static final Logger LOG = Logger.getLogger(Mm1Servlet.class.getName());

    private Replies() {}

    /** Writing one answer; may fail when the client has gone. */
    @FunctionalInterface
    interface Writer {
        void write(HttpServletResponse response) throws IOException;
    }

    /** Writes {@code encoded} (an m-send-conf or another confirmation) as the 200 answer. */
    static void pdu(HttpServletResponse response, byte[] encoded) throws IOException {
        response.setStatus(HttpServletResponse.SC_OK);
        response.setContentType(PostChecks.MMS_CONTENT_TYPE);
        response.setContentLength(encoded.length);
        response.getOutputStream().write(encoded);
    }

    /** Tells the client when to try again (seconds), with whatever answer refuses it. */
    static void retryAfter(HttpServletResponse response, Refusal refusal) {
        response.setHeader("Retry-After", Long.toString(refusal.retryAfter().toSeconds()));
    }

    /** 503 with Retry-After: the admission will not take this request now. */
    static void busy(HttpServletResponse response, Refusal refusal) throws IOException {
        retryAfter(response, refusal);
        response.sendError(HttpServletResponse.SC_SERVICE_UNAVAILABLE, "busy, retry later");
    }

    /**
     * Writes the answer of an asynchronous request from {@code client} and ends the request, however
     * the writing goes, on {@code answerThread} (see {@link IoThreadServlet#answerThread}).
     */
    static void completeWith(Executor answerThread, AsyncContext async, String client, Writer writer) {
        answerThread.execute(() -> completeWith(async, client, writer));
    }

    /** Writes the answer of an asynchronous request from {@code client} and ends the request, however the writing goes. */
    static void completeWith(AsyncContext async, String client, Writer writer) {
        try {
            writer.write((HttpServletResponse) async.getResponse());
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.FINE, "WAP gateway " + client + " gone before its answer", e);
        } finally {
            async.complete();
        }
    }
}
