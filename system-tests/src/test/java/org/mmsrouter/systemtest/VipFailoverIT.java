package org.mmsrouter.systemtest;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Optional;
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
import org.mmsrouter.systemtest.harness.Load;
import org.mmsrouter.systemtest.harness.MmProbe;
import org.mmsrouter.systemtest.harness.NamespacedCluster;
import org.mmsrouter.systemtest.harness.Postgres;
import org.mmsrouter.systemtest.harness.SystemHarness;
import org.mmsrouter.systemtest.harness.SystemTest;

/**
 * A gateway pinned to a dead node's address keeps working within seconds (issue 19, "Addresses that
 * move"; docs/vip.md): two router nodes, each a host of its own (network namespaces on a bridge), each
 * owning a virtual address that keepalived moves with the configuration cluster-keepalived.sh writes.
 * <ol>
 * <li>Each node holds its own VIP, and DNS answers give out the VIPs.</li>
 * <li>A load and a probe (one MM per 100 ms) pinned to node-1's VIP; node-1 is killed (kill -9 of its
 * WildFly; the host and its keepalived live on, as when the JVM crashes): the VIP moves to node-2,
 * which answers on it. The figure "submissions failed for X s" is the time from the first failed
 * submission to the first one answered Ok again on that address; at most 3 s.</li>
 * <li>Every MM answered Ok (load and probe, before and after the kill) reaches an MMSC.</li>
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
    private final Set<String> answeredOk = new TreeSet<>();

    @BeforeAll
    void twoNodesEachBehindItsVip() {
        cluster = NamespacedCluster.create(harness, Postgres.fromEnvironment(), 2);
        cluster.prepare();
        for (int i = 1; i <= 2; i++) {
            System.out.println(
                    "     node" + i + " deployed (" + Await.seconds(cluster.start(i, Duration.ofSeconds(180))) + ")");
        }
        Await.until(
                "both backup brokers synchronized with the other node's primary",
                Duration.ofSeconds(90),
                () -> cluster.backupSynchronized(1, 1) && cluster.backupSynchronized(2, 1));
        cluster.startKeepalived(1);
        cluster.startKeepalived(2);
    }

    @Test
    @Order(1)
    void eachNodeHoldsItsOwnVip() {
        Duration took = Await.until(
                "node-1 holds " + NamespacedCluster.vip(1) + " and node-2 " + NamespacedCluster.vip(2),
                Duration.ofSeconds(60),
                cluster::eachOwnsItsVip);
        harness.figure("each node holds its own VIP %s after keepalived started", Await.seconds(took));
    }

    @Test
    @Order(2)
    void dnsAnswersGiveOutTheVips() {
        Set<String> vips = new TreeSet<>(cluster.vips());
        for (int i = 1; i <= 2; i++) {
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
    void killNode1WhileAGatewayIsPinnedToItsVip() {
        String vip = NamespacedCluster.vip(1);
        Load load = harness.track(Load.start(
                NamespacedCluster.mm1(vip),
                "vip",
                harness.work(),
                "--rate",
                "20",
                "--concurrency",
                "20",
                "--warmup",
                "0s",
                "--duration",
                "40s",
                "--size",
                "2048",
                "--timeout",
                "5s"));
        harness.log("load vip", load.result().report());
        try (MmProbe probe = MmProbe.start(NamespacedCluster.mm1(vip), "kill")) {
            Await.until(
                    "the probe is answered Ok on " + vip + " (node-1)",
                    Duration.ofSeconds(30),
                    () -> probe.okIds().size() >= 30);
            Await.pause(Duration.ofSeconds(2));
            long killedAt = System.nanoTime();
            cluster.router(1).kill();
            Duration moved =
                    Await.until(vip + " moves to node-2", Duration.ofSeconds(30), () -> cluster.holder(vip) == 2);
            Await.until(
                    "node-2 answers the probe Ok on " + vip,
                    Duration.ofSeconds(30),
                    () -> probe.failures(killedAt)
                            .map(w -> w.length().isPresent())
                            .orElse(probe.okSince(killedAt + MAX_OUTAGE.toNanos())));
            Await.pause(Duration.ofSeconds(2));
            probe.close();
            answeredOk.addAll(probe.okIds());
            Optional<MmProbe.Window> window = probe.failures(killedAt);
            harness.figure("%s held by node-2 %s after the kill", vip, Await.seconds(moved));
            Duration outage = window.flatMap(MmProbe.Window::length).orElse(Duration.ZERO);
            harness.figure(
                    "submissions failed for %s (%d failed, the first %s after the kill: %s); %d probes answered Ok",
                    Await.seconds(outage),
                    window.map(MmProbe.Window::failed).orElse(0L),
                    window.map(w -> Await.seconds(Duration.ofNanos(w.startNanos())))
                            .orElse("-"),
                    window.map(MmProbe.Window::detail).orElse("-"),
                    probe.okIds().size());
            assertTrue(
                    outage.compareTo(MAX_OUTAGE) <= 0,
                    "submissions to " + vip + " failed for " + Await.seconds(outage) + " (more than "
                            + Await.seconds(MAX_OUTAGE) + ")");
        } finally {
            Load.Result result = load.await(Duration.ofSeconds(90));
            answeredOk.addAll(result.okIds());
            harness.figure("load pinned to %s: %s", vip, result.fields());
        }
    }

    @Test
    @Order(4)
    void everyMmAnsweredOkIsDelivered() {
        assertTrue(answeredOk.size() > 100, "only " + answeredOk.size() + " MMs answered Ok");
        try {
            Duration took = Await.until(
                    "every MM answered Ok (" + answeredOk.size() + ") is delivered",
                    Duration.ofSeconds(60),
                    () -> Deliveries.of(cluster.simulators())
                            .missing(answeredOk)
                            .isEmpty());
            harness.figure(
                    "all %d MMs answered Ok delivered %s after the load", answeredOk.size(), Await.seconds(took));
        } catch (AssertionError e) {
            Set<String> missing = Deliveries.of(cluster.simulators()).missing(answeredOk);
            throw new AssertionError(
                    e.getMessage() + ": " + missing.size() + " not delivered, e.g. "
                            + missing.stream().limit(3).toList(),
                    e);
        }
        harness.figure(
                "duplicates among them: %d", Deliveries.of(cluster.simulators()).duplicates(answeredOk));
    }

    @Test
    @Order(5)
    void theSurvivorsDnsAnswersStillGiveOutItsVip() {
        Set<String> answers = cluster.dnsAnswers(2);
        harness.figure("node-2's DNS answers after the kill: %s", answers);
        assertTrue(answers.contains(NamespacedCluster.vip(2)), "node-2's DNS answers lack its VIP: " + answers);
    }
}
