package org.mmsrouter.admission;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DiskGateTest {

    private static final long MIB = 1024 * 1024;
    private static final long GIB = 1024 * MIB;
    private static final Duration RETRY = Duration.ofSeconds(30);

    private static VolumeUsage usedPercent(long total, double percent) {
        return new VolumeUsage("/data", "journal", total, (long) (total * (100 - percent) / 100));
    }

    @Test
    void refusesAtTheHighWaterMarkAndAcceptsAgainOnlyAtTheLowOne() {
        DiskGate gate = new DiskGate(90, 80, 0);
        assertTrue(gate.observe(List.of(usedPercent(10 * GIB, 89)), RETRY).isEmpty());
        Optional<Refusal> full = gate.observe(List.of(usedPercent(10 * GIB, 91)), RETRY);
        assertTrue(full.isPresent());
        assertEquals(Refusal.Cause.DISK, full.get().cause());
        assertEquals(RETRY, full.get().retryAfter());
        assertTrue(
                full.get().reason().startsWith("disk 91 % (high-water 90 %"),
                full.get().reason());
        // Between the marks the refusal holds: no flapping while forwarding frees a little.
        assertTrue(gate.observe(List.of(usedPercent(10 * GIB, 85)), RETRY).isPresent());
        assertTrue(gate.observe(List.of(usedPercent(10 * GIB, 80.5)), RETRY).isPresent());
        assertTrue(gate.observe(List.of(usedPercent(10 * GIB, 79.5)), RETRY).isEmpty());
        // And back between the marks from below: still accepting.
        assertTrue(gate.observe(List.of(usedPercent(10 * GIB, 85)), RETRY).isEmpty());
    }

    @Test
    void theFreeSpaceFloorRefusesOnASmallVolumeBeforeTheShareDoes() {
        DiskGate gate = new DiskGate(90, 80, 64 * MIB);
        VolumeUsage small = new VolumeUsage("/small", "journal", 192 * MIB, 60 * MIB); // 69 % used
        Optional<Refusal> refusal = gate.observe(List.of(small), RETRY);
        assertTrue(refusal.isPresent());
        assertTrue(
                refusal.get().reason().contains("under the 64 MiB floor"),
                refusal.get().reason());
        assertEquals(64 * MIB, gate.refuseBelow(small));
        // Accepting again needs the floor plus the gap between the marks (10 % of 192 MiB).
        long acceptFrom = gate.acceptFrom(small);
        assertTrue(gate.observe(List.of(new VolumeUsage("/small", "journal", 192 * MIB, acceptFrom - 1)), RETRY)
                .isPresent());
        assertTrue(gate.observe(List.of(new VolumeUsage("/small", "journal", 192 * MIB, acceptFrom)), RETRY)
                .isEmpty());
    }

    @Test
    void anyFullVolumeRefusesAndAllMustRecover() {
        DiskGate gate = new DiskGate(90, 80, 0);
        VolumeUsage journal = new VolumeUsage("/journal", "journal", 10 * GIB, 5 * GIB);
        VolumeUsage pagingFull = new VolumeUsage("/paging", "paging", 10 * GIB, GIB / 2);
        Optional<Refusal> refusal = gate.observe(List.of(journal, pagingFull), RETRY);
        assertTrue(refusal.isPresent());
        assertTrue(refusal.get().reason().contains("/paging"), refusal.get().reason());
        VolumeUsage pagingBetween = new VolumeUsage("/paging", "paging", 10 * GIB, GIB + GIB / 2);
        assertTrue(gate.observe(List.of(journal, pagingBetween), RETRY).isPresent());
        VolumeUsage pagingEmptied = new VolumeUsage("/paging", "paging", 10 * GIB, 5 * GIB);
        assertFalse(gate.observe(List.of(journal, pagingEmptied), RETRY).isPresent());
    }

    @Test
    void marksMustLeaveAGap() {
        assertThrows(IllegalArgumentException.class, () -> new DiskGate(80, 80, 0));
    }

    @Test
    void headroomIsWhatTheFullestVolumeMayStillTake() {
        DiskGate gate = new DiskGate(90, 80, 64 * MIB);
        VolumeUsage big = new VolumeUsage("/big", "journal", 100 * GIB, 50 * GIB);
        VolumeUsage small = new VolumeUsage("/small", "paging", 1000 * MIB, 200 * MIB);
        // small: refuses below 10 % of 1000 MiB = 100 MiB free, has 200: 100 MiB left; big: 40 GiB left.
        assertEquals(100 * MIB, gate.headroom(List.of(big, small)));
        assertEquals(0, gate.headroom(List.of(new VolumeUsage("/full", "journal", GIB, 10 * MIB))));
        assertEquals(Long.MAX_VALUE, gate.headroom(List.of()));
    }
}
