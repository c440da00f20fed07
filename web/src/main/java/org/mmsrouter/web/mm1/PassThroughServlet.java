package org.mmsrouter.web.mm1;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.function.Predicate;
import java.util.logging.Logger;
import org.mmsrouter.config.RouterSettings;
import org.mmsrouter.retrieval.RetrievalProxy;

/**
 * Proxies requests under a path that is not MM1 (an MM7 gateway the operator pointed at the MMS
 * name, say) to the configured target, as they are: method, end-to-end headers and body in, status,
 * headers and body out, streamed. An unreachable target is a 502, a silent one a 504. Each request
 * holds a container thread while it is proxied, so at most a configured number are proxied at once
 * (the rest get 503 at once), and the whole exchange, a client's body upload included, is bounded
 * by the timeout: a client dribbling its body cannot hold threads for longer. Identity headers are
 * passed on only from trusted gateways, as on MM1 ({@link ForwardedHeaders}); who may use a
 * pass-through at all is {@link Mm1SourceFilter}'s decision.
 */
public final class PassThroughServlet extends HttpServlet {

    private static final Logger LOG = Logger.getLogger(PassThroughServlet.class.getName());
    private static final Set<String> WITH_BODY = Set.of("POST", "PUT", "PATCH");

    private final transient RouterSettings.PassThrough route;
    private final transient HttpClient client;
    private final Duration timeout;
    private final transient Predicate<String> trustedGateway;
    private final transient ScheduledExecutorService watchdog;
    private final transient Semaphore slots;

    /**
     * @param trustedGateway whether a client address may send MSISDN headers (else they are stripped)
     * @param watchdog       closes an answer that stalls longer than {@code timeout} between two pieces
     * @param slots          one permit per request proxied at once, shared by every pass-through
     */
    public PassThroughServlet(
            RouterSettings.PassThrough route,
            HttpClient client,
            Duration timeout,
            Predicate<String> trustedGateway,
            ScheduledExecutorService watchdog,
            Semaphore slots) {
        this.route = route;
        this.client = client;
        this.timeout = timeout;
        this.trustedGateway = trustedGateway;
        this.watchdog = watchdog;
        this.slots = slots;
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (!slots.tryAcquire()) {
            LOG.warning(() -> "Pass-through " + route.id() + ": " + request.getMethod() + " from "
                    + request.getRemoteAddr() + " refused: all mmsrouter.pass-through.max-concurrent slots busy");
            UnreadBody.abandon(request, response);
            response.setHeader("Retry-After", "1");
            response.sendError(HttpServletResponse.SC_SERVICE_UNAVAILABLE, "busy, retry later");
            return;
        }
        try {
            proxy(request, response);
        } finally {
            slots.release();
        }
    }

    private void proxy(HttpServletRequest request, HttpServletResponse response) throws IOException {
        URI target = target(request);
        if (target == null) {
            LOG.info(() -> "Pass-through " + route.id() + ": refused " + request.getRequestURI() + " from "
                    + request.getRemoteAddr());
            UnreadBody.abandon(request, response);
            response.sendError(HttpServletResponse.SC_BAD_REQUEST, "not a path below " + route.pathPrefix());
            return;
        }
        String method = request.getMethod();
        long contentLength = request.getContentLengthLong();
        HttpRequest.BodyPublisher body = !WITH_BODY.contains(method) || contentLength == 0
                ? HttpRequest.BodyPublishers.noBody()
                : contentLength > 0
                        ? HttpRequest.BodyPublishers.fromPublisher(
                                HttpRequest.BodyPublishers.ofInputStream(() -> body(request)), contentLength)
                        : HttpRequest.BodyPublishers.ofInputStream(() -> body(request));
        HttpRequest.Builder outbound =
                HttpRequest.newBuilder(target).timeout(timeout).method(method, body);
        String source = request.getRemoteAddr();
        boolean trusted = trustedGateway.test(source);
        List<String> forwardedFor = new ArrayList<>();
        for (String name : Collections.list(request.getHeaderNames())) {
            if (ForwardedHeaders.isIdentity(name) && !trusted) {
                ForwardedHeaders.strippedFrom(name, source);
            } else if (name.equalsIgnoreCase(ForwardedHeaders.FORWARDED_FOR)) {
                forwardedFor.addAll(Collections.list(request.getHeaders(name)));
            } else if (!RetrievalProxy.NOT_PASSED.contains(name.toLowerCase(Locale.ROOT))) {
                for (String value : Collections.list(request.getHeaders(name))) {
                    outbound.header(name, value);
                }
            }
        }
        outbound.header(ForwardedHeaders.FORWARDED_FOR, ForwardedHeaders.forwardedFor(forwardedFor, source));
        HttpResponse<InputStream> answer;
        try {
            answer = client.send(outbound.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (HttpConnectTimeoutException | ConnectException e) {
            LOG.warning(() -> "Pass-through " + route.id() + ": " + target + " unreachable: " + e);
            response.sendError(HttpServletResponse.SC_BAD_GATEWAY, route.id() + " target unreachable");
            return;
        } catch (HttpTimeoutException e) {
            LOG.warning(() -> "Pass-through " + route.id() + ": no answer from " + target + " within "
                    + timeout.toMillis() + " ms");
            response.sendError(HttpServletResponse.SC_GATEWAY_TIMEOUT, route.id() + " target did not answer");
            return;
        } catch (IOException e) {
            LOG.warning(() -> "Pass-through " + route.id() + " to " + target + " failed: " + e);
            response.sendError(HttpServletResponse.SC_BAD_GATEWAY, route.id() + " target failed");
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            response.sendError(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
            return;
        }
        response.setStatus(answer.statusCode());
        for (Map.Entry<String, List<String>> header : answer.headers().map().entrySet()) {
            String lower = header.getKey().toLowerCase(Locale.ROOT);
            if (!lower.startsWith(":") && !RetrievalProxy.NOT_PASSED.contains(lower)) {
                header.getValue().forEach(value -> response.addHeader(header.getKey(), value));
            }
        }
        answer.headers().firstValue("content-length").ifPresent(length -> response.setHeader("Content-Length", length));
        try (InputStream in = answer.body()) {
            Streams.copy(in, response.getOutputStream(), watchdog, timeout);
        }
    }

    /**
     * The target for a request: the decoded, normalised path below the prefix appended to the
     * target's path, encoded again; null when the path leaves the prefix (dot segments, encoded
     * tricks) or is not a path at all.
     */
    URI target(HttpServletRequest request) {
        String below = request.getPathInfo() == null ? "" : request.getPathInfo();
        if (!request.getServletPath().equals(route.pathPrefix())
                || below.contains("/../")
                || below.endsWith("/..")
                || below.contains("/./")
                || below.endsWith("/.")) {
            return null;
        }
        URI base = route.target();
        String basePath = base.getPath() == null ? "" : base.getPath();
        String path = (basePath.endsWith("/") && below.startsWith("/")
                        ? basePath.substring(0, basePath.length() - 1)
                        : basePath)
                + below;
        try {
            URI withPath = new URI(base.getScheme(), base.getRawAuthority(), path.isEmpty() ? null : path, null, null);
            return URI.create(withPath.toASCIIString()
                    + (request.getQueryString() == null ? "" : "?" + request.getQueryString()));
        } catch (URISyntaxException | IllegalArgumentException e) {
            return null;
        }
    }

    private static InputStream body(HttpServletRequest request) {
        try {
            return request.getInputStream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
