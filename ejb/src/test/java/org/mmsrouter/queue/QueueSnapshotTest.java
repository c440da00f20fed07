package org.mmsrouter.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.mmsrouter.queue.QueueSelectionTest.NOW;
import static org.mmsrouter.queue.QueueSelectionTest.mm;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class QueueSnapshotTest {

    private static List<QueuedMmView> shuffled(int count) {
        List<QueuedMmView> mms = new ArrayList<>();
        Random random = new Random(7);
        for (int i = 0; i < count; i++) {
            // Ties in age on purpose: the router id breaks them.
            mms.add(mm(
                    i % 3 == 0 ? "mmsc-a" : null,
                    "+" + i,
                    List.of(),
                    Duration.ofSeconds(random.nextInt(300)),
                    i % 5 == 0 ? QueueState.HELD : QueueState.READY));
        }
        Collections.shuffle(mms, random);
        return mms;
    }

    @Test
    void pagesAreThoseOfAFullSortOfTheSelectedAndCountThemAll() {
        List<QueuedMmView> mms = shuffled(1_000);
        QueueSnapshot snapshot = QueueSnapshot.of(NOW, Duration.ofMillis(5), mms);
        QueueSelection held = QueueSelection.parse(Map.of("state", "held"));
        for (QueueSelection selection : List.of(QueueSelection.ALL, held)) {
            List<QueuedMmView> expected = mms.stream()
                    .filter(mm -> selection.matches(mm, NOW))
                    .sorted(QueueSnapshot.OLDEST_FIRST)
                    .toList();
            for (int size : new int[] {1, 50, 500}) {
                for (int page = 1; (long) (page - 1) * size <= expected.size() + size; page++) {
                    QueueSnapshot.Slice slice = snapshot.page(selection, NOW, page, size);
                    int from = Math.min((page - 1) * size, expected.size());
                    assertEquals(expected.size(), slice.total());
                    assertEquals(
                            expected.subList(from, Math.min(from + size, expected.size())),
                            slice.items(),
                            selection.canonical() + " page " + page + " of " + size);
                }
            }
        }
        assertEquals(200, snapshot.page(held, NOW, 1, 50).total());
    }

    @Test
    void theShapeAndThePerMmscFiguresCountEveryMmOnce() {
        QueueSnapshot snapshot = QueueSnapshot.of(NOW, Duration.ofMillis(5), shuffled(1_000));
        QueueShape shape = snapshot.shape(QueueSelection.ALL, NOW);
        assertEquals(1_000, shape.total());
        assertEquals(
                List.of(QueueSelection.NO_MMSC, "mmsc-a"),
                shape.rows().stream().map(QueueShape.Row::mmsc).toList());
        assertEquals(334, shape.rows().get(1).total(), "mmsc-a: every third");
        var perMmsc = snapshot.perMmsc(NOW);
        long counted = perMmsc.values().stream()
                .flatMap(states -> states.values().stream())
                .mapToLong(countAndOldest -> countAndOldest[0])
                .sum();
        assertEquals(1_000, counted);
        assertEquals(Set.of("mmsc-a", QueueSelection.NO_MMSC), perMmsc.keySet());
        long oldest = perMmsc.get("mmsc-a").values().stream()
                .mapToLong(countAndOldest -> countAndOldest[1])
                .max()
                .orElseThrow();
        assertEquals(
                snapshot.mms().stream()
                        .filter(mm -> "mmsc-a".equals(mm.mmsc()))
                        .mapToLong(mm -> mm.age(NOW).toSeconds())
                        .max()
                        .orElseThrow(),
                oldest);
    }

    @Test
    void aWalkServesReadsTenTimesAsLongAsItTookAndAtLeastTheFloor() {
        Duration second = Duration.ofSeconds(1);
        assertEquals(second, QueueSnapshot.reuseFor(second, Duration.ofMillis(20)));
        assertEquals(Duration.ofMillis(11_500), QueueSnapshot.reuseFor(second, Duration.ofMillis(1_150)));
        assertEquals(Duration.ofSeconds(10), QueueSnapshot.reuseFor(Duration.ofSeconds(10), Duration.ofMillis(500)));
    }

    @Test
    void aReadWaitsForACheapWalkOrAVeryOldSnapshotAndOtherwiseAnswersAtOnce() {
        Duration floor = Duration.ofSeconds(1);
        assertEquals(QueueSnapshot.Use.WALK_FIRST, QueueSnapshot.use(null, NOW, floor), "nothing walked yet");
        QueueSnapshot cheap = QueueSnapshot.of(NOW, Duration.ofMillis(40), List.of());
        assertEquals(QueueSnapshot.Use.ANSWER, QueueSnapshot.use(cheap, NOW.plusMillis(999), floor));
        assertEquals(QueueSnapshot.Use.WALK_FIRST, QueueSnapshot.use(cheap, NOW.plusSeconds(1), floor));
        QueueSnapshot deep = QueueSnapshot.of(NOW, Duration.ofMillis(2_000), List.of());
        assertEquals(QueueSnapshot.Use.ANSWER, QueueSnapshot.use(deep, NOW.plusSeconds(19), floor), "10 × 2 s");
        assertEquals(QueueSnapshot.Use.ANSWER_AND_WALK, QueueSnapshot.use(deep, NOW.plusSeconds(20), floor));
        assertEquals(
                QueueSnapshot.Use.ANSWER_AND_WALK,
                QueueSnapshot.use(deep, NOW.plus(QueueSnapshot.MAX_STALENESS), floor));
        assertEquals(
                QueueSnapshot.Use.WALK_FIRST,
                QueueSnapshot.use(deep, NOW.plus(QueueSnapshot.MAX_STALENESS).plusMillis(1), floor),
                "never answered from a snapshot older than the limit");
        QueueSnapshot limit = QueueSnapshot.of(NOW, QueueSnapshot.WAITED_WALK_LIMIT, List.of());
        assertEquals(QueueSnapshot.Use.WALK_FIRST, QueueSnapshot.use(limit, NOW.plusSeconds(5), floor));
    }

    @Test
    void anActionShowsAtOnceWhatItMovedRemovedAndBroughtIn() {
        QueuedMmView held = mm(null, "+1", List.of(), Duration.ofSeconds(10), QueueState.READY);
        QueuedMmView purged = mm(null, "+2", List.of(), Duration.ofSeconds(20), QueueState.WAITING);
        QueuedMmView untouched = mm(null, "+3", List.of(), Duration.ofSeconds(30), QueueState.READY);
        QueuedMmView anonymous = new QueuedMmView(
                null, null, false, QueueState.READY, null, List.of(), 10, NOW, NOW, 0, null, null, null);
        QueuedMmView replayed = mm(null, "+4", List.of(), Duration.ofSeconds(25), QueueState.DEAD_LETTER);
        QueueSnapshot before = QueueSnapshot.of(NOW, Duration.ofMillis(3), List.of(held, purged, untouched, anonymous));

        QueueSnapshot after = before.after(
                Map.of(held.routerMessageId(), held.in(QueueState.HELD)),
                Set.of(purged.routerMessageId()),
                List.of(replayed.in(QueueState.READY)));

        assertEquals(
                List.of(untouched, replayed.in(QueueState.READY), held.in(QueueState.HELD), anonymous),
                after.mms(),
                "oldest first, the purged one gone");
        assertEquals(before.takenAt(), after.takenAt());
        assertEquals(4, before.mms().size(), "the snapshot before is unchanged");
    }
}
