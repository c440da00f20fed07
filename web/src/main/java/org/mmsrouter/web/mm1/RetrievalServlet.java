package org.mmsrouter.web.mm1;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Predicate;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.mmsrouter.retrieval.RetrievalProxy;
import org.mmsrouter.retrieval.RetrievalResult;
import org.mmsrouter.retrieval.RetrievalService;
import org.mmsrouter.retrieval.RetrieveConfs;

/**
 * Retrievals: a phone GETs the Content-Location URL of its notification, which names the MMS
 * domain and so reaches the router. The request goes to the MMSC that owns the message and its
 * answer streams back unchanged (status, headers, body). When the owner cannot be reached the
 * phone gets an m-retrieve-conf saying "transient failure", so it retries later instead of
 * giving the message up on a 404.
 */
public final class RetrievalServlet extends HttpServlet {

    private static final Logger LOG = Logger.getLogger(RetrievalServlet.class.getName());
    private final transient RetrievalService retrievals;
    /** Whether a client may send MSISDN headers (mm1.trusted-gateways, as in force now). */
    private final transient Predicate<String> trustedGateway;

    private final transient ScheduledExecutorService watchdog;
    private final Duration idle;

    /** @param idle longest wait for the next piece of an MMSC's answer before the retrieval is given up */
    public RetrievalServlet(
            RetrievalService retrievals,
            Predicate<String> trustedGateway,
            ScheduledExecutorService watchdog,
            Duration idle) {
        this.retrievals = retrievals;
        this.trustedGateway = trustedGateway;
        this.watchdog = watchdog;
        this.idle = idle;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response)
            throws IOException, ServletException {
        relay("GET", request, response);
    }

    @Override
    protected void doHead(HttpServletRequest request, HttpServletResponse response)
            throws IOException, ServletException {
        relay("HEAD", request, response);
    }

    /** Not MM1 and no configured pass-through: refused, with a line in the log. */
    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        refuse(request, response);
    }

    @Override
    protected void doPut(HttpServletRequest request, HttpServletResponse response) throws IOException {
        refuse(request, response);
    }

    @Override
    protected void doDelete(HttpServletRequest request, HttpServletResponse response) throws IOException {
        refuse(request, response);
    }

    private static void refuse(HttpServletRequest request, HttpServletResponse response) throws IOException {
        LOG.info(() -> request.getMethod() + " " + request.getRequestURI() + " from " + request.getRemoteAddr()
                + " refused: not MM1 and no pass-through is configured for it");
        UnreadBody.abandon(request, response);
        response.sendError(
                HttpServletResponse.SC_NOT_FOUND,
                "not an MM1 endpoint: MM1 requests are POSTed to the MM1 path; no pass-through is configured for this one");
    }

    void relay(String method, HttpServletRequest request, HttpServletResponse response)
            throws IOException, ServletException {
        String path = request.getRequestURI();
        if (path.equals("/") || path.equals("/index.html")) {
            // The router's own page, not a message.
            RequestDispatcher files = getServletContext().getNamedDispatcher("default");
            files.forward(request, response);
            return;
        }
        String pathAndQuery = request.getQueryString() == null ? path : path + "?" + request.getQueryString();
        try {
            URI.create("http://mmsc" + pathAndQuery);
        } catch (IllegalArgumentException e) {
            LOG.info(() -> "Retrieval of a malformed URL from " + request.getRemoteAddr() + ": " + e.getMessage());
            response.sendError(HttpServletResponse.SC_BAD_REQUEST, "malformed URL");
            return;
        }
        RetrievalResult result;
        try {
            result = retrievals.retrieve(
                    method,
                    request.getServerName(),
                    request.getServerPort(),
                    pathAndQuery,
                    ForwardedHeaders.keep(request, trustedGateway.test(request.getRemoteAddr())));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            response.sendError(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
            return;
        }
        if (result instanceof RetrievalResult.Streamed streamed) {
            try (RetrievalProxy.Upstream upstream = streamed.upstream()) {
                copy(upstream, method, response);
                retrievals.retrieved(upstream);
            }
        } else if (result instanceof RetrievalResult.NotFound) {
            LOG.info(() -> "Retrieval of " + pathAndQuery + " from " + request.getRemoteAddr() + ": no MMSC has it");
            response.sendError(HttpServletResponse.SC_NOT_FOUND, "no MMSC holds this message");
        } else {
            String reason = ((RetrievalResult.OwnerUnavailable) result).reason();
            LOG.warning(() -> "Retrieval of " + pathAndQuery + " from " + request.getRemoteAddr()
                    + " answered transient failure: " + reason);
            byte[] conf =
                    RetrieveConfs.transientFailure("Message temporarily unavailable, please retry", Instant.now());
            response.setStatus(HttpServletResponse.SC_OK);
            response.setContentType(Mm1Servlet.MMS_CONTENT_TYPE);
            response.setContentLength(conf.length);
            if (!"HEAD".equals(method)) {
                response.getOutputStream().write(conf);
            }
        }
    }

    /** Status, end-to-end headers and body as the MMSC sent them, the body in small pieces. */
    private void copy(RetrievalProxy.Upstream upstream, String method, HttpServletResponse response)
            throws IOException {
        response.setStatus(upstream.status());
        for (Map.Entry<String, List<String>> header : upstream.headers().entrySet()) {
            String name = header.getKey();
            String lower = name.toLowerCase(Locale.ROOT);
            if (lower.startsWith(":") || RetrievalProxy.NOT_PASSED.contains(lower)) {
                continue;
            }
            for (String value : header.getValue()) {
                response.addHeader(name, value);
            }
        }
        upstream.headers().getOrDefault("content-length", List.of()).stream()
                .findFirst()
                .ifPresent(length -> response.setHeader("Content-Length", length));
        if ("HEAD".equals(method)) {
            return;
        }
        try {
            Streams.copy(upstream.body(), response.getOutputStream(), watchdog, idle);
        } catch (IOException e) {
            LOG.log(
                    Level.FINE,
                    "Retrieval cut short (" + upstream.mmscId() + " stalled or the WAP gateway went away)",
                    e);
            throw e;
        }
    }
}
