package org.mmsrouter.forward;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class AttemptCountTest {

    @Test
    void aFreshMmCountsItsDeliveriesAsAttempts() {
        assertEquals(1, AttemptCount.FIRST.attempt(1));
        assertEquals(3, AttemptCount.FIRST.attempt(3), "two failed attempts rolled back, this is the third");
        assertEquals(2, AttemptCount.FIRST.attemptsBefore(3));
    }

    @Test
    void waitingForARouteCostsNoAttemptHoweverLongTheOutage() {
        // Two failed attempts, then the third delivery finds every MMSC down: a copy is re-queued.
        AttemptCount count = AttemptCount.FIRST.afterWait(3);
        assertEquals(new AttemptCount(2, 1), count);
        // An outage of many hours: each copy's first delivery finds no route again.
        for (int i = 0; i < 1_000; i++) {
            count = count.afterWait(1);
        }
        assertEquals(2, count.earlierAttempts(), "a thousand waits, still two attempts");
        assertEquals(1_001, count.waits());
        assertEquals(3, count.attempt(1), "the first delivery after the outage is the third attempt");
    }

    @Test
    void theWaitDelayDoublesUpToAMinute() {
        assertEquals(Duration.ofSeconds(1), new AttemptCount(0, 0).waitDelay());
        assertEquals(Duration.ofSeconds(2), new AttemptCount(0, 1).waitDelay());
        assertEquals(Duration.ofSeconds(32), new AttemptCount(0, 5).waitDelay());
        assertEquals(Duration.ofSeconds(60), new AttemptCount(0, 6).waitDelay());
        assertEquals(Duration.ofSeconds(60), new AttemptCount(0, 5_000).waitDelay());
    }

    @Test
    void aMissingDeliveryCountCountsAsTheFirstDelivery() {
        assertEquals(1, AttemptCount.FIRST.attempt(0));
        assertThrows(IllegalArgumentException.class, () -> new AttemptCount(-1, 0));
    }

    @Test
    void aFailedAttemptIsCountedByTheCopyAndItsRetryBacksOffAsTheQueueWould() {
        // The second delivery of a fresh MM fails: its copy carries two attempts and waits 2 s.
        AttemptCount copy = AttemptCount.FIRST.afterFailure(2);
        assertEquals(new AttemptCount(2, 0), copy);
        assertEquals(Duration.ofSeconds(2), copy.retryDelay());
        assertEquals(3, copy.attempt(1), "the copy's first delivery is the third attempt");
        assertEquals(Duration.ofSeconds(1), AttemptCount.FIRST.afterFailure(1).retryDelay());
        assertEquals(Duration.ofSeconds(32), new AttemptCount(6, 0).retryDelay());
        assertEquals(Duration.ofSeconds(60), new AttemptCount(7, 0).retryDelay());
        assertEquals(Duration.ofSeconds(60), new AttemptCount(40, 3).retryDelay());
        assertEquals(3, new AttemptCount(2, 5).afterFailure(1).earlierAttempts());
        assertEquals(5, new AttemptCount(2, 5).afterFailure(1).waits(), "waits are not attempts");
    }
}
