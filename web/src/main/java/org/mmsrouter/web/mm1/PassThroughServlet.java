package org.mmsrouter.web.mm1;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.logging.Logger;
import org.mmsrouter.config.RouterSettings;

/**
 * Proxies requests under a path that is not MM1 (an MM7 gateway the operator pointed at the MMS
 * name, say) to the configured target, as they are: method, end-to-end headers and body in, status,
 * headers and body out, streamed. An unreachable target is a 502, a silent one a 504.
 */
public final class PassThroughServlet extends HttpServlet {

    private static final Logger LOG = Logger.getLogger(PassThroughServlet.class.getName());
    /** Hop-by-hop headers (RFC 9110 §7.6.1) and those the HTTP client sets itself. */
    private static final Set<String> NOT_PASSED = Set.of("connection", "keep-alive", "proxy-connection", "transfer-encoding",
            "te", "trailer", "upgrade", "host", "content-length", "expect");
    private static final Set<String> WITH_BODY = Set.of("POST", "PUT", "PATCH");

    private final transient RouterSettings.PassThrough route;
    private final transient HttpClient client;
    private final Duration timeout;

    public PassThroughServlet(RouterSettings.PassThrough route, HttpClient client, Duration timeout) {
        this.route = route;
        this.client = client;
        this.timeout = timeout;
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String below = request.getRequestURI().substring(route.pathPrefix().length());
        String base = route.target().toString();
        URI target = URI.create((base.endsWith("/") && below.startsWith("/") ? base.substring(0, base.length() - 1) : base)
                + below + (request.getQueryString() == null ? "" : "?" + request.getQueryString()));
        String method = request.getMethod();
        HttpRequest.Builder outbound = HttpRequest.newBuilder(target).timeout(timeout).method(method,
                WITH_BODY.contains(method) ? HttpRequest.BodyPublishers.ofInputStream(() -> body(request))
                        : HttpRequest.BodyPublishers.noBody());
        for (String name : Collections.list(request.getHeaderNames())) {
            if (!NOT_PASSED.contains(name.toLowerCase(Locale.ROOT)) && !name.equalsIgnoreCase("x-forwarded-for")) {
                for (String value : Collections.list(request.getHeaders(name))) {
                    outbound.header(name, value);
                }
            }
        }
        String previous = request.getHeader("X-Forwarded-For");
        outbound.header("X-Forwarded-For", previous == null ? request.getRemoteAddr() : previous + ", " + request.getRemoteAddr());
        HttpResponse<InputStream> answer;
        try {
            answer = client.send(outbound.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (HttpConnectTimeoutException | java.net.ConnectException e) {
            LOG.warning(() -> "Pass-through " + route.id() + ": " + target + " unreachable: " + e);
            response.sendError(HttpServletResponse.SC_BAD_GATEWAY, route.id() + " target unreachable");
            return;
        } catch (HttpTimeoutException e) {
            LOG.warning(() -> "Pass-through " + route.id() + ": no answer from " + target + " within " + timeout.toMillis() + " ms");
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
            if (!lower.startsWith(":") && !NOT_PASSED.contains(lower)) {
                header.getValue().forEach(value -> response.addHeader(header.getKey(), value));
            }
        }
        answer.headers().firstValue("content-length").ifPresent(length -> response.setHeader("Content-Length", length));
        try (InputStream in = answer.body()) {
            OutputStream out = response.getOutputStream();
            in.transferTo(out);
        }
    }

    private static InputStream body(HttpServletRequest request) {
        try {
            return request.getInputStream();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
