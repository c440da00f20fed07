package org.mmsrouter.web.mm1;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.mmsrouter.forward.OutcomeBoard;
import org.mmsrouter.forward.OutcomeWaiters;
import org.mmsrouter.mm.QueuedMm;
import org.mmsrouter.pdu.ResponseStatus;
import org.mmsrouter.pdu.SendConf;

/** The ingress's answer to an m-send-req: never before the durable send completed, then as the window decides. */
class SubmissionTest {

    private final OutcomeWaiters waiters = new OutcomeWaiters();
    private final ExecutorService broker = Executors.newFixedThreadPool(4);

    @AfterEach
    void stop() {
        broker.shutdownNow();
    }

    private static QueuedMm mm(String id) {
        Instant now = Instant.now();
        return new QueuedMm(id, "T-" + id, now, now.plusSeconds(60), "10.0.0.1", List.of(), new byte[] {1, 2, 3});
    }

    private static SendConf decode(byte[] answer) throws Exception {
        return SendConf.decode(answer);
    }

    @Test
    void noAnswerUntilTheStoreIsConfirmed() throws Exception {
        CompletableFuture<Void> stored = new CompletableFuture<>();
        Submission submission = new Submission(mm -> stored, waiters, Duration.ZERO, Duration.ofSeconds(20));
        CompletableFuture<byte[]> answer = submission.submit(mm("a"), 0x12).toCompletableFuture();
        // Nothing but the store (or its 20 s timeout) can complete it: no waiting needed to see that.
        assertFalse(answer.isDone(), "answered before the journal held the MM");
        assertEquals(0, waiters.ingressStats().accepted());
        stored.complete(null);
        SendConf conf = decode(answer.get(1, TimeUnit.SECONDS));
        assertEquals(ResponseStatus.OK, conf.responseStatus());
        assertEquals("a", conf.messageId(), "the router's own Message-ID when there is no window");
        assertEquals("T-a", conf.transactionId());
        assertEquals(1, waiters.ingressStats().accepted());
    }

    @Test
    void aRefusedStoreIsATransientFailureAndNothingWaits() throws Exception {
        Submission submission = new Submission(
                mm -> CompletableFuture.failedFuture(new IllegalStateException("journal full")),
                waiters,
                Duration.ofSeconds(2),
                Duration.ofSeconds(20));
        SendConf conf =
                decode(submission.submit(mm("b"), 0x12).toCompletableFuture().get(1, TimeUnit.SECONDS));
        assertEquals(ResponseStatus.ERROR_TRANSIENT_FAILURE, conf.responseStatus());
        assertEquals(0, waiters.waitingCount(), "the outcome registration is dropped");
        assertEquals(0, waiters.ingressStats().accepted());
    }

    @Test
    void aSendThatThrowsIsATransientFailure() throws Exception {
        Submission submission = new Submission(
                mm -> {
                    throw new IllegalStateException("broker closed");
                },
                waiters,
                Duration.ZERO,
                Duration.ofSeconds(20));
        SendConf conf =
                decode(submission.submit(mm("c"), 0x12).toCompletableFuture().get(1, TimeUnit.SECONDS));
        assertEquals(ResponseStatus.ERROR_TRANSIENT_FAILURE, conf.responseStatus());
    }

    @Test
    void aStoreNeverConfirmedIsATransientFailureAfterTheStoreTimeout() throws Exception {
        Submission submission =
                new Submission(mm -> new CompletableFuture<>(), waiters, Duration.ofSeconds(2), Duration.ofMillis(100));
        SendConf conf =
                decode(submission.submit(mm("d"), 0x12).toCompletableFuture().get(2, TimeUnit.SECONDS));
        assertEquals(ResponseStatus.ERROR_TRANSIENT_FAILURE, conf.responseStatus());
        assertEquals(0, waiters.waitingCount());
    }

    @Test
    void theMmscsOwnSendConfIsRelayedWithinTheWindow() throws Exception {
        Submission submission = new Submission(
                mm -> CompletableFuture.completedFuture(null), waiters, Duration.ofSeconds(5), Duration.ofSeconds(20));
        CompletableFuture<byte[]> answer = submission.submit(mm("e"), 0x12).toCompletableFuture();
        assertFalse(answer.isDone(), "waits for the MMSC within the window");
        byte[] mmscConf = new SendConf("T-e", 0x12, ResponseStatus.OK, null, "mmsc-42").encode();
        assertTrue(waiters.deliver("e", new OutcomeBoard.Outcome(true, "sim-a", mmscConf)));
        assertArrayEquals(mmscConf, answer.get(1, TimeUnit.SECONDS));
        assertEquals(1, waiters.ingressStats().answerWindowHits());
        assertEquals(0, waiters.waitingCount());
    }

    @Test
    void aRejectionWithoutSendConfIsAPermanentFailure() throws Exception {
        Submission submission = new Submission(
                mm -> CompletableFuture.completedFuture(null), waiters, Duration.ofSeconds(5), Duration.ofSeconds(20));
        CompletableFuture<byte[]> answer = submission.submit(mm("f"), 0x12).toCompletableFuture();
        waiters.deliver("f", new OutcomeBoard.Outcome(false, "sim-a", null));
        assertEquals(
                ResponseStatus.ERROR_PERMANENT_FAILURE,
                decode(answer.get(1, TimeUnit.SECONDS)).responseStatus());
    }

    @Test
    void theRoutersOkWhenTheWindowCloses() throws Exception {
        Submission submission = new Submission(
                mm -> CompletableFuture.completedFuture(null), waiters, Duration.ofMillis(100), Duration.ofSeconds(20));
        SendConf conf =
                decode(submission.submit(mm("g"), 0x12).toCompletableFuture().get(2, TimeUnit.SECONDS));
        assertEquals(ResponseStatus.OK, conf.responseStatus());
        assertEquals("g", conf.messageId());
        assertEquals(1, waiters.ingressStats().answerWindowMisses());
        assertEquals(0, waiters.waitingCount());
    }

    /**
     * 2,000 submissions whose stores a "broker" confirms on other threads after random delays, in
     * any order, some outcomes arriving before the store is confirmed: every answer comes after its
     * own store's confirmation (counted as the journal syncs the ingress saw before answering).
     */
    @Test
    void underConcurrencyNoAnswerPrecedesItsStore() throws Exception {
        int count = 2_000;
        Map<String, Long> storedAt = new ConcurrentHashMap<>();
        AtomicLong clock = new AtomicLong();
        Submission submission = new Submission(
                mm -> {
                    CompletableFuture<Void> stored = new CompletableFuture<>();
                    broker.execute(() -> {
                        if (ThreadLocalRandom.current().nextInt(4) == 0) {
                            // The forwarding outcome may overtake the store's confirmation (another node, say).
                            waiters.deliver(
                                    mm.routerMessageId(),
                                    new OutcomeBoard.Outcome(
                                            true,
                                            "sim-a",
                                            new SendConf(
                                                            mm.transactionId(),
                                                            0x12,
                                                            ResponseStatus.OK,
                                                            null,
                                                            "m-" + mm.routerMessageId())
                                                    .encode()));
                        }
                        // The journal takes a while (up to 0.2 ms), differently for each MM.
                        LockSupport.parkNanos(ThreadLocalRandom.current().nextInt(200_000));
                        storedAt.put(mm.routerMessageId(), clock.incrementAndGet());
                        stored.complete(null);
                    });
                    return stored;
                },
                waiters,
                Duration.ofMillis(50),
                Duration.ofSeconds(20));
        CountDownLatch answered = new CountDownLatch(count);
        Map<String, Long> answeredAt = new ConcurrentHashMap<>();
        for (int i = 0; i < count; i++) {
            String id = "mm" + i;
            CompletionStage<byte[]> answer = submission.submit(mm(id), 0x12);
            answer.whenComplete((bytes, failure) -> {
                answeredAt.put(id, clock.incrementAndGet());
                answered.countDown();
            });
        }
        assertTrue(answered.await(30, TimeUnit.SECONDS));
        int syncsBeforeAnswers = 0;
        for (int i = 0; i < count; i++) {
            String id = "mm" + i;
            if (storedAt.containsKey(id) && storedAt.get(id) < answeredAt.get(id)) {
                syncsBeforeAnswers++;
            }
        }
        assertEquals(count, syncsBeforeAnswers, "every answer after its own store");
        assertEquals(count, waiters.ingressStats().accepted());
        assertEquals(0, waiters.waitingCount());
    }
}
