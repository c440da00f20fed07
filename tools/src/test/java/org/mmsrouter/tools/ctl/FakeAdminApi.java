package org.mmsrouter.tools.ctl;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A test double of the admin API's HTTP server only: answers what a test scripted for "METHOD path"
 * (path with query), as the documented API does, and enforces what the real server enforces of every
 * client — BASIC credentials (401), the session cookie and CSRF token on state-changing calls (403, as
 * CsrfFilter) — so the client's handling of both is exercised. Records every request.
 */
final class FakeAdminApi implements AutoCloseable {

    static final String USER = "noc-op";
    static final String PASSWORD = "s3cr=t\\pw";
    static final String CSRF = "c0ffee";
    private static final String COOKIE = "JSESSIONID=fake-session";

    /** A request as the server saw it. */
    record Seen(String method, String pathAndQuery, String csrf, String cookie, String body) {}

    private final HttpServer server;
    private final Map<String, Deque<String[]>> answers = new HashMap<>();
    private final List<Seen> seen = new ArrayList<>();

    private FakeAdminApi(HttpServer server) {
        this.server = server;
        server.createContext("/", this::handle);
        server.start();
    }

    static FakeAdminApi start() throws IOException {
        return new FakeAdminApi(HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0));
    }

    static FakeAdminApi start(HttpsServer https) {
        return new FakeAdminApi(https);
    }

    int port() {
        return server.getAddress().getPort();
    }

    /** Answers {@code method pathAndQuery} (under /admin/api) with {@code status} and {@code body}; queued per call. */
    FakeAdminApi answer(String method, String pathAndQuery, int status, String body) {
        answers.computeIfAbsent(method + " " + pathAndQuery, k -> new ArrayDeque<>())
                .add(new String[] {Integer.toString(status), body});
        return this;
    }

    /** The requests seen, except those for the session. */
    synchronized List<Seen> seen() {
        return seen.stream().filter(s -> !s.pathAndQuery().equals("/session")).toList();
    }

    private synchronized void handle(HttpExchange exchange) throws IOException {
        String method = exchange.getRequestMethod();
        String uri = exchange.getRequestURI().getRawPath()
                + (exchange.getRequestURI().getRawQuery() == null
                        ? ""
                        : "?" + exchange.getRequestURI().getRawQuery());
        String path = uri.startsWith("/admin/api") ? uri.substring("/admin/api".length()) : uri;
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        String csrf = exchange.getRequestHeaders().getFirst("X-CSRF-Token");
        String cookie = exchange.getRequestHeaders().getFirst("Cookie");
        seen.add(new Seen(method, path, csrf, cookie, body));
        String expected =
                "Basic " + Base64.getEncoder().encodeToString((USER + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8));
        if (!expected.equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
            exchange.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"MmsRouter\"");
            send(exchange, 401, "<html><body>Unauthorized</body></html>");
            return;
        }
        if (path.equals("/session") && method.equals("GET")) {
            exchange.getResponseHeaders().add("Set-Cookie", COOKIE + "; Path=/; HttpOnly");
            send(
                    exchange,
                    200,
                    "{\"user\":\"" + USER + "\",\"roles\":[\"noc-operator\"],\"canAct\":true," + "\"csrfToken\":\""
                            + CSRF + "\",\"node\":\"n1\"}");
            return;
        }
        if (!method.equals("GET") && (!CSRF.equals(csrf) || cookie == null || !cookie.contains(COOKIE))) {
            send(
                    exchange,
                    403,
                    "{\"error\":\"missing X-CSRF-Token header: GET /admin/api/session gives the token"
                            + " for this session\"}");
            return;
        }
        Deque<String[]> queued = answers.get(method + " " + path);
        if (queued == null || queued.isEmpty()) {
            send(exchange, 404, "{\"error\":\"not scripted: " + method + " " + path + "\"}");
            return;
        }
        String[] answer = queued.size() > 1 ? queued.poll() : queued.peek();
        send(exchange, Integer.parseInt(answer[0]), answer[1]);
    }

    private static void send(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
