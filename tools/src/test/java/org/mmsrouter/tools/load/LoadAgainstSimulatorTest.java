package org.mmsrouter.tools.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mmsrouter.tools.sim.Behaviour;
import org.mmsrouter.tools.sim.MmscSimulator;
import org.mmsrouter.tools.sim.ReceivedMm;
import org.mmsrouter.tools.sim.SimMode;

/** {@code tools load} against an in-process simulated MMSC, as a user runs it. */
class LoadAgainstSimulatorTest {

    static {
        // The JDK's HTTP server answers in two writes (headers, then body); without TCP_NODELAY every
        // answer waits for the client's delayed ACK (~40 ms). Read once per JVM, so best effort here.
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    private MmscSimulator sim;

    @BeforeEach
    void start() throws IOException {
        sim = new MmscSimulator("sim-load", new InetSocketAddress("127.0.0.1", 0), "/mms").start();
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    private LoadRun load(String... args) {
        String[] all = new String[args.length + 2];
        all[0] = "--url";
        all[1] = sim.url().toString();
        System.arraycopy(args, 0, all, 2, args.length);
        LoadRun run = LoadRun.execute(all);
        if (run.result().isEmpty()) {
            throw new AssertionError("no RESULT line in\n" + run.output());
        }
        return run;
    }

    @Test
    void aClosedLoopRunIsAnsweredOkAndTheMmscGotExactlyThoseMms() {
        LoadRun run =
                load("--concurrency", "4", "--duration", "2s", "--warmup", "0s", "--size", "30000", "--run-id", "t1");

        long requests = run.number("requests");
        assertEquals(0, run.exit(), run.output());
        assertTrue(requests > 0, run.output());
        assertEquals(requests, run.number("ok"), run.output());
        assertEquals(0, run.number("errors"), run.output());
        assertEquals(requests, sim.received().size(), run.output());
        Set<String> tids =
                sim.received().stream().map(ReceivedMm::transactionId).collect(Collectors.toSet());
        assertEquals(requests, tids.size(), "every Transaction-ID is unique");
        assertTrue(
                tids.stream().allMatch(tid -> tid.matches("load-t1-\\d+")),
                tids.iterator().next());
        assertTrue(sim.received().stream().allMatch(mm -> mm.pdu().length == 30_000));
        assertTrue(run.output().contains("  0x80 Ok: " + requests), run.output());
        assertTrue(Double.parseDouble(run.result().get("throughput")) > 0, run.output());
    }

    @Test
    void warmUpMmsReachTheMmscButAreNotMeasured() {
        LoadRun run = load("--concurrency", "2", "--duration", "500ms", "--warmup", "500ms", "--size", "2000");

        assertEquals(0, run.exit(), run.output());
        long withWarmUp = Long.parseLong(
                run.output().replaceAll("(?s).*requests sent: +\\d+ \\((\\d+) with the warm-up\\).*", "$1"));
        assertTrue(sim.received().size() > run.number("requests"), run.output());
        assertEquals(withWarmUp, sim.received().size(), run.output());
    }

    @Test
    void theOkLogListsEveryMmAnsweredOkWarmUpIncluded() throws IOException {
        Path log = Files.createTempFile("ok-log", ".txt");
        try {
            LoadRun run = load(
                    "--concurrency",
                    "2",
                    "--duration",
                    "300ms",
                    "--warmup",
                    "300ms",
                    "--size",
                    "2000",
                    "--ok-log",
                    log.toString());

            assertEquals(0, run.exit(), run.output());
            Set<String> logged = Set.copyOf(Files.readAllLines(log));
            Set<String> received =
                    sim.received().stream().map(ReceivedMm::transactionId).collect(Collectors.toSet());
            assertEquals(received, logged);
            assertTrue(logged.size() > run.number("requests"), run.output());
        } finally {
            Files.deleteIfExists(log);
        }
    }

    @Test
    void anOpenLoopRunSendsAtTheRequestedRate() {
        LoadRun run =
                load("--concurrency", "8", "--duration", "1s", "--warmup", "0s", "--rate", "50", "--size", "2000");

        long requests = run.number("requests");
        assertEquals(0, run.exit(), run.output());
        assertTrue(requests >= 45 && requests <= 50, "50 MM/s for 1 s: " + run.output());
        assertEquals(requests, sim.received().size());
        assertTrue(run.output().contains("pacing:             50 MM/s offered"), run.output());
    }

    @Test
    void countStopsAfterThatManyMms() {
        LoadRun run =
                load("--concurrency", "3", "--duration", "30s", "--warmup", "0s", "--count", "25", "--size", "2000");

        assertEquals(0, run.exit(), run.output());
        assertEquals(25, run.number("requests"), run.output());
        assertEquals(25, sim.received().size());
    }

    @Test
    void httpErrorsAndRefusedConnectionsAreErrorsAndFailTheRun() throws IOException {
        sim.setBehaviour(Behaviour.of(SimMode.HTTP_500));
        LoadRun failing = load("--concurrency", "2", "--duration", "300ms", "--warmup", "0s", "--size", "2000");

        assertEquals(1, failing.exit(), failing.output());
        assertEquals(0, failing.number("ok"));
        assertTrue(failing.number("errors") > 0, failing.output());
        assertTrue(failing.output().contains("HTTP: " + failing.number("errors") + " [500 × "), failing.output());

        sim.setBehaviour(Behaviour.of(SimMode.REFUSE));
        LoadRun refused = load("--concurrency", "2", "--duration", "300ms", "--warmup", "0s", "--size", "2000");

        assertEquals(1, refused.exit(), refused.output());
        assertTrue(refused.number("errors") > 0, refused.output());
        assertTrue(refused.output().contains("I/O: " + refused.number("errors")), refused.output());
    }

    @Test
    void aHangingMmscEndsTheRunAtTheTimeoutAndCountsTimeouts() throws IOException {
        sim.setBehaviour(Behaviour.of(SimMode.HANG));
        long started = System.nanoTime();

        LoadRun run = load(
                "--concurrency", "2", "--duration", "300ms", "--warmup", "0s", "--timeout", "1s", "--size", "2000");

        double seconds = (System.nanoTime() - started) / 1e9;
        assertEquals(1, run.exit(), run.output());
        assertEquals(2, run.number("errors"), "one hanging MM per worker: " + run.output());
        assertTrue(run.output().contains("timeouts: 2"), run.output());
        assertTrue(seconds < 0.3 + 1 + 1 + 1, "bounded by duration + timeout: " + seconds + " s");
        sim.setBehaviour(Behaviour.HEALTHY);
    }
}
