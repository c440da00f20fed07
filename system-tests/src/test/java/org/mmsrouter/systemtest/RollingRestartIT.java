package org.mmsrouter.systemtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
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
import org.mmsrouter.systemtest.harness.Load;
import org.mmsrouter.systemtest.harness.Postgres;
import org.mmsrouter.systemtest.harness.Simulators;
import org.mmsrouter.systemtest.harness.SystemHarness;
import org.mmsrouter.systemtest.harness.SystemTest;

/**
 * Rolling restarts of a three-node cluster with ordinary stops under load (issue 19), as an operator runs
 * them: every node in turn through the operators' cluster-restart.sh (suspend, {@code :shutdown}, start,
 * failback, deploy), never kill -9, while every node takes a load.
 * <ol>
 * <li>The three-node cluster (cluster-node.sh on PostgreSQL) closes its ring of backup brokers (node1 &lt;- node2
 * &lt;- node3 &lt;- node1: each stands by for its neighbour's journal), every node's DNS answers carry all three,
 * and a drain on node-1 is in force on node-3 (the shared registry).</li>
 * <li>{@code rolling.rounds} rolling restarts ({@code -Drolling.rounds}, 1 in CI, 20 for the soak figure):
 * each of the {@code 3 × rounds} node restarts completes without a person; the two other nodes answer every
 * submission Ok meanwhile; after each, every journal has exactly one active broker (the node's own
 * {@code default}; its neighbour's {@code backup} stands by); every MM answered Ok is delivered, duplicates
 * counted and printed (goal 0, bound {@code rolling.max-duplicates}).</li>
 * <li>kill -9 of a node holding a backlog (the MMSCs refuse until the kill): every MM it answered Ok is
 * delivered within 15 s of the kill — the journal's lease (6 s) passes to the neighbour's backup broker,
 * which hands the MMs to its node's forwarders.</li>
 * </ol>
 * Ports: offsets 1000/1100/1200 (as {@link ClusterKillIT}), simulators 19080-19082.
 */
@SystemTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(OrderAnnotation.class)
class RollingRestartIT {

    @RegisterExtension
    static final SystemHarness harness = new SystemHarness();

    private static final int ROUNDS = Integer.getInteger("rolling.rounds", 1);
    private static final int RATE = Integer.getInteger("rolling.rate", 10);
    private static final int SIZE = Integer.getInteger("rolling.size", 10_000);
    private static final int MAX_DUPLICATES = Integer.getInteger("rolling.max-duplicates", 64);
    private static final Duration KILL_DELIVERY_LIMIT = Duration.ofSeconds(15);

    private Cluster cluster;
    private Simulators sims;
    private final Set<String> answeredOk = new TreeSet<>();

    @BeforeAll
    void clusterOfThree() {
        cluster = Cluster.create(harness, Postgres.fromEnvironment(), 1000, 1100, 1200);
        sims = cluster.startSimulators();
        cluster.prepare(Postgres.fromEnvironment().jdbcUrl(false));
        cluster.startInTurn(Duration.ofSeconds(180));
        Await.until(
                "every backup broker stands by for its neighbour's journal",
                Duration.ofSeconds(90),
                () -> cluster.nodes().stream().allMatch(n -> n.backupStandingBy(1)));
        assertOneActiveBrokerPerJournal("at the start");
    }

    @Test
    @Order(1)
    void everyNodesDnsAnswersCarryAllThree() {
        for (int i = 1; i <= 3; i++) {
            int at = i;
            Await.until(
                    "node-" + at + "'s DNS answers carry all three nodes",
                    Duration.ofSeconds(30),
                    () -> cluster.dnsAnswersExactly(at, 1, 2, 3));
        }
    }

    @Test
    @Order(2)
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
    @Order(3)
    void rollingRestartsWithOrdinaryStopsUnderLoad() throws Exception {
        int restarts = 0;
        for (int round = 1; round <= ROUNDS; round++) {
            for (int n = 1; n <= 3; n++) {
                restarts++;
                restartUnderLoad(round, n);
                assertOneActiveBrokerPerJournal("after restart " + restarts + " (round " + round + ", node-" + n + ")");
            }
        }
        harness.figure(
                "%d of %d node restarts (%d rolling restarts of 3 nodes) completed without a person",
                restarts, 3 * ROUNDS, ROUNDS);
    }

    @Test
    @Order(4)
    void everyMmAnsweredOkDuringTheRestartsIsDeliveredAndDuplicatesAreCounted() {
        Await.until(
                "every MM answered Ok during the restarts is delivered (" + answeredOk.size() + ")",
                Duration.ofSeconds(120),
                () -> Deliveries.of(sims).missing(answeredOk).isEmpty());
        Await.pause(Duration.ofSeconds(5)); // anything redelivered comes now
        Deliveries delivered = Deliveries.of(sims);
        long duplicates = delivered.duplicates(answeredOk);
        harness.figure(
                "answered Ok %d, lost 0, delivered twice %d (goal 0, at most %d); RSS now %s",
                answeredOk.size(), duplicates, MAX_DUPLICATES, cluster.rss());
        assertTrue(duplicates <= MAX_DUPLICATES, duplicates + " MMs delivered twice");
    }

    @Test
    @Order(5)
    void aKilledNodesBacklogIsDeliveredWithin15Seconds() {
        sims.clearReceived();
        sims.mode("refuse");
        Load backlog = cluster.load(2, "backlog", 30, 6, SIZE);
        Load.Result result = backlog.await(Duration.ofSeconds(60));
        Set<String> queued = result.okIds();
        assertTrue(result.allOk() && !queued.isEmpty(), "node-2 did not take the backlog: " + result.fields());
        harness.figure("node-2 holds a backlog: %d MMs answered Ok, queued %s", queued.size(), cluster.queued());
        int lines3 = cluster.node(3).logLines();
        long killedAt = System.nanoTime();
        cluster.node(2).router().kill();
        sims.mode("healthy");
        Duration delivered = Await.until(
                "every MM node-2 answered Ok is delivered after its kill",
                Duration.ofSeconds(60),
                () -> Deliveries.of(sims).missing(queued).isEmpty());
        harness.figure(
                "kill -9 of node-2 with %d queued MMs: node-3's backup broker active at %s; all delivered %s after the"
                        + " kill (limit %s)",
                queued.size(),
                cluster.node(3).loggedAt(lines3, ClusterNode.BACKUP_ACTIVE),
                Await.seconds(Duration.ofNanos(System.nanoTime() - killedAt)),
                Await.seconds(KILL_DELIVERY_LIMIT));
        assertTrue(
                delivered.compareTo(KILL_DELIVERY_LIMIT) <= 0,
                "node-2's backlog took " + Await.seconds(delivered) + " to be delivered after the kill");
    }

    /**
     * Restarts node {@code n} with cluster-restart.sh while every node takes {@link #RATE} MM/s; the others
     * must answer every submission Ok. What the node itself answered Ok before its stop counts too.
     */
    private void restartUnderLoad(int round, int n) throws Exception {
        String run = "r" + round + "n" + n;
        List<Load> loads = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            loads.add(cluster.load(i, run + "-" + i, RATE, 75, SIZE));
        }
        Await.pause(Duration.ofSeconds(3));
        String queuedBefore = cluster.queued();
        long started = System.nanoTime();
        CompletableFuture<Duration> restart = CompletableFuture.supplyAsync(() -> cluster.restart(n));
        Duration took = restart.get();
        List<Load.Result> results = new ArrayList<>();
        for (Load load : loads) {
            results.add(load.await(Duration.ofSeconds(150)));
        }
        results.forEach(r -> answeredOk.addAll(r.okIds()));
        // Said as it happens: a soak of 20 rounds runs for over an hour.
        harness.figure(
                "restart %s: node-%d back in %s (queued before: %s); loads %s",
                run,
                n,
                Await.seconds(took),
                queuedBefore,
                results.stream()
                        .map(r -> "ok=" + r.okIds().size() + "/" + r.fields().get("requests"))
                        .collect(Collectors.joining(", ")));
        for (int i = 1; i <= 3; i++) {
            if (i != n) {
                Load.Result other = results.get(i - 1);
                assertTrue(
                        other.allOk(),
                        "node-" + i + " refused or failed submissions while node-" + n + " restarted (" + run + ", "
                                + Await.seconds(Duration.ofNanos(System.nanoTime() - started)) + "): "
                                + other.fields());
            }
        }
    }

    /** Every journal (node i's) has exactly one active broker: node i's {@code default}, not node i+1's {@code backup}. */
    private void assertOneActiveBrokerPerJournal(String when) {
        List<String> wrong = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            ClusterNode owner = cluster.node(i);
            ClusterNode standby = cluster.node(i == 3 ? 1 : i + 1);
            boolean own = owner.brokerActive("default");
            boolean backup = standby.brokerActive("backup");
            if (own == backup) {
                wrong.add("node" + i + "'s journal: node-" + i + " default active=" + own + ", node-" + standby.index()
                        + " backup active=" + backup);
            }
        }
        assertEquals(List.of(), wrong, "not exactly one active broker per journal " + when);
    }
}
