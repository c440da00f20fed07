package org.mmsrouter.systemtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer.OrderAnnotation;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.mmsrouter.systemtest.harness.Await;
import org.mmsrouter.systemtest.harness.JvmMemory;
import org.mmsrouter.systemtest.harness.Load;
import org.mmsrouter.systemtest.harness.LogTail;
import org.mmsrouter.systemtest.harness.Metrics;
import org.mmsrouter.systemtest.harness.Prerequisites;
import org.mmsrouter.systemtest.harness.SingleRouter;
import org.mmsrouter.systemtest.harness.SystemHarness;
import org.mmsrouter.systemtest.harness.SystemTest;

/**
 * A long backlog does not exhaust the router's memory (issue 22). Both simulated MMSCs refuse
 * connections while {@code tools load} submits N MMs of ~10 KB (closed loop, answer window 0), so all
 * N wait in the broker: past the submissions address's 10 MiB the broker pages them to disk instead
 * of holding them in the heap. Prints the WildFly JVM's RSS and heap (the live set after a full GC
 * too) before, at the end of the backlog (and the peak RSS sampled during it) and after draining.
 * Fails on an OutOfMemoryError, on any submission not answered Ok, when the broker never paged, or
 * when, after the MMSCs recover, not every MM answered Ok is delivered exactly once within the drain
 * limit. N is 20,000 ({@code -Dbacklog.n=100000} for the full soak); it needs about N × 13 KB free
 * under the module's target directory.
 */
@SystemTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(OrderAnnotation.class)
class BacklogHeapIT {

    @RegisterExtension
    static final SystemHarness harness = new SystemHarness();

    private static final int OFFSET = 270; // HTTP 8350, NOC 9713, management 10260
    private static final int CONTROL = 18270; // simulators 18271, 18272
    private static final int DNS_PORT = 15493;
    private static final int N = Integer.getInteger("backlog.n", 20000);
    private static final int SIZE = Integer.getInteger("backlog.size", 10000);
    private static final int CONCURRENCY = Integer.getInteger("backlog.concurrency", 32);
    private static final int BACKLOG_SECONDS = Integer.getInteger("backlog.seconds", 3600);
    private static final int DRAIN_SECONDS = Integer.getInteger("backlog.drain-seconds", 900);
    private static final long PAGING_THRESHOLD = 10L * 1024 * 1024; // the submissions address's max size

    private SingleRouter router;
    private long pid;
    private Set<String> ok;
    private long refused;
    private long peakRssMegabytes;
    private JvmMemory.Snapshot before;
    private JvmMemory.Snapshot atEnd;

    @BeforeAll
    void start() throws IOException {
        Prerequisites.command("jcmd", "openjdk-17-jdk-headless");
        router = SingleRouter.create(harness, "backlog-heap", OFFSET, CONTROL, DNS_PORT);
        requireRoom();
        router.sims().mode("refuse");
        router.start();
        pid = router.node().pid().orElseThrow();
        String xmx = ProcessHandle.of(pid).flatMap(p -> p.info().arguments()).stream()
                .flatMap(Arrays::stream)
                .filter(a -> a.startsWith("-Xmx"))
                .findFirst()
                .orElse("(default -Xmx)");
        before = JvmMemory.of(pid);
        harness.figure("router up (pid %d, %s); both MMSCs refuse connections", pid, xmx);
        harness.figure("memory before the backlog: %s; submissions queue %.0f MMs", before, depth());
    }

    @Test
    @Order(1)
    void everyMmOfTheBacklogIsAnsweredOk() {
        AtomicLong peak = new AtomicLong();
        ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
        sampler.scheduleAtFixedRate(
                () -> peak.accumulateAndGet(JvmMemory.rssMegabytes(pid), Math::max), 0, 2, TimeUnit.SECONDS);
        long started = System.nanoTime();
        Load.Result backlog;
        try {
            backlog = harness.load(
                            router.node(),
                            "backlog",
                            "--concurrency",
                            Integer.toString(CONCURRENCY),
                            "--warmup",
                            "0s",
                            "--duration",
                            BACKLOG_SECONDS + "s",
                            "--count",
                            Integer.toString(N),
                            "--size",
                            Integer.toString(SIZE),
                            "--timeout",
                            "30s")
                    .await(Duration.ofSeconds(BACKLOG_SECONDS + 120L));
        } finally {
            sampler.shutdownNow();
        }
        peakRssMegabytes = peak.get();
        ok = backlog.okIds();
        refused = backlog.count("transient");
        harness.figure(
                "backlog: %d of %d answered Ok in %s; %d refused (0xC0); %d errors",
                ok.size(),
                N,
                Await.seconds(Duration.ofNanos(System.nanoTime() - started)),
                refused,
                backlog.count("errors"));
        harness.figure("peak RSS while the backlog grew: %d MiB", peakRssMegabytes);
        assertEquals(0, refused, "submissions refused with 0xC0 (admission control: " + router.readinessLine() + ")");
        assertEquals(N, ok.size(), "MMs answered Ok");
        assertEquals(0, backlog.count("errors"), "errors");
    }

    @Test
    @Order(2)
    void theBacklogWaitsInTheBrokerPagedToDisk() {
        atEnd = JvmMemory.of(pid);
        double queued = depth();
        harness.figure("memory at the end of the backlog: %s; submissions queue %.0f MMs", atEnd, queued);
        List<String> paging = LogTail.linesFrom(router.node().serverLog(), 1).stream()
                .filter(l -> l.contains("AMQ222038"))
                .toList();
        harness.figure(
                "server.log: %d AMQ222038 (paging started) line(s): %s",
                paging.size(),
                paging.isEmpty()
                        ? ""
                        : paging.get(0).substring(0, Math.min(220, paging.get(0).length())));
        assertTrue(
                queued >= ok.size(),
                "the submissions queue holds " + queued + " MMs, not the " + ok.size() + " answered Ok");
        assertTrue(
                (long) N * SIZE <= PAGING_THRESHOLD || !paging.isEmpty(),
                "the broker never started paging the submissions address");
    }

    @Test
    @Order(3)
    void afterTheOutageEveryMmIsDeliveredOnce() {
        router.sims().mode("healthy");
        long started = System.nanoTime();
        Await.holdsWithin(Duration.ofSeconds(DRAIN_SECONDS), () -> router.sims().receivedCount() >= ok.size());
        long drainSeconds = Math.max(1, (System.nanoTime() - started) / 1_000_000_000L);
        Await.pause(Duration.ofSeconds(3)); // anything delivered twice arrives too
        List<String> received = router.sims().receivedTransactionIds();
        Set<String> distinct = new HashSet<>(received);
        long missing = ok.stream().filter(id -> !distinct.contains(id)).count();
        long duplicates = received.size() - distinct.size();
        harness.figure(
                "drain: %d delivered in %d s (%d MM/s); %d answered Ok but not delivered; %d delivered more than once",
                received.size(), drainSeconds, received.size() / drainSeconds, missing, duplicates);
        Await.holdsWithin(Duration.ofSeconds(30), () -> depth() == 0);
        JvmMemory.Snapshot after = JvmMemory.of(pid);
        harness.figure("memory after draining: %s; submissions queue %.0f MMs", after, depth());
        harness.figure(
                "summary n=%d size=%d ok=%d refused=%d rss_before_mb=%d rss_peak_mb=%d rss_backlog_mb=%d rss_after_mb=%d"
                        + " live_heap_before_mb=%d live_heap_backlog_mb=%d live_heap_after_mb=%d drain_s=%d delivered=%d missing=%d"
                        + " duplicates=%d",
                N,
                SIZE,
                ok.size(),
                refused,
                before.rssMegabytes(),
                peakRssMegabytes,
                atEnd.rssMegabytes(),
                after.rssMegabytes(),
                before.liveHeapMegabytes(),
                atEnd.liveHeapMegabytes(),
                after.liveHeapMegabytes(),
                drainSeconds,
                received.size(),
                missing,
                duplicates);
        assertEquals(0, missing, "MMs answered Ok but not delivered");
        assertEquals(0, duplicates, "MMs delivered more than once");
        assertEquals(ok.size(), received.size(), "MMs delivered");
    }

    @Test
    @Order(4)
    void noOutOfMemoryErrorNorCriticalBrokerError() {
        long oom = count(router.node().serverLog(), "OutOfMemoryError")
                + count(router.node().consoleLog(), "OutOfMemoryError");
        long critical = count(router.node().serverLog(), "AMQ222010")
                + count(router.node().serverLog(), "AMQ144011");
        harness.figure(
                "OutOfMemoryError in server.log and the console: %d; critical broker I/O errors: %d", oom, critical);
        assertEquals(0, oom, "OutOfMemoryError logged");
        assertEquals(0, critical, "the broker logged a critical I/O error");
    }

    /**
     * Room for the backlog: journal and page files hold each MM once (~1.3 × its size with headers
     * and records) plus the journal's preallocated files; admission control refuses at 90 % used or
     * under 64 MiB free (what this process cannot write counts as used), so the backlog must fit below.
     */
    private void requireRoom() throws IOException {
        FileStore store = Files.getFileStore(router.node().base());
        long sizeKb = store.getTotalSpace() / 1024;
        long availKb = store.getUsableSpace() / 1024;
        long usedKb = sizeKb - availKb;
        long needKb = (long) N * SIZE * 13 / 10 / 1024 + 256 * 1024;
        long limitKb = sizeKb * 90 / 100;
        harness.figure(
                "volume of %s: %d MiB free of %d MiB (%d %% used); the backlog needs about %d MiB; admission control refuses"
                        + " above %d MiB used",
                router.node().base(),
                availKb / 1024,
                sizeKb / 1024,
                100 * usedKb / sizeKb,
                needKb / 1024,
                limitKb / 1024);
        Prerequisites.require(
                usedKb + needKb <= limitKb && availKb - needKb >= 64 * 1024,
                "room for " + N + " MMs of " + SIZE + " bytes on "
                        + router.node().base() + " (free space, or a smaller -Dbacklog.n)");
    }

    private double depth() {
        return Metrics.value(router.metrics(), "mmsrouter_queue_messages{queue=\"MmsSubmissions\"}")
                .orElse(-1);
    }

    private static long count(Path log, String text) {
        return LogTail.linesFrom(log, 1).stream()
                .filter(line -> line.contains(text))
                .count();
    }
}
