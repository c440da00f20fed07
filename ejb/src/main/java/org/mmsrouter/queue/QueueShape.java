package org.mmsrouter.queue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Postfix's {@code qshape} for the router: how many queued MMs per MMSC (of their last attempt, or
 * {@link QueueSelection#NO_MMSC}) fall into each age bucket — 0–1 min, 1–5, 5–10, 10–20, 20–40,
 * 40–80, 80–160 min, older. A growing right-hand side is a backlog that does not drain.
 *
 * @param rows  one per MMSC, by name
 * @param total MMs counted
 */
public record QueueShape(List<Row> rows, long total) {

    /** Upper bounds of the buckets but the last (which is open). */
    static final List<Duration> BOUNDS = List.of(
            Duration.ofMinutes(1),
            Duration.ofMinutes(5),
            Duration.ofMinutes(10),
            Duration.ofMinutes(20),
            Duration.ofMinutes(40),
            Duration.ofMinutes(80),
            Duration.ofMinutes(160));

    /** The buckets' names as the API and the CLI print them. */
    public static final List<String> BUCKETS =
            List.of("0-1m", "1-5m", "5-10m", "10-20m", "20-40m", "40-80m", "80-160m", "160m+");

    /** One MMSC's counts, one per {@link #BUCKETS} entry. */
    public record Row(String mmsc, long[] counts, long total) {
        public Row {
            counts = counts.clone();
        }

        @Override
        public long[] counts() {
            return counts.clone();
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Row row
                    && row.mmsc.equals(mmsc)
                    && Arrays.equals(row.counts, counts)
                    && row.total == total;
        }

        @Override
        public int hashCode() {
            return mmsc.hashCode() * 31 + Arrays.hashCode(counts);
        }

        @Override
        public String toString() {
            return mmsc + Arrays.toString(counts);
        }
    }

    public QueueShape {
        rows = List.copyOf(rows);
    }

    /** The shape of {@code mms} at {@code now}. */
    public static QueueShape of(Collection<QueuedMmView> mms, Instant now) {
        Map<String, long[]> counts = new TreeMap<>();
        for (QueuedMmView mm : mms) {
            String mmsc = mm.mmsc() == null ? QueueSelection.NO_MMSC : mm.mmsc();
            counts.computeIfAbsent(mmsc, k -> new long[BUCKETS.size()])[bucket(mm.age(now))]++;
        }
        List<Row> rows = new ArrayList<>();
        counts.forEach(
                (mmsc, row) -> rows.add(new Row(mmsc, row, Arrays.stream(row).sum())));
        return new QueueShape(rows, mms.size());
    }

    /** The bucket an age falls in: a bucket holds ages from its lower bound up to, not including, its upper one. */
    static int bucket(Duration age) {
        for (int i = 0; i < BOUNDS.size(); i++) {
            if (age.compareTo(BOUNDS.get(i)) < 0) {
                return i;
            }
        }
        return BOUNDS.size();
    }
}
