package org.mmsrouter.it;

import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The admin API as a script or the console uses it, on the management plane (HTTPS, {@link NocTls}): HTTP
 * BASIC as one of the IT server's users (created by the build with bin/mmsrouter-user.sh), a session cookie, and the CSRF token of that session on
 * every state-changing call.
 */
final class AdminClient {

    static final String API = NocTls.BASE + "/admin/api";

    static final AdminClient OPERATOR = new AdminClient("it-operator", "it-operator-pw");
    static final AdminClient VIEWER = new AdminClient("it-viewer", "it-viewer-pw");
    static final AdminClient METRICS = new AdminClient("it-metrics", "it-metrics-pw");

    private static final Pattern TOKEN = Pattern.compile("\"csrfToken\":\"([0-9a-f]+)\"");

    private final String authorization;
    private volatile HttpClient http;
    private volatile String csrfToken;

    AdminClient(String user, String password) {
        authorization = user == null
                ? null
                : "Basic "
                        + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        forgetSession();
    }

    /** Starts over with no session cookie and no token (after a redeployment, say). */
    void forgetSession() {
        http = NocTls.client().cookieHandler(new CookieManager()).build();
        csrfToken = null;
    }

    /** A client that sends no credentials. */
    static AdminClient anonymous() {
        return new AdminClient(null, null);
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(request(path).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> post(String path) throws IOException, InterruptedException {
        return send("POST", path, null);
    }

    /** A state-changing call with this session's CSRF token; {@code json} may be null. */
    HttpResponse<String> send(String method, String path, String json) throws IOException, InterruptedException {
        HttpRequest.Builder request = request(path).header("X-CSRF-Token", csrfToken());
        return http.send(withBody(request, method, json).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A state-changing call exactly as given: no CSRF token unless the caller adds one. */
    HttpResponse<String> sendRaw(String method, String path, String json, String... headers)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = request(path);
        if (headers.length > 0) {
            request.headers(headers);
        }
        return http.send(withBody(request, method, json).build(), HttpResponse.BodyHandlers.ofString());
    }

    String csrfToken() throws IOException, InterruptedException {
        if (csrfToken == null) {
            HttpResponse<String> session = get("/session");
            Matcher matcher = TOKEN.matcher(session.body());
            if (session.statusCode() != 200 || !matcher.find()) {
                throw new AssertionError("no CSRF token from /session: " + session.statusCode() + " " + session.body());
            }
            csrfToken = matcher.group(1);
        }
        return csrfToken;
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(URI.create(API + path)).timeout(Duration.ofSeconds(30));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return request;
    }

    private static HttpRequest.Builder withBody(HttpRequest.Builder request, String method, String json) {
        if (json != null) {
            request.header("Content-Type", "application/json");
        }
        return request.method(
                method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
    }
}
