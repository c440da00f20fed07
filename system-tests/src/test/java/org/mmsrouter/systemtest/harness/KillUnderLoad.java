package org.mmsrouter.systemtest.harness;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The scenario the cluster kill tests share: a load on every node of a {@link Cluster}; both MMSCs refuse
 * from {@code outageBefore} seconds before until {@code outageAfter} seconds after one node is killed
 * (kill -9) {@code killAfter} seconds into the load, so it dies holding queued MMs only its journal's
 * replica has. Sizes from system properties ({@code cluster.rate}, {@code cluster.size},
 * {@code cluster.load-seconds}, {@code cluster.kill-after}, {@code cluster.max-duplicates}).
 *
 * @param rate          MM/s offered to each node (open loop)
 * @param size          bytes per MM
 * @param loadSeconds   how long the load runs
 * @param killAfter     seconds into the load the node is killed
 * @param maxDuplicates the at-least-once window: MMs a dying node had sent but not yet acknowledged
 */
public record KillUnderLoad(int rate, int size, int loadSeconds, int killAfter, int maxDuplicates) {

    private static final int OUTAGE_BEFORE = 5;
    private static final int OUTAGE_AFTER = 3;

    /** The sizes .ci/run used, {@code rate} MM/s per node unless {@code -Dcluster.rate} says otherwise. */
    public static KillUnderLoad fromProperties(int rate) {
        return new KillUnderLoad(
                Integer.getInteger("cluster.rate", rate),
                Integer.getInteger("cluster.size", 10_000),
                Integer.getInteger("cluster.load-seconds", 30),
                Integer.getInteger("cluster.kill-after", 12),
                Integer.getInteger("cluster.max-duplicates", 64));
    }

    /**
     * Runs the loads and kills node {@code victim} as described; returns once the MMSCs are healthy again,
     * the loads still running (checks that need them running come before {@link Running#await}).
     */
    public Running start(SystemHarness harness, Cluster cluster, int victim) {
        List<Load> loads = new ArrayList<>();
        for (ClusterNode node : cluster.nodes()) {
            loads.add(cluster.load(node.index(), "n" + node.index(), rate, loadSeconds, size));
        }
        Await.pause(Duration.ofSeconds(killAfter - OUTAGE_BEFORE));
        cluster.simulators().mode("refuse");
        Await.pause(Duration.ofSeconds(OUTAGE_BEFORE));
        harness.figure("queued at the kill: %s MMs", cluster.queued());
        String rss = cluster.rss();
        harness.figure("RSS under load: %s", rss);
        int[] lines = cluster.nodes().stream().mapToInt(ClusterNode::logLines).toArray();
        cluster.node(victim).router().kill();
        System.out.println("     node-" + victim + " killed with kill -9 (" + killAfter + " s into the load)");
        Await.pause(Duration.ofSeconds(OUTAGE_AFTER));
        cluster.simulators().mode("healthy");
        return new Running(harness, loads, new Outcome(new ArrayList<>(), lines, rss), loadSeconds);
    }

    /** The loads of a kill still running. */
    public static final class Running {
        private final SystemHarness harness;
        private final List<Load> loads;
        private final Outcome outcome;
        private final int loadSeconds;

        private Running(SystemHarness harness, List<Load> loads, Outcome outcome, int loadSeconds) {
            this.harness = harness;
            this.loads = loads;
            this.outcome = outcome;
            this.loadSeconds = loadSeconds;
        }

        /** Waits for every load to end; prints each node's result. */
        public Outcome await() {
            for (Load load : loads) {
                outcome.results().add(load.await(Duration.ofSeconds(loadSeconds + 60L)));
                harness.figure(
                        "load on node-%d: %s",
                        outcome.results().size(),
                        outcome.of(outcome.results().size()).fields());
            }
            return outcome;
        }
    }

    /**
     * What the kill left: each node's load result (index 0 = node 1), each node's server.log length at the
     * kill, and the memory of the nodes under load.
     */
    public record Outcome(List<Load.Result> results, int[] logLinesAtKill, String rssUnderLoad) {

        /** The Transaction-IDs answered Ok by any node. */
        public Set<String> okIds() {
            return Deliveries.okIds(results);
        }

        /** Node {@code i}'s load result. */
        public Load.Result of(int i) {
            return results.get(i - 1);
        }
    }
}
