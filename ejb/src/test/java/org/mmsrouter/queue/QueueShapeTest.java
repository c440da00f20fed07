package org.mmsrouter.queue;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class QueueShapeTest {

    @Test
    void bucketsAreQshapes() {
        assertEquals(0, QueueShape.bucket(Duration.ZERO));
        assertEquals(0, QueueShape.bucket(Duration.ofSeconds(59)));
        assertEquals(1, QueueShape.bucket(Duration.ofMinutes(1)));
        assertEquals(2, QueueShape.bucket(Duration.ofMinutes(5)));
        assertEquals(3, QueueShape.bucket(Duration.ofMinutes(19)));
        assertEquals(4, QueueShape.bucket(Duration.ofMinutes(20)));
        assertEquals(5, QueueShape.bucket(Duration.ofMinutes(79)));
        assertEquals(6, QueueShape.bucket(Duration.ofMinutes(159)));
        assertEquals(7, QueueShape.bucket(Duration.ofMinutes(160)));
        assertEquals(7, QueueShape.bucket(Duration.ofDays(3)));
        assertEquals(QueueShape.BUCKETS.size(), QueueShape.BOUNDS.size() + 1);
    }

    @Test
    void countsPerMmscAndBucketWithKnownAges() {
        List<QueuedMmView> mms = List.of(
                QueueSelectionTest.mm("mmsc-a", "+1", List.of(), Duration.ofSeconds(10), QueueState.READY),
                QueueSelectionTest.mm("mmsc-a", "+2", List.of(), Duration.ofMinutes(3), QueueState.WAITING),
                QueueSelectionTest.mm("mmsc-a", "+3", List.of(), Duration.ofMinutes(4), QueueState.WAITING),
                QueueSelectionTest.mm("mmsc-b", "+4", List.of(), Duration.ofHours(5), QueueState.HELD),
                QueueSelectionTest.mm(null, "+5", List.of(), Duration.ofMinutes(30), QueueState.READY));
        QueueShape shape = QueueShape.of(mms, QueueSelectionTest.NOW);
        assertEquals(5, shape.total());
        assertEquals(
                List.of("(none)", "mmsc-a", "mmsc-b"),
                shape.rows().stream().map(QueueShape.Row::mmsc).toList());
        assertArrayEquals(
                new long[] {0, 0, 0, 0, 1, 0, 0, 0}, shape.rows().get(0).counts());
        assertArrayEquals(
                new long[] {1, 2, 0, 0, 0, 0, 0, 0}, shape.rows().get(1).counts());
        assertArrayEquals(
                new long[] {0, 0, 0, 0, 0, 0, 0, 1}, shape.rows().get(2).counts());
        assertEquals(3, shape.rows().get(1).total());
    }
}
