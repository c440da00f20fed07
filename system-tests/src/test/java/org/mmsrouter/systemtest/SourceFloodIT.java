package org.mmsrouter.systemtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer.OrderAnnotation;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.mmsrouter.systemtest.harness.Await;
import org.mmsrouter.systemtest.harness.Load;
import org.mmsrouter.systemtest.harness.LogTail;
import org.mmsrouter.systemtest.harness.SingleRouter;
import org.mmsrouter.systemtest.harness.SystemHarness;
import org.mmsrouter.systemtest.harness.SystemTest;

/**
 * One WAP gateway floods the ingress and another keeps being served. Two loopback addresses play
 * two gateways ({@code tools load --source}): 127.0.0.3 submits at a normal rate, first alone (its
 * unloaded p99), then while 127.0.0.2 offers 10× its bound ({@code mmsrouter.admission.source-rate}).
 * Checked: the calm gateway's p99 under the flood stays within 2× of its unloaded figure and none of
 * its MMs is refused; the flood's excess is answered promptly with m-send-conf
 * Error-transient-failure (no timeouts), and the flood still gets about its rate accepted. Both
 * MMSCs healthy; answer window 0. WildFly's data directory is on /dev/shm (tmpfs): on a shared disk
 * the journal's fsync tail under the flood's admitted share dominates the p99 and says nothing about
 * the ingress ({@code -Dsourceflood.data-dir=} empty puts it under the base directory).
 */
@SystemTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(OrderAnnotation.class)
class SourceFloodIT {

    @RegisterExtension
    static final SystemHarness harness = new SystemHarness();

    private static final int OFFSET = 950; // HTTP 9030, NOC 10393, management 10940
    private static final int CONTROL = 18990; // simulators 18991, 18992
    private static final int DNS_PORT = 15993;
    private static final int RATE = Integer.getInteger("sourceflood.rate", 100); // MM/s one client address may submit
    private static final int FLOOD = 10 * RATE;
    private static final int CALM_RATE = Integer.getInteger("sourceflood.calm-rate", 50);
    private static final int SECONDS_EACH = Integer.getInteger("sourceflood.seconds", 30);
    private static final int FLOOD_SECONDS = SECONDS_EACH + 4;
    private static final String MM_BYTES = "10000";
    private static final String DATA_DIR =
            System.getProperty("sourceflood.data-dir", "/dev/shm/mmsrouter-e2e-source-flood");

    private SingleRouter router;
    private Load.Result alone;
    private Load.Result flooded;
    private Load.Result flood;

    @BeforeAll
    void start() throws IOException {
        List<String> properties = new ArrayList<>(List.of("mmsrouter.admission.source-rate=" + RATE));
        if (!DATA_DIR.isEmpty()) {
            Path dir = Path.of(DATA_DIR);
            deleteTree(dir);
            Files.createDirectories(dir);
            harness.track(() -> deleteTree(dir)); // registered first: removed after the node is killed
            properties.add("jboss.server.data.dir=" + dir);
        }
        router = SingleRouter.create(harness, "source-flood", OFFSET, CONTROL, DNS_PORT);
        router.start(properties.toArray(String[]::new));
        harness.figure(
                "router up (mmsrouter.admission.source-rate=%d); warming up the JIT with both addresses below their bound",
                RATE);
        Load warmFlood = gateway("warm2", "127.0.0.2", RATE / 2, 16, "0s", "20s");
        gateway("warm3", "127.0.0.3", CALM_RATE, 16, "0s", "20s").await(Duration.ofSeconds(90));
        warmFlood.await(Duration.ofSeconds(90));
    }

    @Test
    @Order(1)
    void calmGatewayAlone() {
        alone = calm("alone");
        harness.figure("calm gateway alone: ok %d, ok p99 %.1f ms", alone.count("ok"), alone.number("ok_p99_ms"));
    }

    @Test
    @Order(2)
    void calmGatewayUnderTheFlood() {
        Load flooding = gateway("flood", "127.0.0.2", FLOOD, 64, "2s", FLOOD_SECONDS + "s");
        Await.pause(Duration.ofSeconds(2)); // the flood's warm-up: the calm phase runs inside its measured window
        flooded = calm("flooded");
        flood = flooding.await(Duration.ofSeconds(FLOOD_SECONDS + 90L));
        harness.figure(
                "calm gateway under flood: ok %d, not_ok %d, errors %d, ok p99 %.1f ms",
                flooded.count("ok"), flooded.count("not_ok"), flooded.count("errors"), flooded.number("ok_p99_ms"));
        harness.figure(
                "flooding gateway (%d MM/s offered): ok %d, transient %d (p99 %.1f ms), timeouts %d",
                FLOOD,
                flood.count("ok"),
                flood.count("transient"),
                flood.number("transient_p99_ms"),
                flood.count("timeouts"));
        LogTail.linesFrom(router.node().serverLog(), 1).stream()
                .filter(line -> line.contains("refused in the last"))
                .findFirst()
                .ifPresent(line -> harness.figure("log: %s", line));
    }

    @Test
    @Order(3)
    void calmGatewaysP99StaysWithinTwiceItsUnloadedFigure() {
        double alonP99 = alone.number("ok_p99_ms");
        double floodedP99 = flooded.number("ok_p99_ms");
        double ratio = alonP99 > 0 ? floodedP99 / alonP99 : 0;
        harness.figure("calm gateway p99: %.1f ms alone, %.1f ms under the flood (x %.2f)", alonP99, floodedP99, ratio);
        assertTrue(
                ratio > 0 && ratio <= 2,
                "the calm gateway's p99 under the flood is x " + ratio + " its unloaded figure");
    }

    @Test
    @Order(4)
    void noneOfTheCalmGatewaysMmsRefusedOrFailed() {
        assertEquals(0, flooded.count("not_ok"), "calm gateway's MMs refused");
        assertEquals(0, flooded.count("errors"), "calm gateway's MMs failed");
    }

    @Test
    @Order(5)
    void floodsExcessGetsTransientRefusalsNoTimeouts() {
        assertTrue(flood.count("transient") > 0, "the flood's excess got no transient refusal");
        assertEquals(0, flood.count("timeouts"), "the flood's timeouts");
    }

    @Test
    @Order(6)
    void refusalsAnsweredWithinOneSecond() {
        assertTrue(
                flood.number("transient_p99_ms") < 1000, "refusals' p99 " + flood.number("transient_p99_ms") + " ms");
    }

    @Test
    @Order(7)
    void floodingGatewayStillGetsAboutItsRate() {
        double perSecond = flood.count("ok") / (double) FLOOD_SECONDS;
        harness.figure(
                "the flooding gateway got %d accepted in %d s (%.1f/s at a bound of %d/s)",
                flood.count("ok"), FLOOD_SECONDS, perSecond, RATE);
        assertTrue(
                perSecond > 0.8 * RATE && perSecond < 1.2 * RATE + RATE / (double) FLOOD_SECONDS,
                "the flooding gateway got " + perSecond + " MM/s accepted at a bound of " + RATE);
    }

    /** The calm gateway for one measured phase, open loop at its normal rate. */
    private Load.Result calm(String runId) {
        return gateway(runId, "127.0.0.3", CALM_RATE, 16, "0s", SECONDS_EACH + "s")
                .await(Duration.ofSeconds(SECONDS_EACH + 90L));
    }

    private Load gateway(String runId, String source, int rate, int concurrency, String warmup, String duration) {
        return harness.load(
                router.node(),
                runId,
                "--source",
                source,
                "--rate",
                Integer.toString(rate),
                "--concurrency",
                Integer.toString(concurrency),
                "--warmup",
                warmup,
                "--duration",
                duration,
                "--size",
                MM_BYTES,
                "--timeout",
                "10s");
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var tree = Files.walk(dir)) {
            tree.sorted((a, b) -> b.compareTo(a)).forEach(path -> {
                try {
                    Files.delete(path);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}
