package org.mmsrouter.queue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * One walk of a node's queues, kept oldest first, from which the NOC's reads are answered: a page is
 * the first matches of one pass, the shape and the per-MMSC figures one pass each. A walk of a deep
 * backlog costs seconds of CPU (the broker reads every paged message back), so reads share walks
 * ({@link #use}), and an action patches the snapshot with what it did ({@link #after}) rather than
 * waiting for the next walk to show it.
 */
final class QueueSnapshot {

    /** Oldest first: by arrival, then by router id (a stable order for paging). */
    static final Comparator<QueuedMmView> OLDEST_FIRST =
            Comparator.comparing(QueuedMmView::arrival).thenComparing(v -> String.valueOf(v.routerMessageId()));

    /** A walk of this long or less is made while the read waits; a longer one is made behind it. */
    static final Duration WAITED_WALK_LIMIT = Duration.ofMillis(250);
    /** A snapshot older than this is never answered from: the read waits for a walk, however long. */
    static final Duration MAX_STALENESS = Duration.ofMinutes(2);
    /** A walk serves reads for this many times as long as it took (and at least the read's floor). */
    static final int REUSE_FACTOR = 10;

    /** What a read does with the snapshot it finds. */
    enum Use {
        /** Answers from it: it is fresh enough. */
        ANSWER,
        /** Walks first and answers from the new one: there is none, it is too old, or a walk is cheap. */
        WALK_FIRST,
        /** Answers from it at once and has a walk made behind the answer: a walk would take too long. */
        ANSWER_AND_WALK
    }

    /** One page of a selection: how many it selects in all, and the page's MMs, oldest first. */
    record Slice(long total, List<QueuedMmView> items) {}

    private final Instant takenAt;
    private final Duration walk;
    private final List<QueuedMmView> oldestFirst;

    private QueueSnapshot(Instant takenAt, Duration walk, List<QueuedMmView> oldestFirst) {
        this.takenAt = takenAt;
        this.walk = walk;
        this.oldestFirst = oldestFirst;
    }

    /** The snapshot of a walk that ended at {@code takenAt}, took {@code walk} and found {@code mms}. */
    static QueueSnapshot of(Instant takenAt, Duration walk, Collection<QueuedMmView> mms) {
        List<QueuedMmView> sorted = new ArrayList<>(mms);
        sorted.sort(OLDEST_FIRST);
        return new QueueSnapshot(takenAt, walk, List.copyOf(sorted));
    }

    Instant takenAt() {
        return takenAt;
    }

    Duration walk() {
        return walk;
    }

    /** Every MM the walk found, oldest first. */
    List<QueuedMmView> mms() {
        return oldestFirst;
    }

    /**
     * How long a walk that took {@code walk} serves reads: at least {@code floor}, and {@link
     * #REUSE_FACTOR} times the walk, so that walking takes at most a tenth of one core however many
     * consoles and scrapers read.
     */
    static Duration reuseFor(Duration floor, Duration walk) {
        Duration scaled = walk.multipliedBy(REUSE_FACTOR);
        return scaled.compareTo(floor) > 0 ? scaled : floor;
    }

    /** What a read at {@code now} that accepts a snapshot {@code floor} old does with {@code current}. */
    static Use use(QueueSnapshot current, Instant now, Duration floor) {
        if (current == null) {
            return Use.WALK_FIRST;
        }
        Duration age = Duration.between(current.takenAt, now);
        if (age.compareTo(reuseFor(floor, current.walk)) < 0) {
            return Use.ANSWER;
        }
        if (current.walk.compareTo(WAITED_WALK_LIMIT) <= 0 || age.compareTo(MAX_STALENESS) > 0) {
            return Use.WALK_FIRST;
        }
        return Use.ANSWER_AND_WALK;
    }

    /** Page {@code page} (from 1) of {@code size} of the MMs {@code selection} names, at {@code now}. */
    Slice page(QueueSelection selection, Instant now, int page, int size) {
        long skip = (long) (page - 1) * size;
        long total = 0;
        List<QueuedMmView> items = new ArrayList<>(Math.min(size, oldestFirst.size()));
        for (QueuedMmView mm : oldestFirst) {
            if (selection.matches(mm, now)) {
                if (total >= skip && items.size() < size) {
                    items.add(mm);
                }
                total++;
            }
        }
        return new Slice(total, List.copyOf(items));
    }

    /** Counts of the MMs {@code selection} names per MMSC and age bucket, at {@code now}. */
    QueueShape shape(QueueSelection selection, Instant now) {
        List<QueuedMmView> selected = new ArrayList<>();
        for (QueuedMmView mm : oldestFirst) {
            if (selection.matches(mm, now)) {
                selected.add(mm);
            }
        }
        return QueueShape.of(selected, now);
    }

    /**
     * Per MMSC ({@link QueueSelection#NO_MMSC} for MMs not tried yet) and state: how many, and the
     * oldest's age in seconds at {@code now}.
     */
    Map<String, Map<QueueState, long[]>> perMmsc(Instant now) {
        Map<String, Map<QueueState, long[]>> result = new TreeMap<>();
        for (QueuedMmView mm : oldestFirst) {
            String mmsc = mm.mmsc() == null ? QueueSelection.NO_MMSC : mm.mmsc();
            long[] countAndOldest =
                    result.computeIfAbsent(mmsc, k -> new TreeMap<>()).computeIfAbsent(mm.state(), k -> new long[2]);
            countAndOldest[0]++;
            countAndOldest[1] = Math.max(countAndOldest[1], mm.age(now).toSeconds());
        }
        return result;
    }

    /**
     * This snapshot as an action left it: the MMs it moved shown where they are now ({@code moved},
     * by router id), those it deleted gone, those it brought in (replayed dead letters) added. Taken
     * at the same time: what others did since is for the next walk to show.
     */
    QueueSnapshot after(Map<String, QueuedMmView> moved, Set<String> removed, Collection<QueuedMmView> added) {
        List<QueuedMmView> mms = new ArrayList<>(oldestFirst.size() + added.size());
        for (QueuedMmView mm : oldestFirst) {
            String id = mm.routerMessageId();
            if (id == null) {
                mms.add(mm); // no action selects a message without the router's id
            } else if (!removed.contains(id)) {
                mms.add(moved.getOrDefault(id, mm));
            }
        }
        mms.addAll(added);
        return of(takenAt, walk, mms);
    }
}
