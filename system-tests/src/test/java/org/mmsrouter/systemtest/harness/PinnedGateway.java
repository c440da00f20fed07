package org.mmsrouter.systemtest.harness;

import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * A WAP gateway that cached one MM1 address and keeps sending there, whatever happens behind it: a
 * {@link Load} (open loop, 2 KB MMs, 20 workers, 5 s timeout) and an {@link MmProbe} (the clock that
 * says when submissions failed) against {@code http://<address>:8080/mms}.
 */
public final class PinnedGateway implements AutoCloseable {

    private final SystemHarness harness;
    private final String runId;
    private final String address;
    private final Load load;
    private final MmProbe probe;

    private PinnedGateway(SystemHarness harness, String runId, String address, Load load, MmProbe probe) {
        this.harness = harness;
        this.runId = runId;
        this.address = address;
        this.load = load;
        this.probe = probe;
    }

    /** Starts {@code rate} MM/s for {@code seconds} and the probe, both at {@code address}. */
    public static PinnedGateway start(SystemHarness harness, String address, String runId, int rate, int seconds) {
        Load load = harness.track(Load.start(
                NamespacedCluster.mm1(address),
                runId,
                harness.work(),
                "--rate",
                Integer.toString(rate),
                "--concurrency",
                "20",
                "--warmup",
                "0s",
                "--duration",
                seconds + "s",
                "--size",
                "2048",
                "--timeout",
                "5s"));
        harness.log("load " + runId, load.result().report());
        MmProbe probe = harness.track(MmProbe.start(NamespacedCluster.mm1(address), runId));
        return new PinnedGateway(harness, runId, address, load, probe);
    }

    /** Waits until the probe has been answered Ok {@code count} times (the address serves). */
    public void awaitAnsweredOk(int count, Duration within) {
        Await.until(
                "the probe is answered Ok " + count + " times on " + address,
                within,
                () -> probe.okIds().size() >= count);
    }

    public MmProbe probe() {
        return probe;
    }

    /**
     * Waits (at most {@code within}) until the probe is answered Ok again after the failures that began at or
     * after {@code since} (nanoTime), or, when none failed, until one sent {@code grace} after it is answered
     * Ok; returns how long submissions failed (zero: none did).
     */
    public Duration awaitRecovered(long since, Duration grace, Duration within) {
        Await.until(
                "the probe is answered Ok again on " + address,
                within,
                () -> probe.failures(since)
                        .map(w -> w.length().isPresent())
                        .orElse(probe.okSince(since + grace.toNanos())));
        return outage(since);
    }

    /** How long submissions failed from the first failure at or after {@code since} (nanoTime); zero if none. */
    public Duration outage(long since) {
        return probe.failures(since).flatMap(MmProbe.Window::length).orElse(Duration.ZERO);
    }

    /** The outage after {@code since} in words, with the figure "submissions failed for X s". */
    public String describe(long since) {
        return probe.failures(since)
                .map(w -> String.format(
                        Locale.ROOT,
                        "submissions failed for %s (%d failed, the first %s after: %s); %d probes answered Ok",
                        w.length().map(Await::seconds).orElse("(still failing)"),
                        w.failed(),
                        Await.seconds(Duration.ofNanos(w.startNanos())),
                        w.detail(),
                        probe.okIds().size()))
                .orElse("submissions failed for 0.0 s (none failed); "
                        + probe.okIds().size() + " probes answered Ok");
    }

    /**
     * Stops the probe, waits for the load's end (at most {@code within}), prints its result; returns every
     * Transaction-ID answered Ok (load and probe).
     */
    public Set<String> finish(Duration within) {
        probe.close();
        Set<String> ok = new TreeSet<>(probe.okIds());
        Load.Result result = load.await(within);
        ok.addAll(result.okIds());
        harness.figure("%s: load pinned to %s: %s", runId, address, result.fields());
        return ok;
    }

    @Override
    public void close() {
        probe.close();
        load.close();
    }
}
