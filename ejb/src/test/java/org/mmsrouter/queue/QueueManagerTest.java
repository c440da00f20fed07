package org.mmsrouter.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class QueueManagerTest {

    @Test
    void theOldestFirstAreThoseAFullSortGives() {
        List<QueuedMmView> mms = new ArrayList<>();
        Random random = new Random(7);
        for (int i = 0; i < 1_000; i++) {
            // Ties in age on purpose: the router id breaks them.
            mms.add(QueueSelectionTest.mm(
                    null, "+" + i, List.of(), Duration.ofSeconds(random.nextInt(300)), QueueState.READY));
        }
        Collections.shuffle(mms, random);
        List<QueuedMmView> sorted = new ArrayList<>(mms);
        sorted.sort(QueueManager.OLDEST_FIRST);
        for (long first : new long[] {1, 50, 100, 499, 500, 999, 1_000, 5_000}) {
            List<QueuedMmView> oldest = QueueManager.oldestFirst(mms, first);
            assertEquals(sorted.subList(0, (int) Math.min(first, sorted.size())), oldest, "first " + first);
        }
    }

    @Test
    void aWalkServesReadsTenTimesAsLongAsItTookAndAtLeastTheFloor() {
        assertEquals(Duration.ofSeconds(1), QueueManager.reuseFor(Duration.ofSeconds(1), Duration.ofMillis(20)));
        assertEquals(Duration.ofMillis(11_500), QueueManager.reuseFor(Duration.ofSeconds(1), Duration.ofMillis(1_150)));
        assertEquals(Duration.ofSeconds(10), QueueManager.reuseFor(Duration.ofSeconds(10), Duration.ofMillis(500)));
    }
}
