package org.mmsrouter.systemtest.harness;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import org.mmsrouter.pdu.PduFormatException;
import org.mmsrouter.pdu.ResponseStatus;
import org.mmsrouter.pdu.SendConf;
import org.mmsrouter.tools.load.MmFactory;
import org.mmsrouter.tools.load.MmPoster;

/**
 * A gateway pinned to one MM1 address, as a clock: one small m-send-req every {@value #PERIOD_MS} ms
 * (one at a time, each with a {@value #TIMEOUT_MS} ms limit, on a thread of the test's JVM), each
 * outcome kept with its time: Ok (an m-send-conf with status Ok) or failed (anything else: refused,
 * timed out, broken, an error status). Gives the window in which submissions failed (the first
 * failure to the first Ok after it) and the Transaction-IDs answered Ok ({@code probe-<runId>-<n>}).
 */
public final class MmProbe implements AutoCloseable {

    private static final long PERIOD_MS = 100;
    private static final long TIMEOUT_MS = 1000;

    /** One submission: when it was sent (nanoTime), whether it was answered Ok, its Transaction-ID. */
    public record Outcome(long sentAt, boolean ok, String transactionId, String detail) {}

    private final URI target;
    private final String runId;
    private final List<Outcome> outcomes = new CopyOnWriteArrayList<>();
    private final Thread thread;
    private volatile boolean running = true;

    private MmProbe(URI target, String runId) {
        this.target = target;
        this.runId = runId;
        this.thread = new Thread(this::run, "mm-probe-" + runId);
        this.thread.setDaemon(true);
    }

    /** Starts probing {@code target}. */
    public static MmProbe start(URI target, String runId) {
        MmProbe probe = new MmProbe(target, runId);
        probe.thread.start();
        return probe;
    }

    private void run() {
        MmFactory factory = new MmFactory(512, runId.hashCode());
        try (MmPoster poster = new MmPoster(1, Duration.ofMillis(TIMEOUT_MS), null)) {
            long next = System.nanoTime();
            for (int n = 1; running; n++) {
                String tid = "probe-" + runId + "-" + n;
                long sent = System.nanoTime();
                MmPoster.Reply reply = poster.post(target, factory.build(tid));
                outcomes.add(new Outcome(sent, isOk(reply), tid, reply.toString()));
                next += PERIOD_MS * 1_000_000;
                long wait = next - System.nanoTime();
                if (wait > 0) {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                } else {
                    next = System.nanoTime();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static boolean isOk(MmPoster.Reply reply) {
        if (!(reply instanceof MmPoster.Answer answer) || answer.code() != 200) {
            return false;
        }
        try {
            return SendConf.decode(answer.body()).responseStatus() == ResponseStatus.OK;
        } catch (PduFormatException e) {
            return false;
        }
    }

    /** Every outcome so far, in the order sent. */
    public List<Outcome> outcomes() {
        return List.copyOf(outcomes);
    }

    /** The Transaction-IDs answered Ok so far. */
    public Set<String> okIds() {
        Set<String> ids = new TreeSet<>();
        outcomes.stream().filter(Outcome::ok).forEach(o -> ids.add(o.transactionId()));
        return ids;
    }

    /** Whether a submission sent at or after {@code since} (nanoTime) was answered Ok. */
    public boolean okSince(long since) {
        return outcomes.stream().anyMatch(o -> o.sentAt() >= since && o.ok());
    }

    /**
     * The first failure sent at or after {@code since} (nanoTime) and the first Ok after it: the window
     * in which a gateway pinned to the address saw its submissions fail (empty: none failed).
     */
    public Optional<Window> failures(long since) {
        List<Outcome> after =
                outcomes().stream().filter(o -> o.sentAt() >= since).toList();
        Optional<Outcome> firstFailure = after.stream().filter(o -> !o.ok()).findFirst();
        if (firstFailure.isEmpty()) {
            return Optional.empty();
        }
        long from = firstFailure.get().sentAt();
        Optional<Outcome> recovered =
                after.stream().filter(o -> o.sentAt() > from && o.ok()).findFirst();
        long failed = after.stream()
                .filter(o -> !o.ok() && o.sentAt() >= from)
                .filter(o -> recovered.isEmpty() || o.sentAt() < recovered.get().sentAt())
                .count();
        return Optional.of(new Window(
                from - since,
                recovered.map(o -> Duration.ofNanos(o.sentAt() - from)),
                failed,
                firstFailure.get().detail()));
    }

    /** Stops probing (the submission in flight ends first). */
    @Override
    public void close() {
        running = false;
        try {
            thread.join(TIMEOUT_MS * 3);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Submissions failed from {@code startNanos} after the reference time until {@code length} later
     * (empty: not yet answered Ok again); {@code failed} submissions in between, the first one's {@code detail}.
     */
    public record Window(long startNanos, Optional<Duration> length, long failed, String detail) {}
}
