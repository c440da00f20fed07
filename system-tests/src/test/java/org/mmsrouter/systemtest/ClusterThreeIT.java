package org.mmsrouter.systemtest;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer.OrderAnnotation;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.mmsrouter.systemtest.harness.Await;
import org.mmsrouter.systemtest.harness.Cluster;
import org.mmsrouter.systemtest.harness.ClusterNode;
import org.mmsrouter.systemtest.harness.Deliveries;
import org.mmsrouter.systemtest.harness.KillUnderLoad;
import org.mmsrouter.systemtest.harness.Load;
import org.mmsrouter.systemtest.harness.Postgres;
import org.mmsrouter.systemtest.harness.Simulators;
import org.mmsrouter.systemtest.harness.SystemHarness;
import org.mmsrouter.systemtest.harness.SystemTest;

/**
 * A three-node router cluster (README "Cluster"): the ring of standby brokers closes over three nodes (node1 &lt;-
 * node2 &lt;- node3 &lt;- node1: node i's backup broker stands by for node i-1's journal) and the middle node dies
 * under load without a loss.
 * <ol>
 * <li>Three nodes made with cluster-node.sh on PostgreSQL: every backup broker standing by for its
 * neighbour's journal, every node's DNS answers carry all three, a drain on node-1 is in force on node-3.</li>
 * <li>Load on all three; both MMSCs refuse from 5 s before until 3 s after node-2 is killed (kill -9), so
 * it dies holding queued MMs in its journal: node-1 and node-3 answer every submission Ok,
 * their DNS answers drop node-2, node-3's backup broker takes over node-2's journal, every MM answered
 * Ok reaches an MMSC, duplicates stay within the at-least-once window.</li>
 * <li>node-2 restarts (failback through cluster-restart.sh), is answered by DNS again, node-3 stands by for
 * it again; a second load on all three is answered Ok and delivered, nothing of the first load again.</li>
 * </ol>
 * Ports: offsets 1000/1100/1200 (HTTP 9080/9180/9280, management 10990/11090/11190), JGroups
 * 21600/21700/21800, DNS 17053/17153/17253, simulators 19080-19082 (as {@link ClusterKillIT}).
 */
@SystemTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(OrderAnnotation.class)
class ClusterThreeIT {

    @RegisterExtension
    static final SystemHarness harness = new SystemHarness();

    /** 25 MM/s of 10 KB MMs to each node for 30 s, node-2 killed 12 s in (see {@link KillUnderLoad}). */
    private static final KillUnderLoad KILL = KillUnderLoad.fromProperties(25);

    private Cluster cluster;
    private Simulators sims;
    private long startedAt;
    private KillUnderLoad.Outcome first;
    private Set<String> firstLoad;
    private long firstDuplicates;

    @BeforeAll
    void clusterOfThree() {
        cluster = Cluster.create(harness, Postgres.fromEnvironment(), 1000, 1100, 1200);
        sims = cluster.startSimulators();
        startedAt = System.nanoTime();
        cluster.prepare(Postgres.fromEnvironment().jdbcUrl(false));
        cluster.startInTurn(Duration.ofSeconds(180));
    }

    @Test
    @Order(1)
    void everyBackupStandsBy() {
        Await.until(
                "every backup broker stands by for its neighbour's journal (node1 <- node2 <- node3 <- node1)",
                Duration.ofSeconds(90),
                () -> cluster.nodes().stream().allMatch(n -> n.backupStandingBy(1)));
    }

    @Test
    @Order(2)
    void everyNodesDnsAnswersCarryAllThree() {
        for (int i = 1; i <= 3; i++) {
            int at = i;
            Await.until(
                    "node-" + at + "'s DNS answers carry all three nodes",
                    Duration.ofSeconds(30),
                    () -> cluster.dnsAnswersExactly(at, 1, 2, 3));
        }
        harness.figure("cluster of three up in %s", Await.seconds(Duration.ofNanos(System.nanoTime() - startedAt)));
    }

    @Test
    @Order(3)
    void aDrainOnNode1IsInForceOnNode3() {
        cluster.node(1).router().admin().send("POST", "/mmscs/sim-b/admin-state?set=draining", null);
        try {
            Await.until(
                    "a drain on node-1 is in force on node-3",
                    Duration.ofSeconds(10),
                    () -> cluster.node(3).adminState("sim-b").equals("draining"));
        } finally {
            cluster.node(3).router().admin().send("POST", "/mmscs/sim-b/admin-state?set=enabled", null);
        }
    }

    @Test
    @Order(4)
    void killTheMiddleNodeUnderLoadAndDnsDropsIt() {
        KillUnderLoad.Running running = KILL.start(harness, cluster, 2);
        try {
            Await.until(
                    "node-1's DNS answers drop the dead node-2",
                    Duration.ofSeconds(30),
                    () -> cluster.dnsAnswersExactly(1, 1, 3));
            Await.until(
                    "node-3's DNS answers drop the dead node-2",
                    Duration.ofSeconds(30),
                    () -> cluster.dnsAnswersExactly(3, 1, 3));
        } finally {
            first = running.await();
            firstLoad = first.okIds();
        }
    }

    @Test
    @Order(5)
    void theSurvivingNodesAnsweredEverySubmissionOk() {
        for (int i : new int[] {1, 3}) {
            Load.Result result = first.of(i);
            assertTrue(result.allOk(), "node-" + i + " refused or failed submissions: " + result.fields());
            harness.figure(
                    "the surviving node-%d answered all %d submissions Ok",
                    i, result.okIds().size());
        }
    }

    @Test
    @Order(6)
    void node3sBackupTookOverNode2sJournal() {
        ClusterNode node3 = cluster.node(3);
        Await.until(
                "node-3's backup broker took over node-2's journal",
                Duration.ofSeconds(30),
                () -> node3.loggedSince(first.logLinesAtKill()[2], ClusterNode.BACKUP_ACTIVE));
        harness.figure(
                "node-3's backup broker active (node-2's journal) at %s",
                node3.loggedAt(first.logLinesAtKill()[2], ClusterNode.BACKUP_ACTIVE));
    }

    @Test
    @Order(7)
    void everyMmAnsweredOkIsDeliveredWithinTheWindow() {
        Await.until(
                "every MM answered Ok is delivered (" + firstLoad.size() + " in all, "
                        + first.of(2).okIds().size() + " by node-2 before it died)",
                Duration.ofSeconds(90),
                () -> Deliveries.of(sims).missing(firstLoad).isEmpty());
        Deliveries delivered = Deliveries.of(sims);
        firstDuplicates = delivered.duplicates(firstLoad);
        harness.figure(
                "delivered: %d MMs, %d distinct; %d answered Ok (%d by node-2 before it died); duplicates %d (at most %d)",
                delivered.received().size(),
                delivered.distinct(),
                firstLoad.size(),
                first.of(2).okIds().size(),
                firstDuplicates,
                KILL.maxDuplicates());
        assertTrue(
                firstDuplicates <= KILL.maxDuplicates(),
                firstDuplicates + " MMs delivered twice after the kill (more than " + KILL.maxDuplicates() + ")");
    }

    @Test
    @Order(8)
    void node2ComesBackAndIsReplicatedAndAnsweredAgain() {
        int lines3 = cluster.node(3).logLines();
        harness.figure("node-2 back in %s", Await.seconds(cluster.restart(2, "--skip-stop")));
        Await.until(
                "node-3's backup broker stands by for node-2's journal again",
                Duration.ofSeconds(60),
                () -> cluster.node(3).backupStandingBy(lines3));
        for (int i : new int[] {1, 3}) {
            Await.until(
                    "node-" + i + "'s DNS answers carry node-2 again",
                    Duration.ofSeconds(30),
                    () -> cluster.dnsAnswersExactly(i, 1, 2, 3));
        }
    }

    @Test
    @Order(9)
    void afterTheRejoinEverythingIsAnsweredOkDeliveredOnceAndNothingAgain() {
        List<Load> loads = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            loads.add(cluster.load(i, "r" + i, KILL.rate(), 10, KILL.size()));
        }
        List<Load.Result> results =
                loads.stream().map(l -> l.await(Duration.ofSeconds(70))).toList();
        assertTrue(
                results.stream().allMatch(Load.Result::allOk),
                "submissions failed after the rejoin: "
                        + results.stream().map(r -> r.fields().toString()).collect(Collectors.joining(" ")));
        Set<String> second = Deliveries.okIds(results);
        Await.until(
                "every MM of the second load is delivered",
                Duration.ofSeconds(60),
                () -> Deliveries.of(sims).missing(second).isEmpty());
        Await.pause(Duration.ofSeconds(5)); // anything the rejoined node's journal would redeliver comes now
        Deliveries delivered = Deliveries.of(sims);
        long firstAfter = delivered.duplicates(firstLoad);
        long secondDuplicates = delivered.duplicates(second);
        harness.figure("RSS: under load %s; at the end %s", first.rssUnderLoad(), cluster.rss());
        harness.figure("total %s", Await.seconds(Duration.ofNanos(System.nanoTime() - startedAt)));
        assertTrue(
                firstAfter == firstDuplicates && secondDuplicates == 0,
                "after the rejoin: first load's duplicates " + firstDuplicates + " -> " + firstAfter
                        + ", second load's " + secondDuplicates);
        harness.figure(
                "the rejoin delivered nothing again (first load's duplicates still %d, second load's %d)",
                firstAfter, secondDuplicates);
    }
}
