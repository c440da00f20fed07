package org.mmsrouter.forward;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;

/**
 * The latest per-MM records of this node, kept in memory so the NOC can look an MM up by its
 * Transaction-ID or the MMSC's Message-ID without opening the records file. Bounded: the oldest
 * record leaves when a new one arrives at capacity. Thread-safe.
 */
public final class RecentRecords {

    private final int capacity;
    private final Deque<MmRecord> records = new ArrayDeque<>();

    public RecentRecords(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1");
        }
        this.capacity = capacity;
    }

    public synchronized void add(MmRecord record) {
        records.addLast(record);
        if (records.size() > capacity) {
            records.removeFirst();
        }
    }

    /**
     * The records whose Transaction-ID or Message-ID equals the given one (either may be null:
     * not looked for), newest first, at most {@code limit}. A linear scan: at the default capacity
     * about a millisecond, and only the NOC asks.
     */
    public synchronized List<MmRecord> find(String transactionId, String messageId, int limit) {
        List<MmRecord> found = new ArrayList<>();
        Iterator<MmRecord> newestFirst = records.descendingIterator();
        while (newestFirst.hasNext() && found.size() < limit) {
            MmRecord record = newestFirst.next();
            if ((transactionId != null && transactionId.equals(record.transactionId()))
                    || (messageId != null && messageId.equals(record.messageId()))) {
                found.add(record);
            }
        }
        return found;
    }

    public synchronized int size() {
        return records.size();
    }
}
