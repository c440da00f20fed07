package org.mmsrouter.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;

/**
 * The management plane, attacked as an operator's security review would (issue 17, items 1 and 5): the
 * console and admin API are not on the subscriber listener; on their own listener only TLS 1.2+ is
 * spoken, with HSTS and a Secure, HttpOnly, SameSite=Strict session cookie; a Prometheus scraper's role
 * reads metrics and nothing else; guessing passwords is throttled and every failure audited with its
 * source address.
 */
class ManagementPlaneSecurityIT extends RouterItBase {

    private static final Path AUDIT_LOG = Path.of(System.getProperty("it.base.dir"), "log", "audit.log");

    @Test
    void theSubscriberListenerAnswersTheManagementPathsWith404BeforeAnyAuthentication() throws Exception {
        for (String path :
                List.of("/admin/", "/admin/api/session", "/admin/api/metrics", "/openapi", "/webjars/uplot/")) {
            String answer = plainHttp(
                    InetAddress.getByName("127.0.0.1"),
                    "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" + "Authorization: Basic "
                            + basic("it-operator", "it-operator-pw") + "\r\nConnection: close\r\n\r\n");
            assertTrue(answer.startsWith("HTTP/1.1 404"), path + ": " + answer);
            assertFalse(answer.toLowerCase().contains("www-authenticate"), path + " asks for credentials: " + answer);
        }
        // And MM1 is not on the management listener.
        HttpResponse<String> mm1 = NocTls.client()
                .build()
                .send(
                        HttpRequest.newBuilder(URI.create(NocTls.BASE + "/mms"))
                                .POST(HttpRequest.BodyPublishers.ofString("x"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertEquals(404, mm1.statusCode());
    }

    @Test
    void onlyTls12AndNewerAreSpoken() throws Exception {
        assumeTrue(openssl("-tls1_2") >= 0, "openssl is not installed");
        assertEquals(0, openssl("-tls1_2"), "TLS 1.2 handshake");
        assertEquals(0, openssl("-tls1_3"), "TLS 1.3 handshake");
        assertNotEquals(0, openssl("-tls1_1"), "TLS 1.1 must be refused by the server");
        assertNotEquals(0, openssl("-tls1"), "TLS 1.0 must be refused by the server");
    }

    @Test
    void theConsoleSendsHstsAndASecureStrictHttpOnlyCookie() throws Exception {
        AdminClient.OPERATOR.forgetSession();
        HttpResponse<String> session = AdminClient.OPERATOR.get("/session");
        assertEquals(200, session.statusCode(), session.body());
        assertEquals(
                "max-age=31536000",
                session.headers().firstValue("Strict-Transport-Security").orElse(null));
        String cookie = session.headers().allValues("Set-Cookie").stream()
                .filter(c -> c.startsWith("JSESSIONID="))
                .findFirst()
                .orElseThrow(() -> new AssertionError(
                        "no session cookie: " + session.headers().map()));
        String lower = cookie.toLowerCase();
        assertTrue(lower.contains("; secure"), cookie);
        assertTrue(lower.contains("; httponly"), cookie);
        assertTrue(lower.contains("samesite=strict"), cookie);
    }

    @Test
    void theMetricsRoleReadsMetricsAndNothingElse() throws Exception {
        AdminClient metrics = AdminClient.METRICS;
        HttpResponse<String> scraped = metrics.get("/metrics");
        assertEquals(200, scraped.statusCode(), scraped.body());
        assertTrue(scraped.body().contains("# TYPE"), "Prometheus text expected: " + scraped.body());
        for (String path : List.of("/mmscs", "/dead-letters", "/session", "/audit", "/status")) {
            assertEquals(403, metrics.get(path).statusCode(), path);
        }
        assertEquals(403, metrics.sendRaw("POST", "/metrics", null).statusCode());
    }

    @Test
    void guessingIsThrottledPerSourceAndPerUserAndAudited() throws Exception {
        // 100 wrong passwords from one source (127.0.0.3): a few are checked, the rest refused unchecked.
        int checked = 0;
        int throttled = 0;
        for (int i = 0; i < 100; i++) {
            String status = statusLine(nocRequest(InetAddress.getByName("127.0.0.3"), "intruder", "guess-" + i));
            if (status.contains(" 401")) {
                checked++;
            } else if (status.contains(" 429")) {
                throttled++;
            } else {
                throw new AssertionError("unexpected answer to a wrong password: " + status);
            }
        }
        assertTrue(checked <= 10, checked + " of 100 wrong passwords were checked");
        assertTrue(throttled >= 90, throttled + " of 100 were throttled");
        String fromThere = nocRequest(InetAddress.getByName("127.0.0.3"), "it-operator", "it-operator-pw");
        assertTrue(
                statusLine(fromThere).contains(" 429"),
                "a locked source is refused even a right password: " + fromThere);
        assertEquals(200, AdminClient.VIEWER.get("/overview").statusCode(), "another source is not affected");

        // Per user: wrong passwords for it-viewer from several sources lock it-viewer wherever it comes from.
        for (int i = 0; i < 8; i++) {
            nocRequest(InetAddress.getByName("127.0.0." + (10 + i)), "it-viewer", "wrong-" + i);
        }
        AdminClient viewer = new AdminClient("it-viewer", "it-viewer-pw");
        HttpResponse<String> locked = viewer.get("/overview");
        assertEquals(429, locked.statusCode(), "the right password while the user is locked");
        long retryAfter =
                Long.parseLong(locked.headers().firstValue("Retry-After").orElseThrow());
        assertTrue(retryAfter >= 1 && retryAfter <= 16, "Retry-After " + retryAfter);
        RouterTestSupport.await(
                "it-viewer unlocked",
                Duration.ofSeconds(retryAfter + 10),
                () -> viewer.get("/overview").statusCode() == 200);

        String audit = Files.readString(AUDIT_LOG);
        assertTrue(
                countMatches(audit, "user=\"intruder\" from=127.0.0.3 .*action=login.failed") >= checked,
                "every checked failure is audited with its source:\n" + tail(audit));
        assertTrue(audit.contains("action=login.throttled") && audit.contains("from=127.0.0.3"), tail(audit));
        assertTrue(countMatches(audit, "user=\"it-viewer\" .*action=login.failed") >= 5, tail(audit));
    }

    @Test
    void forbiddenCallsAndCsrfRefusalsAreAudited() throws Exception {
        assertEquals(
                403, AdminClient.VIEWER.send("POST", "/mmscs/sim-a/probe", null).statusCode());
        assertEquals(
                403,
                AdminClient.OPERATOR.sendRaw("POST", "/mmscs/sim-a/probe", null).statusCode());
        String audit = Files.readString(AUDIT_LOG);
        assertTrue(
                countMatches(
                                audit,
                                "user=\"it-viewer\" from=127.0.0.1 .*action=access.forbidden target=\"POST /admin/api/mmscs/sim-a/probe\"")
                        >= 1,
                tail(audit));
        assertTrue(
                countMatches(
                                audit,
                                "user=\"it-operator\" from=127.0.0.1 .*action=csrf.refused target=\"POST /admin/api/mmscs/sim-a/probe\"")
                        >= 1,
                tail(audit));
    }

    // ---- helpers ----------------------------------------------------------------------------

    /** One GET /admin/api/overview over TLS from {@code source} with these credentials; the whole answer. */
    private static String nocRequest(InetAddress source, String user, String password) throws IOException {
        try (SSLSocket socket = (SSLSocket) NocTls.pinned().getSocketFactory().createSocket()) {
            socket.bind(new InetSocketAddress(source, 0));
            socket.connect(new InetSocketAddress("127.0.0.1", NocTls.PORT), 5_000);
            socket.setSoTimeout(10_000);
            return exchange(
                    socket,
                    "GET /admin/api/overview HTTP/1.1\r\nHost: localhost\r\nAuthorization: Basic "
                            + basic(user, password) + "\r\nConnection: close\r\n\r\n");
        }
    }

    private static String plainHttp(InetAddress source, String request) throws IOException {
        try (Socket socket = new Socket()) {
            socket.bind(new InetSocketAddress(source, 0));
            socket.connect(new InetSocketAddress("127.0.0.1", RouterTestSupport.HTTP_PORT), 5_000);
            socket.setSoTimeout(10_000);
            return exchange(socket, request);
        }
    }

    private static String exchange(Socket socket, String request) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(request.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        ByteArrayOutputStream answer = new ByteArrayOutputStream();
        socket.getInputStream().transferTo(answer);
        return answer.toString(StandardCharsets.ISO_8859_1);
    }

    private static String statusLine(String answer) {
        int end = answer.indexOf("\r\n");
        return end < 0 ? answer : answer.substring(0, end);
    }

    private static String basic(String user, String password) {
        return Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    /** openssl s_client's exit code for a handshake with only this protocol version, or -1 without openssl. */
    private static int openssl(String protocol) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(
                        "openssl",
                        "s_client",
                        "-connect",
                        "127.0.0.1:" + NocTls.PORT,
                        protocol,
                        "-cipher",
                        "DEFAULT:@SECLEVEL=0",
                        "-brief")
                .redirectErrorStream(true);
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            return -1;
        }
        process.getOutputStream().close();
        process.getInputStream().readAllBytes();
        assertTrue(process.waitFor(20, TimeUnit.SECONDS), "openssl s_client " + protocol + " did not end");
        return process.exitValue();
    }

    private static int countMatches(String text, String regex) {
        Matcher matcher = Pattern.compile(regex).matcher(text);
        int count = 0;
        while (matcher.find()) {
            count++;
        }
        return count;
    }

    private static String tail(String text) {
        return text.length() <= 4_000 ? text : text.substring(text.length() - 4_000);
    }
}
