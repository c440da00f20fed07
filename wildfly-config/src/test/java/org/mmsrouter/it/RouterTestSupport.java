package org.mmsrouter.it;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.SimpleResolver;

/** What the in-container tests share: the real EAR, the ports arquillian.xml sets, waiting with a deadline. */
final class RouterTestSupport {

    /** HTTP port of the test server (8080 + port offset 100). */
    static final int HTTP_PORT = 8180;

    static final int DNS_PORT = 15353;
    static final URI MM1_URL = URI.create("http://127.0.0.1:" + HTTP_PORT + "/mms");

    static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private RouterTestSupport() {}

    /** The EAR exactly as the build assembled it (the one the run server deploys). */
    static EnterpriseArchive routerEar() {
        File ear = new File(System.getProperty("mmsrouter.ear"));
        return ShrinkWrap.createFromZipFile(EnterpriseArchive.class, ear);
    }

    static HttpResponse<byte[]> postMm(byte[] pdu) throws IOException, InterruptedException {
        return HTTP.send(
                HttpRequest.newBuilder(MM1_URL)
                        .timeout(Duration.ofSeconds(30))
                        .header("Content-Type", "application/vnd.wap.mms-message")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(pdu))
                        .build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    static String status() throws IOException, InterruptedException {
        return AdminClient.VIEWER.get("/status").body();
    }

    /** The state the router's status API reports for one MMSC, e.g. "UP". */
    static String stateOf(String mmscId) throws IOException, InterruptedException {
        String body = status();
        int at = body.indexOf("\"id\":\"" + mmscId + "\"");
        if (at < 0) {
            throw new AssertionError("MMSC " + mmscId + " missing from status: " + body);
        }
        int end = body.indexOf('}', at);
        String entry = body.substring(at, end);
        int state = entry.indexOf("\"state\":\"");
        return entry.substring(state + 9, entry.indexOf('"', state + 9));
    }

    /** How long the MMSC has been in its current state, by the status API's "since". */
    static Duration inStateFor(String mmscId) throws IOException, InterruptedException {
        String body = status();
        Matcher matcher = Pattern.compile("\"id\":\"" + Pattern.quote(mmscId) + "\"[^}]*\"since\":\"([^\"]+)\"")
                .matcher(body);
        if (!matcher.find()) {
            throw new AssertionError("MMSC " + mmscId + " has no since in status: " + body);
        }
        return Duration.between(Instant.parse(matcher.group(1)), Instant.now());
    }

    /** A counter from the status API (its "forwarding" or "retrieval" object), e.g. "noRouteHandBacks". */
    static long counter(String name) throws IOException, InterruptedException {
        String body = status();
        Matcher matcher = Pattern.compile("\"" + name + "\":(\\d+)").matcher(body);
        if (!matcher.find()) {
            throw new AssertionError(name + " missing from status: " + body);
        }
        return Long.parseLong(matcher.group(1));
    }

    /** Polls until the condition holds; fails with the description when the deadline passes. */
    static void await(String description, Duration deadline, Check condition) throws Exception {
        long end = System.nanoTime() + deadline.toNanos();
        while (true) {
            if (condition.holds()) {
                return;
            }
            if (System.nanoTime() > end) {
                throw new AssertionError("not within " + deadline.toSeconds() + " s: " + description);
            }
            Thread.sleep(50);
        }
    }

    /**
     * Checks that the condition holds throughout {@code window} (polled every 100 ms): for what must
     * not happen within a time, where no event can be waited for.
     */
    static void holdsThroughout(String description, Duration window, Check condition) throws Exception {
        long end = System.nanoTime() + window.toNanos();
        while (System.nanoTime() < end) {
            if (!condition.holds()) {
                throw new AssertionError("not throughout " + window.toMillis() + " ms: " + description);
            }
            Thread.sleep(100);
        }
    }

    /** A condition that may do I/O. */
    @FunctionalInterface
    interface Check {
        boolean holds() throws Exception;
    }

    /** One query to the IT server's DNS responder (dnsjava, 3 s timeout), over UDP or TCP. */
    static Message dnsQuery(String name, int type, boolean tcp) throws Exception {
        SimpleResolver resolver = new SimpleResolver(InetAddress.getByName("127.0.0.1"));
        resolver.setPort(DNS_PORT);
        resolver.setTCP(tcp);
        resolver.setTimeout(Duration.ofSeconds(3));
        return resolver.send(Message.newQuery(Record.newRecord(Name.fromString(name), type, DClass.IN)));
    }
}
