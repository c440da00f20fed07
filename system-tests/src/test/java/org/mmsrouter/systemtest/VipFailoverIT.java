package org.mmsrouter.systemtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer.OrderAnnotation;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.mmsrouter.systemtest.harness.Await;
import org.mmsrouter.systemtest.harness.Deliveries;
import org.mmsrouter.systemtest.harness.NamespacedCluster;
import org.mmsrouter.systemtest.harness.PinnedGateway;
import org.mmsrouter.systemtest.harness.Postgres;
import org.mmsrouter.systemtest.harness.SystemHarness;
import org.mmsrouter.systemtest.harness.SystemTest;

/**
 * A gateway pinned to a dead node's address keeps working within seconds (issue 19, "Addresses that
 * move"; docs/vip.md): three router nodes, each a host of its own (network namespaces on a bridge), each
 * owning a virtual address that keepalived moves with the configuration cluster-keepalived.sh writes.
 * <ol>
 * <li>Each node holds its own VIP, and DNS answers give out the VIPs.</li>
 * <li>A load and a probe (one MM per 100 ms) pinned to node-1's VIP; node-1 is killed (kill -9 of its
 * WildFly; the host and its keepalived live on, as when the JVM crashes): the VIP moves to node-2 (its
 * preferred survivor), which answers on it. The figure "submissions failed for X s" is the time from the
 * first failed submission to the first one answered Ok again on that address; at most 3 s. Every MM
 * answered Ok reaches an MMSC; the survivors' DNS answers drop node-1's VIP.</li>
 * <li>The same for node-2 stopped the ordinary way (SIGTERM, as {@code systemctl stop}): its VIP and
 * node-1's move to node-3.</li>
 * </ol>
 */
@SystemTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(OrderAnnotation.class)
class VipFailoverIT {

    @RegisterExtension
    static final SystemHarness harness = new SystemHarness();

    /** The longest a gateway pinned to the dead node's address may see its submissions fail. */
    private static final Duration MAX_OUTAGE = Duration.ofSeconds(3);

    private NamespacedCluster cluster;

    @BeforeAll
    void threeNodesEachBehindItsVip() {
        cluster = NamespacedCluster.create(harness, Postgres.fromEnvironment(), 3);
        cluster.prepare();
        cluster.startAll();
    }

    @Test
    @Order(1)
    void eachNodeHoldsItsOwnVip() {
        // Up to preempt_delay (30 s) more when another node's keepalived timed out first and took a VIP.
        Duration took = Await.until(
                "each node holds its own VIP " + cluster.vips(), Duration.ofSeconds(90), cluster::eachOwnsItsVip);
        harness.figure("each node holds its own VIP %s after keepalived started", Await.seconds(took));
    }

    @Test
    @Order(2)
    void dnsAnswersGiveOutTheVips() {
        Set<String> vips = new TreeSet<>(cluster.vips());
        for (int i = 1; i <= cluster.size(); i++) {
            int at = i;
            Await.until(
                    "node-" + at + "'s DNS answers are the VIPs " + vips,
                    Duration.ofSeconds(30),
                    () -> cluster.dnsAnswers(at).equals(vips));
        }
        harness.figure("DNS answers: %s", cluster.dnsAnswers(2));
    }

    @Test
    @Order(3)
    void node1KilledWhileAGatewayIsPinnedToItsVip() {
        Set<String> ok = pinnedTo(1, 2, "kill", () -> cluster.router(1).kill());
        awaitDelivered(ok);
        awaitDnsAnswers(2, Set.of(NamespacedCluster.vip(2), NamespacedCluster.vip(3)));
    }

    @Test
    @Order(4)
    void node2StoppedTheOrdinaryWayWhileAGatewayIsPinnedToItsVip() {
        Set<String> ok = pinnedTo(2, 3, "stop", () -> cluster.router(2).stop(Duration.ofSeconds(60)));
        assertEquals(3, cluster.holder(NamespacedCluster.vip(1)), "node-1's VIP is not on the last survivor");
        awaitDelivered(ok);
        awaitDnsAnswers(3, Set.of(NamespacedCluster.vip(3)));
    }

    /**
     * A gateway pinned to node {@code owner}'s VIP (20 MM/s for 40 s and a probe); once it is answered Ok,
     * {@code end} ends the node: its VIP must move to node {@code survivor}, which answers on it, with
     * submissions failing for at most {@link #MAX_OUTAGE}. Returns the Transaction-IDs answered Ok.
     */
    private Set<String> pinnedTo(int owner, int survivor, String runId, Runnable end) {
        String vip = NamespacedCluster.vip(owner);
        PinnedGateway gateway = PinnedGateway.start(harness, vip, runId, 20, 40);
        Set<String> answeredOk;
        Duration outage;
        try {
            gateway.awaitAnsweredOk(30, Duration.ofSeconds(30));
            Await.pause(Duration.ofSeconds(2));
            long endedAt = System.nanoTime();
            end.run();
            Duration ended = Duration.ofNanos(System.nanoTime() - endedAt);
            Duration moved = Await.until(
                    vip + " moves to node-" + survivor, Duration.ofSeconds(60), () -> cluster.holder(vip) == survivor);
            outage = gateway.awaitRecovered(endedAt, MAX_OUTAGE, Duration.ofSeconds(30));
            harness.figure(
                    "%s: node-%d ended in %s; %s held by node-%d %s after; %s",
                    runId, owner, Await.seconds(ended), vip, survivor, Await.seconds(moved), gateway.describe(endedAt));
        } finally {
            answeredOk = gateway.finish(Duration.ofSeconds(90));
        }
        assertTrue(
                outage.compareTo(MAX_OUTAGE) <= 0,
                "submissions to " + vip + " failed for " + Await.seconds(outage) + " (more than "
                        + Await.seconds(MAX_OUTAGE) + ")");
        return answeredOk;
    }

    /**
     * Every one of {@code answeredOk} reaches an MMSC within 60 s (a killed node's queue comes back through its
     * neighbour's backup broker).
     */
    private void awaitDelivered(Set<String> answeredOk) {
        assertTrue(answeredOk.size() > 100, "only " + answeredOk.size() + " MMs answered Ok");
        Duration took = cluster.awaitDelivered(answeredOk, Duration.ofSeconds(60));
        harness.figure(
                "all %d MMs answered Ok delivered %s after the load; %d delivered twice",
                answeredOk.size(),
                Await.seconds(took),
                Deliveries.of(cluster.simulators()).duplicates(answeredOk));
    }

    /** Node {@code at}'s DNS answers become {@code vips} (a dead node drops out within its heartbeat timeout). */
    private void awaitDnsAnswers(int at, Set<String> vips) {
        Await.until(
                "node-" + at + "'s DNS answers are " + vips,
                Duration.ofSeconds(30),
                () -> cluster.dnsAnswers(at).equals(vips));
        harness.figure("node-%d's DNS answers: %s", at, cluster.dnsAnswers(at));
    }
}
