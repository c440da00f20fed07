package org.mmsrouter.systemtest;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer.OrderAnnotation;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.mmsrouter.systemtest.harness.Await;
import org.mmsrouter.systemtest.harness.NamespacedCluster;
import org.mmsrouter.systemtest.harness.PinnedGateway;
import org.mmsrouter.systemtest.harness.Postgres;
import org.mmsrouter.systemtest.harness.SystemHarness;
import org.mmsrouter.systemtest.harness.SystemTest;

/**
 * A partition heals without a person (issue 19): three router nodes, each a host of its own (network
 * namespaces on a bridge, keepalived moving the VIPs), gateways pinned to node-1's and node-2's VIPs;
 * node-1's link is cut (down inside its namespace, as a pulled cable) for 30 s, then restored.
 * <ul>
 * <li>node-1's VIP moves to node-2 while node-1 is cut off (figure: how long submissions to it failed).</li>
 * <li>No journal is active twice: node-1's own broker ({@code server=default}) and the broker on
 * node-2 that stands in for it ({@code server=backup}) are never both active, during the cut or after.</li>
 * <li>The cluster converges without a restart within {@value #CONVERGE_SECONDS} s of the heal: every
 * router ready again, every JGroups view back to 3 members, every node holding its own VIP.</li>
 * <li>Every MM answered Ok reaches an MMSC.</li>
 * </ul>
 * While cut, node-1's own broker cannot reach the database that holds its journal, so it cannot write
 * it; it must stop itself (lease lost) before the link is back, and after the heal no journal may have
 * two active brokers. Node-1's router then reloads WildFly by itself (automatic broker recovery) once
 * the database answers, and its broker takes its journal back. (This test was kept out of CI for a while: it
 * failed whenever the views healed through a merge, because the harness counted a merge view's members
 * from the last subgroup it lists; {@link org.mmsrouter.systemtest.harness.JGroupsView}.)
 */
@SystemTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(OrderAnnotation.class)
class PartitionIT {

    @RegisterExtension
    static final SystemHarness harness = new SystemHarness();

    private static final Duration CUT = Duration.ofSeconds(30);
    private static final int CONVERGE_SECONDS = 120;

    private NamespacedCluster cluster;
    private final Set<String> answeredOk = new TreeSet<>();
    private final List<String> splitBrain = new ArrayList<>();
    private long cutAt;
    private long cutBrokerStopped = -1;
    private long standInActive = -1;

    @BeforeAll
    void threeNodesEachBehindItsVip() {
        cluster = NamespacedCluster.create(harness, Postgres.fromEnvironment(), 3);
        cluster.prepare();
        cluster.startAll();
        Await.until("each node holds its own VIP " + cluster.vips(), Duration.ofSeconds(90), cluster::eachOwnsItsVip);
        // How views split and merge, in each node's server.log, for a failure to be understood.
        for (int i = 1; i <= 3; i++) {
            for (String category : List.of("org.jgroups.protocols.MERGE3", "org.jgroups.protocols.pbcast.GMS")) {
                cluster.cli(i, "/subsystem=logging/logger=" + category + ":add(level=DEBUG)");
            }
        }
    }

    @Test
    @Order(1)
    void node1CutOffFor30sThenHealed() {
        PinnedGateway toNode1 = PinnedGateway.start(harness, NamespacedCluster.vip(1), "cut1", 10, 90);
        PinnedGateway toNode2 = PinnedGateway.start(harness, NamespacedCluster.vip(2), "cut2", 10, 90);
        try {
            toNode1.awaitAnsweredOk(20, Duration.ofSeconds(30));
            toNode2.awaitAnsweredOk(20, Duration.ofSeconds(30));
            cutAt = System.nanoTime();
            cluster.lab().cut(1);
            harness.figure("node-1 cut off");
            long until = cutAt + CUT.toNanos();
            while (System.nanoTime() < until) {
                watchTheCutBroker();
            }
            cluster.lab().heal(1);
            long healedAt = System.nanoTime();
            harness.figure("node-1's link restored; while cut: %s", toNode1.describe(cutAt));
            Duration converged;
            try {
                converged = Await.until(
                        "the cluster converges: every router ready, every view of 3 members, each node on its own VIP",
                        Duration.ofSeconds(CONVERGE_SECONDS),
                        () -> {
                            checkOneActiveBrokerPerJournal("after the heal");
                            return IntStream.rangeClosed(1, 3)
                                            .allMatch(i -> cluster.readiness(i) == 200 && cluster.viewMembers(i) == 3)
                                    && cluster.eachOwnsItsVip();
                        });
            } catch (AssertionError e) {
                // Slow or stuck? Keep looking for a while, for the failure to say which.
                String then = state();
                long more = System.nanoTime();
                String later;
                try {
                    Duration after = Await.until(
                            "convergence after the limit",
                            Duration.ofSeconds(180),
                            () -> IntStream.rangeClosed(1, 3).allMatch(i -> cluster.viewMembers(i) == 3));
                    later = "views of 3 members "
                            + Await.seconds(Duration.ofNanos(more - healedAt).plus(after)) + " after the heal";
                } catch (AssertionError still) {
                    later = "views still split 300 s after the heal: " + state();
                }
                throw new AssertionError(e.getMessage() + "; then: " + then + "; later: " + later, e);
            }
            harness.figure("converged %s after the heal", Await.seconds(converged));
            Await.until(
                    "the gateway pinned to node-1's VIP is answered Ok after the heal",
                    Duration.ofSeconds(30),
                    () -> toNode1.probe().okSince(healedAt + converged.toNanos()));
        } finally {
            answeredOk.addAll(toNode1.finish(Duration.ofSeconds(120)));
            answeredOk.addAll(toNode2.finish(Duration.ofSeconds(120)));
        }
    }

    @Test
    @Order(2)
    void noJournalWasActiveTwice() {
        checkOneActiveBrokerPerJournal("at the end");
        harness.figure(
                "node-1's own broker stopped itself %s after the cut; node-2's backup active at %s",
                cutBrokerStopped < 0 ? "never" : Await.seconds(Duration.ofNanos(cutBrokerStopped - cutAt)),
                standInActive < 0
                        ? "never"
                        : Await.seconds(Duration.ofNanos(standInActive - cutAt)) + " after the cut");
        assertTrue(
                cutBrokerStopped > 0,
                "node-1's broker, cut off from the database, did not stop itself before the heal: it could write"
                        + " node-1's journal beside node-2's backup once the link was back");
        assertTrue(splitBrain.isEmpty(), "a journal was active twice: " + splitBrain);
    }

    @Test
    @Order(3)
    void everyMmAnsweredOkIsDelivered() {
        assertTrue(answeredOk.size() > 100, "only " + answeredOk.size() + " MMs answered Ok");
        harness.figure(
                "all %d MMs answered Ok delivered %s after the loads",
                answeredOk.size(), Await.seconds(cluster.awaitDelivered(answeredOk, Duration.ofSeconds(60))));
    }

    /**
     * While node-1 is cut off, its own broker cannot reach the database that holds its journal, so it
     * cannot write it: what matters is that it stops itself (its lease lost) before the link is back.
     * Notes when that happens, and when node-2's backup takes the journal.
     */
    private void watchTheCutBroker() {
        if (cutBrokerStopped < 0 && !"true".equals(cluster.brokerActive(1, "default"))) {
            cutBrokerStopped = System.nanoTime();
        }
        if (standInActive < 0 && "true".equals(cluster.brokerActive(2, "backup"))) {
            standInActive = System.nanoTime();
        }
    }

    /**
     * Node-1's journal is active at most once: its own broker on node-1 and its stand-in on node-2 (whose
     * backup broker holds node-1's journal) are not both active. Read in each node's namespace, so node-1
     * answers while cut off.
     */
    private void checkOneActiveBrokerPerJournal(String when) {
        String own = cluster.brokerActive(1, "default");
        String standIn = cluster.brokerActive(2, "backup");
        if ("true".equals(own) && "true".equals(standIn)) {
            String seen = when + ": node-1 default and node-2 backup both active";
            if (splitBrain.stream().noneMatch(s -> s.startsWith(seen))) {
                splitBrain.add(seen + " (first seen " + Await.seconds(Duration.ofNanos(System.nanoTime() - cutAt))
                        + " after the cut)");
                harness.figure("SPLIT BRAIN %s", splitBrain.get(splitBrain.size() - 1));
            }
        }
    }

    /** Each node's readiness, view size and addresses, for a failure message. */
    private String state() {
        return IntStream.rangeClosed(1, 3)
                .mapToObj(i -> "node-" + i + " ready " + cluster.readiness(i) + ", view " + cluster.view(i)
                        + ", default active " + cluster.brokerActive(i, "default") + ", backup active "
                        + cluster.brokerActive(i, "backup") + ", addresses "
                        + cluster.lab().addresses(i))
                .collect(Collectors.joining("; "));
    }
}
