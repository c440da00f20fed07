package org.mmsrouter.web.mm1;

import io.undertow.server.HttpServerExchange;
import io.undertow.servlet.spec.HttpServletRequestImpl;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletRequestWrapper;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Refusing a request without reading its body. When a servlet returns, Undertow reads whatever is
 * left of the request body, blocking the thread until the body ends: a client that sends a large
 * Content-Length and then a byte a second holds a worker thread for as long as it likes, and a few
 * dozen such clients hold them all (measured: every worker stuck in
 * {@code HttpServletRequestImpl.closeAndDrainRequest}, MM1 at zero throughput). A refused request's
 * body is not wanted, so the refusal tells Undertow the request is over and the connection is to be
 * closed after the answer: nothing is drained, the client's bytes are dropped with the connection.
 * The same goes for an asynchronous request given up before its body ended: Undertow would go on
 * reading (without a thread) until the body ends, so the connection would stay as long as the
 * client keeps dribbling. Undertow-specific; in another container only {@code Connection: close} is set.
 */
final class UnreadBody {

    private UnreadBody() {}

    /** Call before the refusal is written, on a thread of the container serving the request (not a timer's). */
    static void abandon(HttpServletRequest request, HttpServletResponse response) {
        response.setHeader("Connection", "close");
        HttpServerExchange exchange = exchangeOf(request);
        if (exchange != null && !exchange.isRequestComplete()) {
            exchange.setPersistent(false); // the unread bytes must never be parsed as a next request
            io.undertow.server.Connectors.terminateRequest(exchange); // the body counts as read: nothing left to drain
        }
    }

    private static HttpServerExchange exchangeOf(ServletRequest request) {
        ServletRequest current = request;
        while (current instanceof ServletRequestWrapper wrapper) {
            current = wrapper.getRequest();
        }
        return current instanceof HttpServletRequestImpl undertow ? undertow.getExchange() : null;
    }
}
