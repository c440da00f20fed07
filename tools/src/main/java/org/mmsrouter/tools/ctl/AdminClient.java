package org.mmsrouter.tools.ctl;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.net.ConnectException;
import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;

/**
 * The admin API ({@code <url>/admin/api}) as {@code mmsrouterctl} calls it: HTTP BASIC on every request,
 * the session cookie kept, and for a state-changing call the session's CSRF token (from
 * {@code GET /admin/api/session}, header {@code X-CSRF-Token}), as the server's CsrfFilter asks of every
 * client. A failure to connect and a status the caller did not accept become a {@link CtlException} with
 * the matching {@link ExitCode}.
 */
public final class AdminClient {

    private static final String API = "/admin/api";

    private final URI base;
    private final Credentials credentials;
    private final HttpClient client;
    private final Duration timeout;
    private String csrfToken;

    public AdminClient(URI base, Credentials credentials, SSLContext ssl, Duration timeout) {
        this.base = base;
        this.credentials = credentials;
        this.timeout = timeout;
        this.client = HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(10))
                .cookieHandler(new CookieManager())
                .sslContext(ssl)
                .build();
    }

    /** An answer of the API. */
    public record Answer(String method, String path, int status, String body) {

        public boolean ok() {
            return status / 100 == 2;
        }

        /** The body as a JSON object; a server error (exit 5) when it is not one. */
        public JsonObject json() {
            return jsonIfAny()
                    .orElseThrow(() -> new CtlException(
                            ExitCode.SERVER,
                            method + " " + API + path + ": HTTP " + status + " with a body that is not JSON: "
                                    + Views.oneLine(body, 200)));
        }

        /** The body as a JSON object, when it is one. */
        public Optional<JsonObject> jsonIfAny() {
            try {
                JsonElement element = JsonParser.parseString(body);
                return element.isJsonObject() ? Optional.of(element.getAsJsonObject()) : Optional.empty();
            } catch (JsonParseException e) {
                return Optional.empty();
            }
        }

        /** The failure as one line: what was asked, the status, the API's {@code error} or the body. */
        public CtlException failure() {
            String error = jsonIfAny()
                    .filter(o -> o.has("error") && o.get("error").isJsonPrimitive())
                    .map(o -> o.get("error").getAsString())
                    // A container's HTML error page says nothing the status does not.
                    .orElseGet(() -> body.stripLeading().startsWith("<") ? "" : Views.oneLine(body, 200));
            String hint = switch (status) {
                case 401 -> " (user or password wrong)";
                case 403 -> error.contains("CSRF") ? "" : " (this needs role noc-operator)";
                case 429 -> " (too many failed logins: try again later)";
                default -> "";
            };
            return new CtlException(
                    ExitCode.ofStatus(status),
                    method + " " + API + path + ": HTTP " + status + (error.isBlank() ? "" : ": " + error) + hint,
                    jsonIfAny().isPresent() ? body : null);
        }
    }

    /** GET {@code /admin/api<path>}; any status but 2xx fails. */
    public Answer get(String path) {
        return require(send("GET", path, null, null));
    }

    /** A state-changing call with the session's CSRF token; {@code json} may be null. The caller checks the status. */
    public Answer act(String method, String path, String json) {
        if (csrfToken == null) {
            JsonObject session = get("/session").json();
            if (!session.has("csrfToken") || !session.get("csrfToken").isJsonPrimitive()) {
                throw new CtlException(ExitCode.SERVER, "GET " + API + "/session: no csrfToken in the answer");
            }
            csrfToken = session.get("csrfToken").getAsString();
        }
        return send(method, path, json, csrfToken);
    }

    /** {@link #act} that fails on any status but 2xx. */
    public Answer require(Answer answer) {
        if (!answer.ok()) {
            throw answer.failure();
        }
        return answer;
    }

    private Answer send(String method, String path, String json, String csrf) {
        URI uri = URI.create(base.toString().replaceAll("/+$", "") + API + path);
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .timeout(timeout)
                .header("Authorization", credentials.basicAuthorization())
                .header("Accept", "application/json");
        if (csrf != null) {
            request.header("X-CSRF-Token", csrf);
        }
        if (json != null) {
            request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(json));
        } else {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        try {
            HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(method, path, response.statusCode(), response.body());
        } catch (HttpConnectTimeoutException e) {
            throw new CtlException(ExitCode.CONNECT, "cannot connect to " + base + ": no answer within 10 s");
        } catch (HttpTimeoutException e) {
            throw new CtlException(
                    ExitCode.CONNECT,
                    method + " " + uri + ": no answer within " + timeout.toSeconds() + " s (--timeout)");
        } catch (IOException e) {
            throw new CtlException(ExitCode.CONNECT, describe(e, method, uri));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CtlException(ExitCode.CONNECT, "interrupted");
        }
    }

    /** A failed exchange in words: the JDK wraps TLS and connect failures, so the causes are looked through. */
    private String describe(IOException e, String method, URI uri) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof SSLException) {
                return "TLS with " + base + " failed: " + message(cause)
                        + " (give --trust FILE with the node's certificate: docs/mmsrouterctl.md)";
            }
            if (cause instanceof ConnectException) {
                return "cannot connect to " + base + ": "
                        + (cause.getMessage() == null ? "connection refused" : message(cause));
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return method + " " + uri + ": " + message(e);
    }

    private static String message(Throwable e) {
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getSimpleName() : Views.oneLine(message, 300);
    }
}
