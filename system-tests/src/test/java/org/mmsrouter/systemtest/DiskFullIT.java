package org.mmsrouter.systemtest;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.mmsrouter.systemtest.harness.Await;
import org.mmsrouter.systemtest.harness.Load;
import org.mmsrouter.systemtest.harness.LogTail;
import org.mmsrouter.systemtest.harness.Metrics;
import org.mmsrouter.systemtest.harness.Prerequisites;
import org.mmsrouter.systemtest.harness.RouterNode;
import org.mmsrouter.systemtest.harness.Simulators;
import org.mmsrouter.systemtest.harness.SingleRouter;
import org.mmsrouter.systemtest.harness.SystemHarness;
import org.mmsrouter.systemtest.harness.SystemTest;
import org.mmsrouter.systemtest.harness.Tmpfs;

/**
 * The journal's volume fills during an MMSC outage and the router neither dies nor hangs. WildFly's
 * data directory (Artemis journal, paging, large messages, bindings, the H2 registry) is put on a
 * small tmpfs; both simulated MMSCs refuse connections; {@code tools load} submits in 10 s chunks
 * until the volume passes admission control's high-water mark and two chunks more. Checked: no
 * client timeout; every refusal a prompt m-send-conf Error-transient-failure (refusals' p99 under
 * 1 s); readiness 503, the console's overview and the metrics say "disk"; the broker never logs a
 * critical I/O error; once the MMSCs are back every MM answered Ok is delivered, none twice, and the
 * router takes new MMs again by itself, without a restart. Each case is a volume size and an MM
 * size ({@code -Ddiskfull.cases="192m:10000 1g:30000"}, the default). Needs root (mount).
 */
@SystemTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DiskFullIT {

    @RegisterExtension
    static final SystemHarness harness = new SystemHarness();

    private static final int OFFSET = 900; // HTTP 8980, NOC 10343, management 10890
    private static final int CONTROL = 18980; // simulators 18981, 18982
    private static final int DNS_PORT = 15983;
    private static final int CONCURRENCY = Integer.getInteger("diskfull.concurrency", 50);
    private static final int CHUNK_SECONDS = Integer.getInteger("diskfull.chunk-seconds", 10);
    private static final int MAX_CHUNKS = Integer.getInteger("diskfull.max-chunks", 30);
    private static final List<String> CRITICAL =
            List.of("AMQ144011", "AMQ222010", "Critical IO Error", "No space left on device");

    private Simulators sims;

    static Stream<String> cases() {
        return Arrays.stream(System.getProperty("diskfull.cases", "192m:10000 1g:30000")
                .trim()
                .split("\\s+"));
    }

    @BeforeAll
    void simulators() {
        Prerequisites.root();
        sims = SingleRouter.simulators(harness, CONTROL);
    }

    @ParameterizedTest(name = "volume size:MM bytes {0}")
    @MethodSource("cases")
    void fullVolumeRefusesPromptlyAndRecoversByItself(String volumeCase) {
        String size = volumeCase.substring(0, volumeCase.indexOf(':'));
        int mmBytes = Integer.parseInt(volumeCase.substring(volumeCase.indexOf(':') + 1));
        String name = size + "-" + mmBytes;
        SingleRouter one = SingleRouter.on(harness, sims, name, OFFSET, DNS_PORT);
        RouterNode node = one.node();
        Tmpfs volume = harness.track(Tmpfs.mount(node.base().resolve("volume"), size));
        one.sims().clearReceived();
        one.sims().mode("refuse");
        one.start("jboss.server.data.dir=" + volume.path().resolve("data"));
        harness.figure("%s: router up, both MMSCs refuse connections; %s", name, volume.usage());
        try {
            fillAndRecover(name, mmBytes, one, volume);
        } finally {
            node.kill();
            volume.close();
        }
    }

    private void fillAndRecover(String name, int mmBytes, SingleRouter one, Tmpfs volume) {
        RouterNode node = one.node();
        Set<String> ok = new TreeSet<>();
        int refusingChunks = 0;
        long timeouts = 0;
        double worstRefusalP99 = 0;
        for (int chunk = 1; chunk <= MAX_CHUNKS && refusingChunks < 2; chunk++) {
            Load.Result result = harness.load(
                            node,
                            "df-" + name + "-" + chunk,
                            "--concurrency",
                            Integer.toString(CONCURRENCY),
                            "--warmup",
                            "0s",
                            "--duration",
                            CHUNK_SECONDS + "s",
                            "--size",
                            Integer.toString(mmBytes),
                            "--timeout",
                            "10s")
                    .await(Duration.ofSeconds(CHUNK_SECONDS + 60L));
            ok.addAll(result.okIds());
            long refused = result.count("transient");
            timeouts += result.count("timeouts");
            double refusalP99 = result.number("transient_p99_ms");
            harness.figure(
                    "%s chunk %d: ok %d, transient failures %d, timeouts %d, p99 %.1f ms, refusals p99 %.1f ms; %s",
                    name,
                    chunk,
                    result.count("ok"),
                    refused,
                    result.count("timeouts"),
                    result.number("p99_ms"),
                    refusalP99,
                    volume.usage());
            if (refused > 0) {
                refusingChunks++;
                worstRefusalP99 = Math.max(worstRefusalP99, refusalP99);
                if (refusingChunks == 1) {
                    saysRefusingForDisk(name, one);
                }
            }
        }
        int chunksRefusing = refusingChunks;
        long allTimeouts = timeouts;
        double p99 = worstRefusalP99;
        harness.figure(
                "%s: %d MMs answered Ok while the MMSCs were down; worst refusals' p99 %.1f ms; %d client timeouts",
                name, ok.size(), p99, allTimeouts);
        List<String> critical = LogTail.linesFrom(node.serverLog(), 1).stream()
                .filter(line -> CRITICAL.stream().anyMatch(line::contains))
                .limit(1)
                .toList();
        assertAll(
                "while the volume is full",
                () -> assertTrue(
                        chunksRefusing > 0,
                        "the volume never reached the high-water mark in " + MAX_CHUNKS + " chunks"),
                () -> assertEquals(0, allTimeouts, "client timeouts"),
                () -> assertTrue(p99 < 1000, "refusals' p99 " + p99 + " ms (must be under 1 s)"),
                () -> assertEquals(503, one.readinessStatus(), "readiness while refusing"),
                () -> assertEquals(List.of(), critical, "the broker logged a critical I/O error"),
                () -> assertTrue(
                        LogTail.contains(node.serverLog(), 1, "refusing new MMs: disk"),
                        "no log line said new MMs are refused"));

        one.sims().mode("healthy");
        long drainStarted = System.nanoTime();
        Await.holdsWithin(
                Duration.ofSeconds(300), () -> new HashSet<>(one.sims().receivedTransactionIds()).containsAll(ok));
        Duration drained = Duration.ofNanos(System.nanoTime() - drainStarted);
        Await.pause(Duration.ofSeconds(2)); // anything delivered twice arrives too
        List<String> received = one.sims().receivedTransactionIds();
        Set<String> distinct = new HashSet<>(received);
        long missing = ok.stream().filter(id -> !distinct.contains(id)).count();
        long duplicates = received.size() - distinct.size();
        harness.figure(
                "%s: drained in %s: %d of %d not delivered, %d delivered twice",
                name, Await.seconds(drained), missing, ok.size(), duplicates);
        assertAll(
                "after the MMSCs are back",
                () -> assertEquals(0, missing, "MMs answered Ok not delivered"),
                () -> assertEquals(0, duplicates, "MMs delivered twice"));

        Duration accepting = Await.until(
                name + ": readiness 200 again, by itself", Duration.ofSeconds(120), () -> one.readinessStatus() == 200);
        harness.figure(
                "%s: accepting again %s after the drain; readiness %s; %s",
                name, Await.seconds(accepting), one.readinessLine(), volume.usage());
        String after = one.submitOutput("--count", "5");
        harness.figure("%s: %s", name, after);
        assertTrue(after.contains("5 answered Ok"), "new submissions after recovery: " + after);
    }

    /** What the console's banner shows (its overview poll) and what Prometheus scrapes, while refusing. */
    private void saysRefusingForDisk(String name, SingleRouter one) {
        harness.figure("%s: readiness while refusing: %s", name, one.readinessLine());
        String overview = one.node().admin().get("/overview");
        String metrics = one.metrics();
        harness.figure("%s: %s", name, Metrics.lines(metrics, "mmsrouter_volume_free_bytes"));
        assertAll(
                "the console and the metrics say new MMs are refused for disk",
                () -> assertTrue(
                        overview.contains("\"accepting\":false") && overview.contains("\"cause\":\"disk\""),
                        "the console's overview: " + overview.substring(0, Math.min(300, overview.length()))),
                () -> assertEquals(
                        0.0,
                        Metrics.value(metrics, "mmsrouter_admission_accepting").orElse(-1),
                        "mmsrouter_admission_accepting"),
                () -> assertTrue(
                        Metrics.value(metrics, "mmsrouter_admission_refusals_total{cause=\"disk\"}")
                                        .orElse(0)
                                >= 1,
                        "no disk refusal counted in mmsrouter_admission_refusals_total"));
    }
}
