package org.mmsrouter.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mmsrouter.it.RouterTestSupport.await;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mmsrouter.pdu.HeaderValue;
import org.mmsrouter.pdu.MmsHeader;
import org.mmsrouter.pdu.ResponseStatus;
import org.mmsrouter.pdu.SendConf;
import org.mmsrouter.pdu.SendReqComposer;
import org.mmsrouter.tools.load.LoadConfig;
import org.mmsrouter.tools.load.LoadResult;
import org.mmsrouter.tools.load.LoadRunner;
import org.mmsrouter.tools.sim.ReceivedMm;

/**
 * The subscriber-facing listener under attack (issue 17, docs/security/subscriber-plane.md): slow
 * clients, forged identity headers, pass-throughs from outside the WAP gateways' networks, absurd
 * dates, injected newlines. The test server serves MM1 to 127.0.0.1 (the trusted WAP gateway) and
 * 127.0.0.2 (allowed, not trusted); 127.0.0.3 is outside mm1.allowed-sources (arquillian.xml).
 */
class SubscriberListenerSecurityIT extends RouterItBase {

    private static final String TRUSTED = "127.0.0.1";
    private static final String UNTRUSTED = "127.0.0.2";
    private static final String OUTSIDE = "127.0.0.3";
    private static final String MMS = "application/vnd.wap.mms-message";
    /** The listener's defaults (server.cli, mms-router-defaults.properties); the slack covers the 1 s feeding tick. */
    private static final long PARSE_TIMEOUT_MS = 10_000;

    private static final long BODY_TIMEOUT_MS = 20_000;
    private static final long SLACK_MS = 4_000;

    /** A request as the stand-in MM7 gateway behind the /mm7 pass-through saw it. */
    record Seen(String source, String path, Map<String, List<String>> headers) {}

    private HttpServer gateway;
    private final List<Seen> seen = new CopyOnWriteArrayList<>();

    @BeforeEach
    void ready() throws Exception {
        await("sim-a UP", Duration.ofSeconds(30), () -> "UP".equals(RouterTestSupport.stateOf("sim-a")));
        mmscs.a().clearReceived();
        mmscs.b().clearReceived();
        gateway = HttpServer.create(new InetSocketAddress("127.0.0.1", 18184), 64);
        gateway.setExecutor(Executors.newCachedThreadPool());
        gateway.createContext("/", exchange -> {
            try (exchange) {
                exchange.getRequestBody().readAllBytes();
                Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
                headers.putAll(exchange.getRequestHeaders());
                seen.add(new Seen(
                        exchange.getRemoteAddress().getAddress().getHostAddress(),
                        exchange.getRequestURI().getPath(),
                        headers));
                exchange.sendResponseHeaders(204, -1);
            } catch (IOException e) {
                // the router gave the request up (a slow client's): nothing to record
            }
        });
        gateway.start();
    }

    @AfterEach
    void stopGateway() {
        gateway.stop(0);
    }

    @Test
    void forgedIdentityHeadersFromAnUntrustedSourceDoNotReachTheMmsc() throws Exception {
        String forged = "X-WAP-Network-Client-MSISDN: 4915100000666\r\nX-MSISDN: 4915100000666\r\n"
                + "X-WAP-Network-Client-IP: 10.6.6.6\r\nX-Forwarded-For: 10.7.7.7\r\nUser-Agent: Handset/1.0\r\n";
        byte[] fromTrusted = new SendReqComposer()
                .transactionId("sec-ids-trusted")
                .to("+1/TYPE=PLMN")
                .compose();
        byte[] fromUntrusted = new SendReqComposer()
                .transactionId("sec-ids-untrusted")
                .to("+1/TYPE=PLMN")
                .compose();

        assertEquals(200, status(exchange(TRUSTED, "POST", "/mms", MMS, forged, fromTrusted)));
        assertEquals(200, status(exchange(UNTRUSTED, "POST", "/mms", MMS, forged, fromUntrusted)));

        await("both MMs at the MMSC", Duration.ofSeconds(20), () -> ids().size() == 2);
        for (ReceivedMm mm : ids()) {
            Map<String, List<String>> headers = mm.headers();
            if (mm.transactionId().equals("sec-ids-untrusted")) {
                assertFalse(headers.containsKey("x-wap-network-client-msisdn"), headers.toString());
                assertFalse(headers.containsKey("x-msisdn"), headers.toString());
                assertFalse(headers.containsKey("x-wap-network-client-ip"), headers.toString());
                assertEquals(List.of(UNTRUSTED), headers.get("x-forwarded-for"), "the connecting address alone");
                assertEquals(List.of("Handset/1.0"), headers.get("user-agent"), "other headers still pass");
            } else {
                assertEquals(List.of("4915100000666"), headers.get("x-wap-network-client-msisdn"));
                assertEquals(List.of("10.6.6.6"), headers.get("x-wap-network-client-ip"));
                assertEquals(
                        List.of("10.7.7.7, " + TRUSTED), headers.get("x-forwarded-for"), "a gateway's chain grows");
            }
        }
    }

    private static List<ReceivedMm> ids() {
        return mmscs.a().received().stream()
                .filter(mm -> mm.transactionId().startsWith("sec-ids-"))
                .toList();
    }

    @Test
    void aPassThroughStripsForgedIdentityHeadersAndRefusesSourcesOutsideTheGatewayNetworks() throws Exception {
        String forged = "X-MSISDN: 4915100000666\r\nX-WAP-Network-Client-IP: 10.6.6.6\r\nX-Forwarded-For: 10.7.7.7\r\n";

        String outside =
                exchange(OUTSIDE, "POST", "/mm7/submit", "text/xml", forged, "<x/>".getBytes(StandardCharsets.UTF_8));
        String untrusted =
                exchange(UNTRUSTED, "POST", "/mm7/submit", "text/xml", forged, "<x/>".getBytes(StandardCharsets.UTF_8));

        assertEquals(403, status(outside), outside);
        assertEquals(204, status(untrusted), untrusted);
        assertEquals(1, seen.size(), "only the allowed source reached the gateway: " + seen);
        Map<String, List<String>> headers = seen.get(0).headers();
        assertFalse(headers.containsKey("X-MSISDN"), headers.toString());
        assertFalse(headers.containsKey("X-WAP-Network-Client-IP"), headers.toString());
        assertEquals(List.of(UNTRUSTED), headers.get("X-Forwarded-For"));
    }

    @Test
    void anMSendReqWithAbsurdDatesGetsAnMSendConfAndIsForwarded() throws Exception {
        byte[] pdu = new SendReqComposer()
                .transactionId("sec-far-future")
                .to("+1/TYPE=PLMN")
                .header(MmsHeader.DATE, new HeaderValue.Int(Long.MAX_VALUE))
                .header(MmsHeader.EXPIRY, new HeaderValue.Time(true, Long.MAX_VALUE))
                .header(MmsHeader.DELIVERY_TIME, new HeaderValue.Time(false, Long.MAX_VALUE))
                .header(MmsHeader.REPLY_CHARGING_DEADLINE, new HeaderValue.Time(true, Long.MAX_VALUE))
                .compose();
        byte[] relative = new SendReqComposer()
                .transactionId("sec-far-relative")
                .to("+1/TYPE=PLMN")
                .header(MmsHeader.EXPIRY, new HeaderValue.Time(false, Long.MAX_VALUE))
                .compose();

        HttpResponse<byte[]> absolute = RouterTestSupport.postMm(pdu);
        HttpResponse<byte[]> farRelative = RouterTestSupport.postMm(relative);

        assertEquals(200, absolute.statusCode());
        assertEquals(ResponseStatus.OK, SendConf.decode(absolute.body()).responseStatus());
        assertEquals("sec-far-future", SendConf.decode(absolute.body()).transactionId());
        assertEquals(200, farRelative.statusCode());
        assertEquals(ResponseStatus.OK, SendConf.decode(farRelative.body()).responseStatus());
        await(
                "both at the MMSC, unchanged",
                Duration.ofSeconds(20),
                () -> mmscs.a().received().stream()
                                .filter(mm -> mm.transactionId().startsWith("sec-far-"))
                                .count()
                        == 2);
        assertTrue(
                mmscs.a().received().stream().anyMatch(mm -> Arrays.equals(mm.pdu(), pdu)),
                "the PDU goes on as it came");
    }

    @Test
    void aNewlineInAnIdentifierDoesNotForgeALogLine() throws Exception {
        // No recipient, so the ingress logs the Transaction-ID (at INFO) when it refuses the MM.
        byte[] tid = "sec-nl\nFORGED-LINE admin logged in\r\nFORGED-CR".getBytes(StandardCharsets.US_ASCII);
        ByteArrayOutputStream pdu = new ByteArrayOutputStream();
        pdu.write(new byte[] {(byte) 0x8C, (byte) 0x80, (byte) 0x98});
        pdu.write(tid);
        pdu.write(
                new byte[] {0, (byte) 0x8D, (byte) 0x92, (byte) 0x89, 0x01, (byte) 0x81, (byte) 0x84, (byte) 0xA3, 0x00
                });

        SendConf conf =
                SendConf.decode(RouterTestSupport.postMm(pdu.toByteArray()).body());

        assertEquals(ResponseStatus.ERROR_PERMANENT_MESSAGE_FORMAT_CORRUPT, conf.responseStatus());
        Path log = Path.of(System.getProperty("it.base.dir"), "log", "server.log");
        await(
                "the refusal logged",
                Duration.ofSeconds(10),
                () -> Files.readString(log, StandardCharsets.ISO_8859_1).contains("sec-nl"));
        List<String> lines = Files.readAllLines(log, StandardCharsets.ISO_8859_1);
        assertTrue(
                lines.stream().noneMatch(line -> line.startsWith("FORGED")),
                "a line of the client's making: "
                        + lines.stream().filter(l -> l.contains("FORGED")).toList());
    }

    /**
     * 400 slow clients of five kinds, while an MM1 load and a retrieval-path probe run: the load
     * keeps at least 90 % of the throughput it had before the attack with p99 under a second, the
     * probe (served on a worker thread) stays under a second, and each slow client is cut off by
     * the limit meant for it.
     */
    @Test
    void slowClientsNeitherStarveTheListenerNorHoldItForLong() throws Exception {
        Measured before = measure("before");
        SlowClients.Kind slowHeader = SlowClients.Kind.slowHeader(TRUSTED);
        // From another address than the load's: one address may hold at most 64 MM1 requests
        // (mmsrouter.admission.max-per-source), so the attacker's 65th and later are refused at once.
        SlowClients.Kind slowMm1 = SlowClients.Kind.slowBody(UNTRUSTED, "/mms", MMS);
        SlowClients.Kind slowPassThrough = SlowClients.Kind.slowBody(UNTRUSTED, "/mm7/submit", "text/xml");
        SlowClients.Kind slowElsewhere = SlowClients.Kind.slowBody(TRUSTED, "/not-mm1", "text/plain");
        SlowClients.Kind slowOutside = SlowClients.Kind.slowBody(OUTSIDE, "/mms", MMS);
        long attackStart = System.nanoTime();
        try (SlowClients attack = new SlowClients()) {
            for (SlowClients.Kind kind : List.of(slowHeader, slowMm1, slowPassThrough, slowElsewhere, slowOutside)) {
                attack.open(kind, 80, RouterTestSupport.HTTP_PORT);
            }
            attack.start();

            Measured during = measure("during");

            assertTrue(
                    during.load.errors() == 0 && during.load.notOk() == 0,
                    "every MM answered Ok during the attack: " + during.load);
            assertTrue(
                    during.load.throughput() >= 0.9 * before.load.throughput(),
                    String.format(
                            "throughput %.1f/s during the attack, %.1f/s before",
                            during.load.throughput(), before.load.throughput()));
            assertTrue(during.load.latencyMillis(99) < 1000, "MM1 p99 " + during.load.latencyMillis(99) + " ms");
            assertTrue(
                    during.probeP99Ms < 1000, "retrieval-path p99 " + during.probeP99Ms + " ms (worker threads free)");

            long waitMs = BODY_TIMEOUT_MS + SLACK_MS - (System.nanoTime() - attackStart) / 1_000_000;
            long until = System.nanoTime() + Math.max(waitMs, 1000) * 1_000_000;
            while (System.nanoTime() < until && !(allClosed(attack.of(slowHeader)) && allClosed(attack.of(slowMm1)))) {
                Thread.sleep(200); // the clients are fed and checked once a second
            }
            assertTrue(allClosed(attack.of(slowHeader)), "slow header: " + summary(attack.of(slowHeader)));
            assertTrue(allClosed(attack.of(slowMm1)), "slow MM1 body: " + summary(attack.of(slowMm1)));
            for (SlowClients.Client client : attack.of(slowHeader)) {
                assertTrue(
                        client.closedAfterMs <= PARSE_TIMEOUT_MS + SLACK_MS,
                        "slow header closed after " + client.closedAfterMs + " ms");
            }
            long heldThenCut = 0;
            for (SlowClients.Client client : attack.of(slowMm1)) {
                boolean cut = client.statusLine().startsWith("HTTP/1.1 408");
                assertTrue(
                        cut || client.statusLine().startsWith("HTTP/1.1 503"),
                        "slow MM1 body answered: " + client.statusLine());
                assertTrue(
                        client.closedAfterMs <= BODY_TIMEOUT_MS + SLACK_MS,
                        "slow MM1 body closed after " + client.closedAfterMs + " ms");
                heldThenCut += cut ? 1 : 0;
            }
            assertEquals(64, heldThenCut, "one address holds at most 64 MM1 requests; the rest get 503 at once");
            for (SlowClients.Client client : attack.of(slowOutside)) {
                assertTrue(
                        client.statusLine().startsWith("HTTP/1.1 403"),
                        "outside the gateways' networks: " + client.statusLine());
            }
            long busy = attack.of(slowPassThrough).stream()
                    .filter(c -> c.statusLine().startsWith("HTTP/1.1 503"))
                    .count();
            assertTrue(busy >= 80 - 16, "pass-throughs beyond max-concurrent (16) refused at once, " + busy + " of 80");
        }
    }

    private static boolean allClosed(List<SlowClients.Client> clients) {
        return clients.stream().allMatch(c -> c.closedAfterMs >= 0);
    }

    private static String summary(List<SlowClients.Client> clients) {
        return clients.stream().filter(c -> c.closedAfterMs >= 0).count() + " of " + clients.size()
                + " closed; answers "
                + clients.stream()
                        .collect(Collectors.groupingBy(
                                c -> c.statusLine().isEmpty() ? "none" : c.statusLine(), Collectors.counting()));
    }

    /** An MM1 load and, beside it, a stream of GETs that Undertow serves on worker threads. */
    record Measured(LoadResult load, double probeP99Ms) {}

    private static Measured measure(String runId) throws Exception {
        LoadConfig config = new LoadConfig(
                RouterTestSupport.MM1_URL,
                16,
                Duration.ofSeconds(6),
                40,
                2000,
                Duration.ofSeconds(1),
                Duration.ofSeconds(10),
                0,
                "sec-" + runId);
        Histogram probe = new Histogram(3);
        AtomicBoolean running = new AtomicBoolean(true);
        Thread prober = new Thread(() -> {
            HttpRequest get = HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + RouterTestSupport.HTTP_PORT + "/"))
                    .timeout(Duration.ofSeconds(10))
                    .build();
            while (running.get()) {
                long start = System.nanoTime();
                try {
                    RouterTestSupport.HTTP.send(get, HttpResponse.BodyHandlers.discarding());
                } catch (IOException e) {
                    // counted as slow below
                } catch (InterruptedException e) {
                    return;
                }
                probe.recordValue(Math.max(1, (System.nanoTime() - start) / 1000));
                try {
                    Thread.sleep(50); // a steady trickle of retrievals, not a load of its own
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        prober.start();
        LoadResult result;
        try {
            result = new LoadRunner(config).run();
        } finally {
            running.set(false);
            prober.join(15_000);
        }
        return new Measured(result, probe.getValueAtPercentile(99) / 1000.0);
    }

    private static int status(String answer) {
        return Integer.parseInt(answer.lines().findFirst().orElse("HTTP/1.1 0").split(" ")[1]);
    }

    /** One request from a chosen local address (the JDK client cannot bind one); the whole answer as text. */
    private static String exchange(
            String from, String method, String path, String contentType, String extraHeaders, byte[] body)
            throws IOException {
        try (Socket socket = new Socket()) {
            socket.bind(new InetSocketAddress(from, 0));
            socket.connect(new InetSocketAddress("127.0.0.1", RouterTestSupport.HTTP_PORT), 5000);
            socket.setSoTimeout(30_000);
            String head = method + " " + path + " HTTP/1.1\r\nHost: mms.operator.test\r\nContent-Type: " + contentType
                    + "\r\n" + extraHeaders + "Content-Length: " + body.length + "\r\nConnection: close\r\n\r\n";
            OutputStream out = socket.getOutputStream();
            out.write(head.getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            in.transferTo(answer);
            return answer.toString(StandardCharsets.ISO_8859_1);
        }
    }
}
