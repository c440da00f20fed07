package org.mmsrouter.admission;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class AdmissionTest {

    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);

    @Test
    void aSourceAtItsConcurrencyBoundIsRefusedWhileOthersAreServed() {
        Admission admission = new Admission(1 << 30, 2, 0, Duration.ofSeconds(30), nanos::get);
        Admission.Admitted first = assertInstanceOf(Admission.Admitted.class, admission.enter("10.0.0.1", 1000));
        assertInstanceOf(Admission.Admitted.class, admission.enter("10.0.0.1", 1000));
        Admission.Refused refused = assertInstanceOf(Admission.Refused.class, admission.enter("10.0.0.1", 1000));
        assertEquals(Refusal.Cause.SOURCE_CONCURRENCY, refused.refusal().cause());
        assertInstanceOf(Admission.Admitted.class, admission.enter("10.0.0.2", 1000));
        first.release();
        first.release(); // idempotent: a second release must not free a slot it does not hold
        assertInstanceOf(Admission.Admitted.class, admission.enter("10.0.0.1", 1000));
        assertInstanceOf(Admission.Refused.class, admission.enter("10.0.0.1", 1000));
        assertEquals(2L, admission.refusals().get(Refusal.Cause.SOURCE_CONCURRENCY));
    }

    @Test
    void bodiesInFlightAreBoundedByBytesButOneRequestAlwaysFits() {
        Admission admission = new Admission(10_000, 100, 0, Duration.ofSeconds(30), nanos::get);
        Admission.Admitted big =
                assertInstanceOf(Admission.Admitted.class, admission.enter("a", 50_000)); // alone: fits
        Admission.Refused refused = assertInstanceOf(Admission.Refused.class, admission.enter("b", 10));
        assertEquals(Refusal.Cause.MEMORY, refused.refusal().cause());
        assertEquals(50_000, admission.inFlightBytes());
        big.release();
        assertEquals(0, admission.inFlightBytes());
        assertInstanceOf(Admission.Admitted.class, admission.enter("b", 6_000));
        assertInstanceOf(Admission.Refused.class, admission.enter("c", 6_000));
        assertEquals(6_000, admission.inFlightBytes());
    }

    @Test
    void storageVerdictRefusesEverySourceAndIsCountedByCause() {
        Admission admission = new Admission(1 << 30, 10, 0, Duration.ofSeconds(30), nanos::get);
        assertTrue(admission.toStore("a", 100).isEmpty());
        Refusal disk = new Refusal(Refusal.Cause.DISK, "disk 93 %", Duration.ofSeconds(30));
        admission.storage(Optional.of(disk), 0);
        assertEquals(Optional.of(disk), admission.toStore("a", 100));
        assertEquals(Optional.of(disk), admission.toStore("b", 100));
        assertEquals(2L, admission.refusals().get(Refusal.Cause.DISK));
        admission.storage(Optional.empty(), Long.MAX_VALUE);
        assertTrue(admission.toStore("a", 100).isEmpty());
    }

    @Test
    void aSourceOverItsRateGetsATransientRefusalWhileAnotherDoesNot() {
        Admission admission = new Admission(1 << 30, 10, 5, Duration.ofSeconds(30), nanos::get);
        for (int i = 0; i < 5; i++) {
            assertTrue(admission.toStore("flood", 100).isEmpty(), "burst of one second's worth, MM " + i);
        }
        Optional<Refusal> over = admission.toStore("flood", 100);
        assertEquals(Refusal.Cause.SOURCE_RATE, over.orElseThrow().cause());
        assertEquals(Admission.SHORT_RETRY, over.get().retryAfter());
        assertTrue(admission.toStore("calm", 100).isEmpty());
        nanos.addAndGet(200_000_000L); // one interval later, one more
        assertTrue(admission.toStore("flood", 100).isEmpty());
        assertTrue(admission.toStore("flood", 100).isPresent());
    }

    @Test
    void bytesStoredBetweenTwoReadsCountAgainstTheHeadroom() {
        Admission admission = new Admission(1 << 30, 10, 0, Duration.ofSeconds(30), nanos::get);
        admission.storage(Optional.empty(), 10 * (10_000 + Admission.RECORD_OVERHEAD_BYTES));
        for (int i = 0; i < 10; i++) {
            assertTrue(admission.toStore("gw", 10_000).isEmpty(), "MM " + i + " fits");
        }
        Optional<Refusal> over = admission.toStore("gw", 10_000);
        assertEquals(Refusal.Cause.DISK, over.orElseThrow().cause());
        assertEquals(Duration.ofSeconds(30), over.get().retryAfter());
        assertTrue(admission.toStore("gw", 10).isPresent(), "a refused PDU takes no headroom, but none is left");
        admission.storage(Optional.empty(), 10 * (10_000 + Admission.RECORD_OVERHEAD_BYTES)); // a fresh read
        assertTrue(admission.toStore("gw", 10_000).isEmpty());
    }
}
