package org.mmsrouter.tools.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mmsrouter.pdu.ResponseStatus;
import org.mmsrouter.pdu.SendConf;

/**
 * {@code tools load --source} and the latencies by outcome, against a tiny HTTP server on
 * 127.0.0.1 that records the peer address of every request and answers in a fixed cycle: Ok, a
 * transient refusal after 250 ms, HTTP 503 with Retry-After, HTTP 503 without.
 */
class LoadSourceAddressTest {

    static {
        // The JDK's HTTP server writes headers and body apart; without TCP_NODELAY an answer with a
        // body may wait for the client's delayed ACK (~40 ms). Read once per JVM: best effort.
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    /** Far above a delayed ACK, so Ok answers are quicker than refusals whatever the JVM's settings. */
    private static final long TRANSIENT_DELAY_MS = 250;

    private HttpServer server;
    private ExecutorService executor;
    private final Set<InetAddress> peers = ConcurrentHashMap.newKeySet();
    private final AtomicInteger requests = new AtomicInteger();

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
        server.createContext("/mms", this::answer);
        executor = Executors.newFixedThreadPool(4);
        server.setExecutor(executor);
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
        executor.shutdownNow();
    }

    private void answer(HttpExchange exchange) throws IOException {
        exchange.getRequestBody().readAllBytes();
        peers.add(exchange.getRemoteAddress().getAddress());
        int n = requests.getAndIncrement();
        try (exchange) {
            switch (n % 4) {
                case 0 -> sendConf(exchange, ResponseStatus.OK);
                case 1 -> {
                    sleep(TRANSIENT_DELAY_MS);
                    sendConf(exchange, ResponseStatus.ERROR_TRANSIENT_NETWORK_PROBLEM);
                }
                case 2 -> {
                    exchange.getResponseHeaders().add("Retry-After", "5");
                    exchange.sendResponseHeaders(503, -1);
                }
                default -> exchange.sendResponseHeaders(503, -1);
            }
        }
    }

    private static void sendConf(HttpExchange exchange, int status) throws IOException {
        byte[] body = new SendConf("t", 0x12, status, null, status == ResponseStatus.OK ? "id-1" : null).encode();
        exchange.getResponseHeaders().add("Content-Type", "application/vnd.wap.mms-message");
        exchange.sendResponseHeaders(200, body.length);
        exchange.getResponseBody().write(body);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private LoadRun load(String... extra) {
        String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/mms";
        String[] base = {
            "--url",
            url,
            "--concurrency",
            "2",
            "--duration",
            "20s",
            "--warmup",
            "0s",
            "--count",
            "40",
            "--size",
            "1000",
            "--timeout",
            "5s"
        };
        String[] all = new String[base.length + extra.length];
        System.arraycopy(base, 0, all, 0, base.length);
        System.arraycopy(extra, 0, all, base.length, extra.length);
        return LoadRun.execute(all);
    }

    @Test
    void everyConnectionComesFromTheSourceAddress() throws IOException {
        LoadRun run = load("--source", "127.0.0.2");

        assertEquals(40, requests.get(), run.output());
        assertEquals(Set.of(InetAddress.getByName("127.0.0.2")), peers, run.output());
        assertTrue(run.output().startsWith("tools load: http://127.0.0.1:"), run.output());
        assertTrue(run.output().lines().findFirst().orElseThrow().contains(" from 127.0.0.2, "), run.output());
    }

    @Test
    void withoutSourceTheSystemChoosesTheUsualLoopbackAddress() throws IOException {
        LoadRun run = load();

        assertEquals(40, requests.get(), run.output());
        assertEquals(Set.of(InetAddress.getByName("127.0.0.1")), peers, run.output());
    }

    @Test
    void eachOutcomeHasItsOwnLatencyAndCount() {
        LoadRun run = load("--source", "127.0.0.2");

        assertEquals(1, run.exit(), "refusals fail the run: " + run.output());
        assertEquals(10, run.number("ok"), run.output());
        assertEquals(10, run.number("transient"), run.output());
        assertEquals(10, run.number("not_ok"), run.output());
        assertEquals(20, run.number("http503"), run.output());
        assertEquals(10, run.number("http503_retry_after"), "only half the 503s said when to retry: " + run.output());
        assertEquals(20, run.number("errors"), run.output());
        assertEquals(0, run.number("timeouts"), run.output());
        // The refusals were held back 250 ms, the rest answered at once: the histograms are kept apart.
        assertTrue(run.millis("transient_p99_ms") >= TRANSIENT_DELAY_MS, run.output());
        assertTrue(run.millis("ok_p99_ms") < TRANSIENT_DELAY_MS, run.output());
        assertTrue(run.millis("http503_p99_ms") < TRANSIENT_DELAY_MS, run.output());
        assertTrue(run.millis("http503_p99_ms") > 0, run.output());
        assertTrue(run.output().contains("latency by outcome (ms): ok p50/p99/max "), run.output());
        assertTrue(run.output().contains(" (20, 10 with Retry-After)"), run.output());
    }

    @Test
    void aSourceThatIsNotOnThisHostIsAUsageError() {
        // 192.0.2.0/24 is TEST-NET-1: documentation only, never a local address.
        LoadRun run = load("--source", "192.0.2.1");

        assertEquals(2, run.exit(), run.output());
        assertTrue(run.output().contains("--source 192.0.2.1 is not an address of this host"), run.output());
        assertEquals(0, requests.get(), "nothing was sent");
    }
}
