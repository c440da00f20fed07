package org.mmsrouter.systemtest;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer.OrderAnnotation;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.mmsrouter.systemtest.harness.AdminApi;
import org.mmsrouter.systemtest.harness.Await;
import org.mmsrouter.systemtest.harness.Cluster;
import org.mmsrouter.systemtest.harness.ClusterNode;
import org.mmsrouter.systemtest.harness.Command;
import org.mmsrouter.systemtest.harness.Deliveries;
import org.mmsrouter.systemtest.harness.Installation;
import org.mmsrouter.systemtest.harness.KillUnderLoad;
import org.mmsrouter.systemtest.harness.Load;
import org.mmsrouter.systemtest.harness.Postgres;
import org.mmsrouter.systemtest.harness.Simulators;
import org.mmsrouter.systemtest.harness.SystemHarness;
import org.mmsrouter.systemtest.harness.SystemTest;

/**
 * A two-node router cluster (README "Cluster") loses nothing when a node dies under load: two nodes made
 * with cluster-node.sh on PostgreSQL, two simulated MMSCs.
 * <ol>
 * <li>Shared state: a registry edit on one node is in force on the other, each console shows the other's
 * health view, an MM submitted at node-1 is retrieved at node-2 from its learned owner.</li>
 * <li>Load on both nodes; both MMSCs refuse from 5 s before until 3 s after node-1 is killed (kill -9), so it
 * dies holding queued MMs in its journal, which node-2's backup broker takes over: node-2 answers every submission Ok,
 * its DNS answers drop node-1, every MM answered Ok reaches an MMSC, duplicates stay within the
 * at-least-once window.</li>
 * <li>node-1 restarts (failback through cluster-restart.sh) and rejoins: a second load is answered Ok and
 * delivered, and nothing of the first load is delivered again.</li>
 * <li>Rolling restart: each node in turn, holding queued MMs, restarted with cluster-restart.sh while
 * the load goes to the other node, which refuses nothing; its DNS answers leave the restarting node out
 * while it is down; everything answered Ok is delivered ({@code -Dcluster.rolling=false} skips it).</li>
 * </ol>
 * Ports: offsets 1000/1100 (HTTP 9080/9180, management 10990/11090), JGroups 21600/21700, DNS 17053/17153,
 * simulators 19080-19082.
 */
@SystemTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(OrderAnnotation.class)
class ClusterKillIT {

    @RegisterExtension
    static final SystemHarness harness = new SystemHarness();

    /** 40 MM/s of 10 KB MMs to each node for 30 s, node-1 killed 12 s in (see {@link KillUnderLoad}). */
    private static final KillUnderLoad KILL = KillUnderLoad.fromProperties(40);

    private static final boolean ROLLING = Boolean.parseBoolean(System.getProperty("cluster.rolling", "true"));

    private Cluster cluster;
    private Simulators sims;
    private long startedAt;
    private Set<String> firstLoad;
    private long firstDuplicates;
    private Load.Result survivor;
    private String rssUnderLoad;
    private final Set<String> rolling = new TreeSet<>();

    @BeforeAll
    void clusterOfTwo() {
        cluster = Cluster.create(harness, Postgres.fromEnvironment(), 1000, 1100);
        sims = cluster.startSimulators();
        cluster.prepare(Postgres.fromEnvironment().jdbcUrl(false));
        startedAt = System.nanoTime();
        cluster.startInTurn(Duration.ofSeconds(120));
    }

    @Test
    @Order(1)
    void bothBackupsStandByAndBothNodesInDns() {
        Await.until(
                "both backup brokers stand by for the other node's journal",
                Duration.ofSeconds(60),
                () -> cluster.node(1).backupStandingBy(1) && cluster.node(2).backupStandingBy(1));
        Await.until(
                "node-1's DNS answers carry both nodes",
                Duration.ofSeconds(30),
                () -> cluster.dnsAnswersExactly(1, 1, 2));
        Await.until(
                "node-2's DNS answers carry both nodes",
                Duration.ofSeconds(30),
                () -> cluster.dnsAnswersExactly(2, 1, 2));
        harness.figure("cluster up in %s", Await.seconds(Duration.ofNanos(System.nanoTime() - startedAt)));
    }

    @Test
    @Order(2)
    void aDrainOnOneNodeIsInForceOnTheOther() {
        admin(1).send("POST", "/mmscs/sim-b/admin-state?set=draining", null);
        Await.until(
                "a drain on node-1 is in force on node-2 (registry read back every heartbeat)",
                Duration.ofSeconds(10),
                () -> cluster.node(2).adminState("sim-b").equals("draining"));
        admin(2).send("POST", "/mmscs/sim-b/admin-state?set=enabled", null);
        Await.until(
                "re-enabled on node-2, in force on node-1",
                Duration.ofSeconds(10),
                () -> cluster.node(1).adminState("sim-b").equals("enabled"));
    }

    @Test
    @Order(3)
    void eachConsoleShowsTheOtherNodesHealthView() {
        // JSON-B writes properties in alphabetical order: mmscHealth just before name.
        Await.until(
                "node-1's console shows node-2's own view of the MMSCs (both UP)",
                Duration.ofSeconds(10),
                () -> admin(1).get("/overview")
                        .contains("\"mmscHealth\":{\"sim-a\":\"UP\",\"sim-b\":\"UP\"},\"name\":\"node2\""));
    }

    @Test
    @Order(4)
    void anMmSubmittedAtOneNodeIsRetrievedAtTheOtherAsLearned() {
        String submitted = Command.of(
                        "java",
                        "-jar",
                        Installation.toolsJar().toString(),
                        "submit",
                        "--url",
                        cluster.node(1).router().mm1().toString(),
                        "--tid",
                        "cluster-owner-1")
                .output();
        Matcher id = Pattern.compile("Message-ID=(\\S+)").matcher(submitted);
        assertTrue(id.find(), "tools submit printed no Message-ID: " + submitted);
        String messageId = id.group(1);
        long learnedBefore = learned(2);
        String tidOwnerBefore = admin(1).get("/owners?transactionId=cluster-owner-1");
        Await.pause(Duration.ofSeconds(1));
        int retrieved = httpGet(
                URI.create("http://127.0.0.1:" + cluster.node(2).router().httpPort() + "/mms/" + messageId));
        long learnedAfter = learned(2);
        assertTrue(
                retrieved == 200 && learnedAfter == learnedBefore + 1,
                "retrieval at node-2 of " + messageId + " (submitted at node-1): HTTP " + retrieved + ", byLearned "
                        + learnedBefore + " -> " + learnedAfter);

        // The m-retrieve-conf taught node-2 the Transaction-ID the phone's m-acknowledge-ind will carry; node-1
        // learns it from node-2 (the outcomes topic), so an acknowledgement reaching node-1 needs no broadcast.
        String owner = messageId.replaceFirst("-[0-9].*$", "");
        assertFalse(
                tidOwnerBefore.contains("\"mmsc\""),
                "node-1 knew the owner of Transaction-ID cluster-owner-1 before any retrieval: " + tidOwnerBefore);
        Await.until(
                "node-1 learns from node-2's retrieval that " + owner + " owns Transaction-ID cluster-owner-1",
                Duration.ofSeconds(10),
                () -> admin(1).get("/owners?transactionId=cluster-owner-1").contains("\"mmsc\":\"" + owner + "\""));
    }

    @Test
    @Order(5)
    void killNode1UnderLoadAndDnsDropsIt() {
        KillUnderLoad.Running running = KILL.start(harness, cluster, 1);
        try {
            Await.until(
                    "node-2's DNS answers drop the dead node-1 (node timeout 10 s, TTL 60 s)",
                    Duration.ofSeconds(30),
                    () -> cluster.dnsAnswersExactly(2, 2));
        } finally {
            KillUnderLoad.Outcome outcome = running.await();
            rssUnderLoad = outcome.rssUnderLoad();
            survivor = outcome.of(2);
            firstLoad = outcome.okIds();
            String failover = cluster.node(2).loggedAt(outcome.logLinesAtKill()[1], ClusterNode.BACKUP_ACTIVE);
            harness.figure(
                    "node-2's backup broker active (node-1's journal) at %s",
                    failover.isEmpty() ? "(not logged)" : failover);
        }
    }

    @Test
    @Order(6)
    void theSurvivingNodeAnsweredEverySubmissionOk() {
        assertTrue(
                survivor.allOk(),
                "node-2 refused or failed submissions: " + survivor.fields() + " (report " + survivor.report() + ")");
        harness.figure(
                "the surviving node-2 answered all %d submissions Ok",
                survivor.okIds().size());
    }

    @Test
    @Order(7)
    void everyMmAnsweredOkIsDeliveredAfterTheKill() {
        awaitDelivered(
                "every MM answered Ok is delivered (" + firstLoad.size() + " answered Ok by both nodes)",
                firstLoad,
                Duration.ofSeconds(90));
    }

    @Test
    @Order(8)
    void duplicatesAfterTheKillWithinTheWindow() {
        Deliveries delivered = Deliveries.of(sims);
        firstDuplicates = delivered.duplicates(firstLoad);
        harness.figure(
                "delivered: %d MMs, %d distinct; duplicates among those answered Ok: %d",
                delivered.received().size(), delivered.distinct(), firstDuplicates);
        assertTrue(
                firstDuplicates <= KILL.maxDuplicates(),
                firstDuplicates + " MMs delivered twice after the kill (more than " + KILL.maxDuplicates() + ")");
    }

    @Test
    @Order(9)
    void node1RestartsAndRejoins() {
        int lines2 = cluster.node(2).logLines();
        // After a crash the node takes its queued MMs back from its replica first (failback); until its broker
        // is active it has no JMS connection factory, so cluster-restart.sh boots it without the router.
        harness.figure("node-1 back in %s", Await.seconds(cluster.restart(1, "--skip-stop")));
        Await.until(
                "node-2's backup broker stands by for node-1's journal again",
                Duration.ofSeconds(60),
                () -> cluster.node(2).backupStandingBy(lines2));
        Await.until(
                "node-2's DNS answers carry node-1 again",
                Duration.ofSeconds(30),
                () -> cluster.dnsAnswersExactly(2, 1, 2));
    }

    @Test
    @Order(10)
    void afterTheRejoinEverythingIsAnsweredOkDeliveredOnceAndNothingAgain() {
        Load r1 = cluster.load(1, "r1", KILL.rate(), 10, KILL.size());
        Load r2 = cluster.load(2, "r2", KILL.rate(), 10, KILL.size());
        Load.Result result1 = r1.await(Duration.ofSeconds(70));
        Load.Result result2 = r2.await(Duration.ofSeconds(70));
        harness.figure("after the restart, node-1: %s", result1.fields());
        harness.figure("after the restart, node-2: %s", result2.fields());
        // The answer window across nodes: an MM queued on the other node is answered with the MMSC's own
        // m-send-conf only if it comes back through the outcomes topic within the window.
        for (int i = 1; i <= 2; i++) {
            harness.figure(
                    "node-%d answers since its start (mmsc = the MMSC's own m-send-conf relayed, router = window closed): %s",
                    i,
                    admin(i).get("/metrics")
                            .lines()
                            .filter(l -> l.startsWith("mmsrouter_mm1_answers_total"))
                            .map(l -> l.replaceAll("mmsrouter_mm1_answers_total\\{answer=\"([a-z]*)\"} ", "$1="))
                            .collect(Collectors.joining(" ")));
        }
        assertTrue(
                result1.allOk() && result2.allOk(),
                "submissions failed after the rejoin (reports " + result1.report() + ", " + result2.report() + ")");
        Set<String> second = Deliveries.okIds(List.of(result1, result2));
        awaitDelivered("every MM of the second load is delivered", second, Duration.ofSeconds(60));
        Await.pause(Duration.ofSeconds(5)); // anything the rejoined node's journal would redeliver comes now
        Deliveries delivered = Deliveries.of(sims);
        long firstAfter = delivered.duplicates(firstLoad);
        long secondDuplicates = delivered.duplicates(second);
        assertTrue(
                firstAfter == firstDuplicates && secondDuplicates == 0,
                "after the rejoin: first load's duplicates " + firstDuplicates + " -> " + firstAfter
                        + ", second load's " + secondDuplicates);
        harness.figure(
                "the rejoin delivered nothing again (first load's duplicates still %d, second load's %d)",
                firstAfter, secondDuplicates);
    }

    @Test
    @Order(11)
    void rollingRestartOfNode1WhileNode2TakesTheLoad() throws Exception {
        restartCleanly(1, 2);
    }

    @Test
    @Order(12)
    void rollingRestartOfNode2WhileNode1TakesTheLoad() throws Exception {
        restartCleanly(2, 1);
    }

    @Test
    @Order(13)
    void everyMmAnsweredOkDuringTheRollingRestartIsDeliveredWithinTheWindow() {
        harness.figure("RSS: under load %s; now %s", rssUnderLoad, cluster.rss());
        harness.figure("total %s", Await.seconds(Duration.ofNanos(System.nanoTime() - startedAt)));
        Assumptions.assumeTrue(ROLLING, "rolling restart skipped (-Dcluster.rolling=false)");
        awaitDelivered("every MM answered Ok during the rolling restart is delivered", rolling, Duration.ofSeconds(90));
        Await.pause(Duration.ofSeconds(5)); // anything redelivered comes now
        long duplicates = Deliveries.of(sims).duplicates(rolling);
        harness.figure("duplicates during the rolling restart: %d (at most %d)", duplicates, KILL.maxDuplicates());
        assertTrue(duplicates <= KILL.maxDuplicates(), duplicates + " MMs delivered twice during the rolling restart");
    }

    /**
     * Node {@code n}, holding queued MMs (the MMSCs refuse until it is down), restarted with cluster-restart.sh
     * while the load goes to node {@code other}: its update step (run while node {@code n} is down) waits
     * until this test has seen node {@code other}'s DNS answers leave node {@code n} out and made the MMSCs
     * healthy again.
     */
    private void restartCleanly(int n, int other) throws Exception {
        Assumptions.assumeTrue(ROLLING, "rolling restart skipped (-Dcluster.rolling=false)");
        sims.mode("refuse");
        Load roll = cluster.load(other, "roll" + n, KILL.rate(), 45, KILL.size());
        Load pre = cluster.load(n, "pre" + n, KILL.rate(), 3, KILL.size());
        Await.pause(Duration.ofSeconds(4));
        harness.figure(
                "node-%d holds %s queued MMs; restarting it with cluster-restart.sh",
                n, cluster.node(n).queued());
        Path down = harness.work().resolve("node" + n + "-down");
        Path release = harness.work().resolve("node" + n + "-release");
        String update = "touch '" + down + "'; for i in $(seq 600); do [ -e '" + release
                + "' ] && exit 0; sleep 0.2; done; exit 1";
        CompletableFuture<Duration> restart =
                CompletableFuture.supplyAsync(() -> cluster.restart(n, "--update", update));
        Set<String> seen;
        try {
            Await.until(
                    "cluster-restart.sh took node-" + n + " down",
                    Duration.ofMinutes(3),
                    () -> Files.exists(down) || restart.isDone());
            assertTrue(Files.exists(down), "cluster-restart.sh ended before its update step");
            // Up to ~16 s for node n to leave the answers (node.timeout-ms, 10 s).
            try {
                Await.until(
                        "node-" + other + "'s DNS answers leave node-" + n + " out",
                        Duration.ofSeconds(30),
                        () -> !cluster.node(other)
                                .dnsAnswers()
                                .contains(cluster.node(n).address()));
            } catch (AssertionError e) {
                // Reported below, after the node is back.
            }
            seen = cluster.node(other).dnsAnswers();
            sims.mode("healthy");
        } finally {
            touch(release);
        }
        restart.get();
        assertFalse(
                seen.contains(cluster.node(n).address()),
                "node-" + other + "'s DNS answers still carried node-" + n + " while it was down: " + seen);
        harness.figure("node-%d's DNS answers left node-%d out while it was down (%s)", other, n, seen);
        Await.until(
                "node-" + other + "'s DNS answers carry node-" + n + " again",
                Duration.ofSeconds(30),
                () -> cluster.dnsAnswersExactly(other, 1, 2));
        Load.Result rolled = roll.await(Duration.ofSeconds(120));
        Load.Result before = pre.await(Duration.ofSeconds(60));
        rolling.addAll(rolled.okIds());
        rolling.addAll(before.okIds());
        assertTrue(
                rolled.allOk(),
                "node-" + other + " refused submissions while node-" + n + " restarted: " + rolled.fields());
        harness.figure(
                "node-%d answered all %d submissions Ok while node-%d restarted",
                other, rolled.okIds().size(), n);
    }

    private void awaitDelivered(String what, Set<String> ok, Duration within) {
        try {
            Await.until(what, within, () -> Deliveries.of(sims).missing(ok).isEmpty());
        } catch (AssertionError e) {
            Set<String> missing = Deliveries.of(sims).missing(ok);
            String queued = cluster.queued();
            // Still a failure either way; the wait only tells a late delivery from a lost MM.
            long closed = System.nanoTime();
            String fate;
            try {
                Await.until(
                        "the missing MMs delivered late",
                        Duration.ofSeconds(120),
                        () -> Deliveries.of(sims).missing(missing).isEmpty());
                fate = "all delivered late, " + Await.seconds(Duration.ofNanos(System.nanoTime() - closed))
                        + " after the window closed";
            } catch (AssertionError stillMissing) {
                fate = Deliveries.of(sims).missing(missing).size() + " still not delivered 120 s after the window";
            }
            throw new AssertionError(
                    e.getMessage() + ": " + missing.size() + " MMs answered Ok were not delivered, e.g. "
                            + missing.stream().limit(3).toList() + " (queued when the window closed: " + queued
                            + "; " + fate + ")",
                    e);
        }
    }

    private AdminApi admin(int i) {
        return cluster.node(i).router().admin();
    }

    private long learned(int i) {
        Matcher learned = Pattern.compile("\"byLearned\":([0-9]+)").matcher(admin(i).get("/status"));
        assertTrue(learned.find(), "node-" + i + "'s status has no byLearned");
        return Long.parseLong(learned.group(1));
    }

    private static int httpGet(URI uri) {
        try {
            return HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(uri)
                                    .timeout(Duration.ofSeconds(10))
                                    .build(),
                            HttpResponse.BodyHandlers.discarding())
                    .statusCode();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void touch(Path file) {
        try {
            Files.writeString(file, "");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
