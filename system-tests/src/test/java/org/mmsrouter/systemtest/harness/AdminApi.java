package org.mmsrouter.systemtest.harness;

import java.io.IOException;
import java.net.CookieManager;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * The admin API of one node as an operator's script uses it: over the management listener
 * ({@code https://localhost:<9443 + offset>}), trusting exactly the certificate that listener
 * presented first (fetched once, then pinned, as docs/operations.md tells an operator to), with
 * BASIC credentials, the session cookie and its CSRF token for state-changing calls.
 */
public final class AdminApi {

    private static final Pattern CSRF = Pattern.compile("\"csrfToken\":\"([0-9a-f]+)\"");

    private final URI base;
    private final String authorization;
    private final HttpClient client;

    /**
     * @param nocPort  the node's management (NOC) HTTPS port
     * @param user     an operator the node's realm knows
     * @param password its password
     */
    public AdminApi(int nocPort, String user, String password) {
        this.base = URI.create("https://localhost:" + nocPort + "/admin/api");
        this.authorization =
                "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        this.client = HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(5))
                .cookieHandler(new CookieManager())
                .sslContext(pinned(nocPort))
                .build();
    }

    /** GET {@code /admin/api<path>}; fails on any status but 200. */
    public String get(String path) {
        return require(send("GET", path, null, null), path);
    }

    /** A state-changing call with the session's CSRF token; fails on a status outside 2xx. */
    public String send(String method, String path, String json) {
        Matcher token = CSRF.matcher(get("/session"));
        if (!token.find()) {
            throw new AssertionError("no CSRF token from " + base + "/session");
        }
        return require(send(method, path, json, token.group(1)), method + " " + path);
    }

    /** The raw response of a GET, whatever its status (for checks of refusals). */
    public HttpResponse<String> response(String path) {
        return send("GET", path, null, null);
    }

    private HttpResponse<String> send(String method, String path, String json, String csrf) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", authorization);
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
            return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(method + " " + base + path + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static String require(HttpResponse<String> response, String what) {
        if (response.statusCode() / 100 != 2) {
            throw new AssertionError(what + " answered " + response.statusCode() + ": " + response.body());
        }
        return response.body();
    }

    /** An SSL context that trusts only the certificate the listener on {@code port} presents now. */
    private static SSLContext pinned(int port) {
        try {
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry("noc", presented(port));
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(trust);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, factory.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot read the certificate of the listener on port " + port, e);
        }
    }

    /** The certificate the listener on 127.0.0.1:{@code port} presents now (looked at, not trusted). */
    public static X509Certificate presented(int port) throws GeneralSecurityException, IOException {
        SSLContext lookOnly = SSLContext.getInstance("TLS");
        lookOnly.init(null, new TrustManager[] {new LookOnly()}, null);
        try (SSLSocket socket = (SSLSocket) lookOnly.getSocketFactory().createSocket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
            socket.setSoTimeout(10_000);
            socket.startHandshake();
            return (X509Certificate) socket.getSession().getPeerCertificates()[0];
        }
    }

    /** Looks at a certificate without trusting it: the pinned context built from it checks later connections. */
    private static final class LookOnly implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
            throw new UnsupportedOperationException("a client only");
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
            // Looked at only.
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
