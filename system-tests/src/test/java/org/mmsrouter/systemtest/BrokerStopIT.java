package org.mmsrouter.systemtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer.OrderAnnotation;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.mmsrouter.systemtest.harness.Await;
import org.mmsrouter.systemtest.harness.Command;
import org.mmsrouter.systemtest.harness.Load;
import org.mmsrouter.systemtest.harness.LogTail;
import org.mmsrouter.systemtest.harness.ManagementCli;
import org.mmsrouter.systemtest.harness.Metrics;
import org.mmsrouter.systemtest.harness.SingleRouter;
import org.mmsrouter.systemtest.harness.SystemHarness;
import org.mmsrouter.systemtest.harness.SystemTest;

/**
 * The embedded Artemis broker stopped under a running router (issue 22). A management operation
 * (force-failover: with no backup, Artemis just stops; WildFly runs on) stops the broker. Checked:
 * the router's deployment stays up; within 5 s readiness answers 503 with JSON cause "broker"; the
 * metrics say {@code mmsrouter_broker_up 0}; a SEVERE log line says what to do; every submission
 * during the outage gets a prompt transient answer (m-send-conf Error-transient-failure 0xC0 with
 * Retry-After, or HTTP 503 when a concurrent load exceeds the source's share), never a client
 * timeout. Then, with nobody touching it, the router brings the broker back itself (issue 19: automatic
 * broker recovery, {@code mmsrouter.broker.recover-after-ms}; here 30 s so the outage checks above see the
 * outage, the default is 10 s): it logs the reload it asks for, counts it in {@code
 * mmsrouter_broker_recoveries_total}, and must be ready again, take new MMs, and deliver every MM
 * answered Ok before the stop, those queued in the journal at the stop included: none lost, none twice.
 */
@SystemTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(OrderAnnotation.class)
class BrokerStopIT {

    @RegisterExtension
    static final SystemHarness harness = new SystemHarness();

    private static final int OFFSET = 250; // HTTP 8330, NOC 9693, management 10240
    private static final int CONTROL = 18250; // simulators 18251, 18252
    private static final int DNS_PORT = 15473;
    private static final int N_DELIVERED = Integer.getInteger("brokerstop.delivered", 50);
    private static final int N_QUEUED = Integer.getInteger("brokerstop.queued", 200);
    private static final int N_AFTER = Integer.getInteger("brokerstop.after", 20);
    private static final String OUTAGE_LOAD = System.getProperty("brokerstop.outage-load", "3s");
    private static final long READY_LIMIT_MS = 5000; // issue 22: readiness false within 5 s
    private static final double ANSWER_P99_LIMIT_MS = 1000; // a refusal is prompt: well under a second
    private static final int SINGLE_POSTS = 100;
    /** Long enough for the outage checks (orders 2 to 6, some 15 s) to run before the recovery. */
    private static final long RECOVER_AFTER_MS = Long.getLong("brokerstop.recover-after-ms", 30_000);

    private SingleRouter router;
    private ManagementCli cli;
    private Path onePdu;
    private long stoppedAt;

    @BeforeAll
    void start() {
        router = SingleRouter.create(harness, "broker-stop", OFFSET, CONTROL, DNS_PORT);
        cli = new ManagementCli(router.node());
        onePdu = harness.work().resolve("one.pdu");
        router.sims().mode("healthy");
        router.start("mmsrouter.broker.recover-after-ms=" + RECOVER_AFTER_MS);
        harness.log("jboss-cli", harness.work().resolve("cli.log"));
    }

    @Test
    @Order(1)
    void beforeTheStopMmsAreDeliveredQueuedAndTheRouterIsReady() {
        assertTrue(router.submit(N_DELIVERED - 1), "an MM was not answered Ok before the stop");
        assertTrue(router.submitSaving(onePdu), "an MM was not answered Ok before the stop");
        Await.until(
                "the first " + N_DELIVERED + " MMs delivered",
                Duration.ofSeconds(60),
                () -> router.sims().receivedCount() >= N_DELIVERED);
        router.sims().mode("refuse");
        assertTrue(router.submit(N_QUEUED), "an MM was not answered Ok while the MMSCs refused");
        harness.figure("readiness before the stop: %s", router.readinessLine());
        assertEquals(200, router.readinessStatus(), "readiness before the stop");
    }

    @Test
    @Order(2)
    void forceFailoverStopsTheBrokerAndReadinessSaysSoWithinFiveSeconds() {
        long t0 = System.nanoTime();
        stoppedAt = t0;
        Command.Result failover = cli.run("/subsystem=messaging-activemq/server=default:force-failover");
        logCli(failover);
        long operationMs = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(failover.succeeded(), "force-failover failed: " + failover.output());
        Long notReadyMs = null;
        while (System.nanoTime() - t0 < 15_000_000_000L) {
            try {
                HttpResponse<String> ready = router.readiness();
                if (ready.statusCode() == 503
                        && ready.body().replaceAll("\\s", "").contains("\"cause\":\"broker\"")) {
                    notReadyMs = (System.nanoTime() - t0) / 1_000_000;
                    break;
                }
            } catch (RuntimeException e) {
                // not answering yet counts as not (yet) saying so
            }
            Await.pause(Duration.ofMillis(50));
        }
        String started = cli.read("/subsystem=messaging-activemq/server=default:read-attribute(name=started)")
                .orElse("?");
        String deployment = cli.read("/deployment=mms-router.ear:read-attribute(name=status)")
                .orElse("none");
        harness.figure(
                "broker stopped: the operation took %d ms; Artemis started=%s; deployment status %s; readiness 503 %s ms"
                        + " after the operation began: %s",
                operationMs, started, deployment, notReadyMs == null ? "never" : notReadyMs, router.readinessLine());
        assertEquals("false", started, "force-failover did not stop the broker");
        assertEquals("OK", deployment, "the router's deployment did not stay up with the broker stopped");
        assertTrue(
                notReadyMs != null && notReadyMs <= READY_LIMIT_MS,
                "readiness did not answer 503 with JSON cause broker within " + READY_LIMIT_MS + " ms (" + notReadyMs
                        + ")");
    }

    @Test
    @Order(3)
    void metricsSayTheBrokerIsDown() {
        double up = Metrics.value(router.metrics(), "mmsrouter_broker_up").orElse(-1);
        harness.figure("metrics while the broker is down: mmsrouter_broker_up %.0f", up);
        assertEquals(0.0, up, "mmsrouter_broker_up");
    }

    @Test
    @Order(4)
    void loadDuringTheOutageGetsOnlyPromptTransientAnswers() {
        Load.Result outage = harness.load(
                        router.node(),
                        "outage",
                        "--concurrency",
                        "8",
                        "--warmup",
                        "0s",
                        "--duration",
                        OUTAGE_LOAD,
                        "--size",
                        "5000",
                        "--timeout",
                        "5s")
                .await(Duration.ofSeconds(120));
        long sent = requestsSent(outage);
        long transientAnswers = outage.count("transient");
        long http503 = outage.count("http503");
        long timeouts = outage.count("timeouts");
        long other = sent - transientAnswers - http503;
        harness.figure(
                "outage answers (tools load): %d sent, %d m-send-conf 0xC0, %d HTTP 503, %d Ok, %d other, %d timeouts",
                sent, transientAnswers, http503, outage.count("ok"), other, timeouts);
        assertTrue(
                sent > 0 && other == 0 && timeouts == 0,
                "not every submission during the outage got a transient answer (0xC0 or HTTP 503) at once");
        assertTrue(transientAnswers > 0, "the load during the outage got no m-send-conf 0xC0 at all");
    }

    /**
     * Each answer's time, whatever it is (the load tool times m-send-confs only): sequential POSTs, so
     * no per-source share is exceeded and each must be an m-send-conf with Response-Status (header
     * 0x92) Error-transient-failure (0xC0) and a Retry-After.
     */
    @Test
    @Order(5)
    void singlePostsDuringTheOutageGetATransientConfWithRetryAfterPromptly() throws IOException, InterruptedException {
        byte[] pdu = Files.readAllBytes(onePdu);
        HttpClient client =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        List<Double> millis = new ArrayList<>();
        Map<Integer, Integer> codes = new TreeMap<>();
        int notC0 = 0;
        int noRetryAfter = 0;
        for (int i = 0; i < SINGLE_POSTS; i++) {
            long t0 = System.nanoTime();
            HttpResponse<byte[]> answer = client.send(
                    HttpRequest.newBuilder(router.node().mm1())
                            .timeout(Duration.ofSeconds(5))
                            .header("Content-Type", "application/vnd.wap.mms-message")
                            .POST(HttpRequest.BodyPublishers.ofByteArray(pdu))
                            .build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            millis.add((System.nanoTime() - t0) / 1e6);
            codes.merge(answer.statusCode(), 1, Integer::sum);
            if (answer.statusCode() != 200 || !hasTransientStatus(answer.body())) {
                notC0++;
            }
            if (answer.headers().firstValue("Retry-After").isEmpty()) {
                noRetryAfter++;
            }
        }
        millis.sort(null);
        double p99 = millis.get((int) Math.ceil(millis.size() * 0.99) - 1);
        harness.figure(
                "%d single POSTs: HTTP %s, p99 %.1f ms; %d not an m-send-conf 0xC0, %d without Retry-After",
                SINGLE_POSTS, codes, p99, notC0, noRetryAfter);
        assertEquals(0, notC0, "single POSTs during the outage without m-send-conf 0xC0 (HTTP 200)");
        assertEquals(0, noRetryAfter, "single POSTs during the outage without Retry-After");
        assertTrue(
                p99 < ANSWER_P99_LIMIT_MS,
                "outage answers' p99 " + p99 + " ms is not under " + ANSWER_P99_LIMIT_MS + " ms");
    }

    @Test
    @Order(6)
    void aSevereLineSaysTheBrokerStopped() {
        long severe = LogTail.linesFrom(router.node().serverLog(), 1).stream()
                .filter(line -> line.contains("SEVERE")
                        && line.contains("MMS Router: the message broker (Artemis) has stopped"))
                .count();
        harness.figure("server.log: %d SEVERE line(s) 'MMS Router: the message broker (Artemis) has stopped'", severe);
        assertTrue(severe >= 1, "no SEVERE line about the stopped broker in server.log");
        long outageMs = (System.nanoTime() - stoppedAt) / 1_000_000;
        harness.figure(
                "the outage checks ended %d ms after the stop (recover-after %d ms)", outageMs, RECOVER_AFTER_MS);
        assertTrue(
                outageMs < RECOVER_AFTER_MS && router.readinessStatus() == 503,
                "the outage checks outlasted brokerstop.recover-after-ms: raise it so they see the outage");
    }

    @Test
    @Order(7)
    void theRouterReloadsWildFlyByItselfAndDeliversEverythingOnce() {
        Await.until(
                "ready again by itself (automatic broker recovery)",
                Duration.ofMillis(RECOVER_AFTER_MS + 180_000),
                () -> router.readinessStatus() == 200);
        double readySeconds = (System.nanoTime() - stoppedAt) / 1e9;
        harness.figure(
                "ready again %.1f s after the broker stopped, without a person (recover-after %d ms): %s",
                readySeconds, RECOVER_AFTER_MS, router.readinessLine());
        List<String> log = LogTail.linesFrom(router.node().serverLog(), 1);
        String decision = log.stream()
                .filter(line -> line.contains("MMS Router: reloading WildFly to start the message broker again"))
                .findFirst()
                .orElse("(none)");
        String requested = log.stream()
                .filter(line -> line.contains("MMS Router: WildFly re") && line.contains("requested"))
                .findFirst()
                .orElse("(none)");
        harness.figure("log: %s", decision.substring(0, Math.min(240, decision.length())));
        harness.figure("log: %s", requested);
        assertTrue(!"(none)".equals(decision), "no WARNING line said why the router reloads WildFly");
        assertTrue(!"(none)".equals(requested), "no line said the reload (or restart) was requested");
        double recoveries = Metrics.value(router.metrics(), "mmsrouter_broker_recoveries_total")
                .orElse(-1);
        harness.figure("metrics after the recovery: mmsrouter_broker_recoveries_total %.0f", recoveries);
        assertEquals(1.0, recoveries, "mmsrouter_broker_recoveries_total after one automatic recovery");
        router.sims().mode("healthy");
        int beforeStop = N_DELIVERED + N_QUEUED;
        Await.holdsWithin(Duration.ofSeconds(120), () -> router.sims().receivedCount() >= beforeStop);
        assertTrue(router.submit(N_AFTER), "a new MM after the recovery was not answered Ok");
        int expected = beforeStop + N_AFTER;
        Await.holdsWithin(Duration.ofSeconds(60), () -> router.sims().receivedCount() >= expected);
        Await.pause(Duration.ofSeconds(2)); // anything delivered twice arrives too
        List<String> received = router.sims().receivedTransactionIds();
        int distinct = new HashSet<>(received).size();
        harness.figure(
                "delivery: %d answered Ok before the stop (%d of them queued at the stop) + %d after it; %d delivered,"
                        + " %d distinct",
                beforeStop, N_QUEUED, N_AFTER, received.size(), distinct);
        assertEquals(expected, received.size(), "MMs delivered (lost or delivered twice)");
        assertEquals(expected, distinct, "distinct MMs delivered");
    }

    private static long requestsSent(Load.Result result) {
        return LogTail.linesFrom(result.report(), 1).stream()
                .filter(line -> line.startsWith("requests sent:"))
                .map(line -> Long.parseLong(line.replaceAll("^requests sent:\\s*([0-9]+).*", "$1")))
                .findFirst()
                .orElse(0L);
    }

    /** Whether an m-send-conf holds X-Mms-Response-Status (0x92) Error-transient-failure (0xC0). */
    private static boolean hasTransientStatus(byte[] body) {
        for (int i = 0; i + 1 < body.length; i++) {
            if ((body[i] & 0xFF) == 0x92 && (body[i + 1] & 0xFF) == 0xC0) {
                return true;
            }
        }
        return false;
    }

    private void logCli(Command.Result result) {
        try {
            Files.writeString(
                    harness.work().resolve("cli.log"),
                    String.join(" ", result.command()) + "\n" + result.output() + "\n",
                    StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            System.out.println("cannot log jboss-cli output: " + e);
        }
    }
}
