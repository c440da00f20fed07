package org.mmsrouter.forward;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class RecentRecordsTest {

    private static MmRecord record(String routerId, String tid, String messageId) {
        return new MmRecord(
                Instant.parse("2026-11-29T05:00:00Z"),
                "node-1",
                routerId,
                tid,
                messageId,
                "+4915100000000",
                1,
                1_000,
                "sim-a",
                "delivered",
                Duration.ofMillis(20),
                1);
    }

    @Test
    void findsByTransactionIdOrMessageIdNewestFirst() {
        RecentRecords records = new RecentRecords(10);
        records.add(record("r1", "tid-1", "mid-1"));
        records.add(record("r2", "tid-2", null));
        records.add(record("r3", "tid-1", "mid-3")); // the handset reused its TID

        assertEquals(
                List.of("r3", "r1"),
                records.find("tid-1", null, 10).stream()
                        .map(MmRecord::routerMessageId)
                        .toList());
        assertEquals(
                List.of("r1"),
                records.find(null, "mid-1", 10).stream()
                        .map(MmRecord::routerMessageId)
                        .toList());
        assertEquals(
                List.of("r3"),
                records.find("tid-1", null, 1).stream()
                        .map(MmRecord::routerMessageId)
                        .toList());
        assertEquals(List.of(), records.find(null, null, 10));
        assertEquals(List.of(), records.find("nope", "nope", 10));
    }

    @Test
    void theOldestLeaveAtCapacity() {
        RecentRecords records = new RecentRecords(2);
        records.add(record("r1", "tid-1", null));
        records.add(record("r2", "tid-2", null));
        records.add(record("r3", "tid-3", null));
        assertEquals(2, records.size());
        assertEquals(List.of(), records.find("tid-1", null, 10));
        assertEquals(1, records.find("tid-3", null, 10).size());
    }
}
