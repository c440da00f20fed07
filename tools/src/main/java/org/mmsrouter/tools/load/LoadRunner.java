package org.mmsrouter.tools.load;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.mmsrouter.pdu.PduFormatException;
import org.mmsrouter.pdu.ResponseStatus;
import org.mmsrouter.pdu.SendConf;

/**
 * Runs one load: a fixed pool of {@code concurrency} platform threads, each POSTing one
 * m-send-req at a time through an {@link MmPoster} (HTTP/1.1, connections kept alive), either
 * closed loop (the next MM as soon as the answer arrives) or paced by a {@link RatePacer}. Each
 * worker records, for the MMs sent after the warm-up, the time from the send until the complete
 * m-send-conf arrived into its own HdrHistogram (µs, 3 significant digits); the histograms are
 * merged at the end, and so are the latencies by outcome ({@link OutcomeLatencies}). Bounded: no MM is sent after the duration, and the run returns at the latest
 * a timeout (plus a second) after it, abandoning what is still in flight (counted unfinished).
 */
public final class LoadRunner {

    private static final long GRACE_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final LoadConfig config;
    private final MmFactory mms;
    private final MmPoster poster;
    private final AtomicLong sequence = new AtomicLong();
    private final AtomicLong tickets = new AtomicLong();
    private final AtomicLong measuredIssued = new AtomicLong();
    private final AtomicBoolean stop = new AtomicBoolean();
    private final Queue<String> okTransactionIds = new ConcurrentLinkedQueue<>();

    public LoadRunner(LoadConfig config) {
        this.config = config;
        this.mms = new MmFactory(config.size(), config.runId().hashCode());
        this.poster = new MmPoster(config.concurrency(), config.timeout(), config.source());
    }

    /** Size of the m-send-reqs this run sends (they differ only in the Transaction-ID's digits). */
    public int pduSize() {
        return mms.build(transactionId(1)).length;
    }

    /**
     * Transaction-IDs of every MM answered with an m-send-conf Ok so far, warm-up included (the
     * MMs the server took responsibility for: what a delivery check compares with).
     */
    public List<String> okTransactionIds() {
        return List.copyOf(okTransactionIds);
    }

    String transactionId(long n) {
        return "load-" + config.runId() + "-" + n;
    }

    /** Runs the load once; the runner's connections are closed when it returns. */
    public LoadResult run() throws InterruptedException {
        int pduSize = pduSize();
        long start = System.nanoTime();
        long measureStart = start + config.warmup().toNanos();
        long end = measureStart + config.duration().toNanos();
        RatePacer pacer = config.closedLoop() ? null : new RatePacer(config.rate(), start);

        AtomicInteger threadNumber = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(config.concurrency(), r -> {
            Thread thread = new Thread(r, "load-worker-" + threadNumber.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        List<WorkerStats> workers = new ArrayList<>();
        for (int i = 0; i < config.concurrency(); i++) {
            WorkerStats stats = new WorkerStats();
            workers.add(stats);
            pool.execute(() -> work(stats, pacer, measureStart, end));
        }
        pool.shutdown();
        long hardStop = end + config.timeout().toNanos() + GRACE_NANOS;
        long measuredEnd;
        try {
            if (!pool.awaitTermination(Math.max(0, hardStop - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                stop.set(true);
                pool.shutdownNow();
                // A worker blocked in a socket read ignores the interrupt; closing its connection frees it.
                poster.close();
                pool.awaitTermination(1, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            stop.set(true);
            pool.shutdownNow();
            throw e;
        } finally {
            measuredEnd = System.nanoTime();
            poster.close();
        }
        LoadResult.Builder total = new LoadResult.Builder();
        workers.forEach(stats -> stats.addTo(total));
        return total.build(config, pduSize, Duration.ofNanos(Math.max(0, measuredEnd - measureStart)), sequence.get());
    }

    private void work(WorkerStats stats, RatePacer pacer, long measureStart, long end) {
        try {
            while (!stop.get()) {
                long due;
                if (pacer == null) {
                    due = System.nanoTime();
                } else {
                    due = pacer.dueAt(tickets.getAndIncrement());
                    if (due >= end) {
                        return;
                    }
                    RatePacer.sleepUntil(due);
                }
                long now = System.nanoTime();
                if (now >= end || stop.get()) {
                    return;
                }
                boolean measured = due >= measureStart;
                if (measured && config.count() > 0 && measuredIssued.incrementAndGet() > config.count()) {
                    stop.set(true);
                    return;
                }
                String transactionId = transactionId(sequence.incrementAndGet());
                byte[] pdu = mms.build(transactionId);
                if (measured) {
                    stats.sent();
                    if (pacer != null) {
                        stats.lag(now - due);
                    }
                }
                send(transactionId, pdu, measured ? stats : null);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** POSTs one MM and records its outcome in {@code stats} (null: warm-up, not recorded). */
    private void send(String transactionId, byte[] pdu, WorkerStats stats) throws InterruptedException {
        long sentAt = System.nanoTime();
        MmPoster.Reply reply = poster.post(config.url(), pdu);
        long latency = System.nanoTime() - sentAt;
        if (!(reply instanceof MmPoster.Answer answer)) {
            if (stats != null && reply instanceof MmPoster.TimedOut timedOut) {
                stats.timeout(timedOut.detail());
            } else if (stats != null && reply instanceof MmPoster.Failed failed) {
                stats.ioError(failed.detail());
            }
            return;
        }
        if (answer.code() == 200 && isOk(answer.body())) {
            okTransactionIds.add(transactionId);
        }
        if (stats == null) {
            return;
        }
        if (answer.code() != 200) {
            stats.httpError(answer.code(), snippet(answer.body()), latency, answer.retryAfter());
            return;
        }
        try {
            SendConf conf = SendConf.decode(answer.body());
            stats.answered(latency, conf.responseStatus());
            if (config.messageIds() != null && conf.responseStatus() == ResponseStatus.OK) {
                stats.messageId(conf.messageId() != null
                        && config.messageIds().matcher(conf.messageId()).matches());
            }
        } catch (PduFormatException | RuntimeException e) {
            stats.badAnswer(e.getMessage());
        }
    }

    private static boolean isOk(byte[] body) {
        try {
            return SendConf.decode(body).responseStatus() == ResponseStatus.OK;
        } catch (PduFormatException | RuntimeException e) {
            return false;
        }
    }

    private static String snippet(byte[] body) {
        String text = new String(body, 0, Math.min(body.length, 120), StandardCharsets.ISO_8859_1).strip();
        return text.replaceAll("[^\\x20-\\x7E]", "?");
    }
}
