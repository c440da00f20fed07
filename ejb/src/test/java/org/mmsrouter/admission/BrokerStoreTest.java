package org.mmsrouter.admission;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BrokerStoreTest {

    private static final long MIB = 1024 * 1024;

    @Test
    void aDiskRefusalMakesTheStoreUnusable() {
        Refusal full = new Refusal(Refusal.Cause.DISK, "disk 95 % on /data", Duration.ofSeconds(30));
        BrokerRecovery.Store store = BrokerStore.disk(Optional.of(full), 10_000 * MIB);
        assertFalse(store.usable());
        assertEquals("disk 95 % on /data", store.description());
    }

    @Test
    void withTheMarksOffAFullVolumeIsStillUnusable() {
        BrokerRecovery.Store store = BrokerStore.disk(Optional.empty(), 3 * MIB);
        assertFalse(store.usable());
        assertTrue(store.description().contains("only 3 MiB"), store.description());
    }

    @Test
    void roomAboveTheMarksIsUsable() {
        assertTrue(BrokerStore.disk(Optional.empty(), 32 * MIB).usable());
        assertEquals(
                "no watched volume",
                BrokerStore.disk(Optional.empty(), Long.MAX_VALUE).description());
    }

    @Test
    void outsideWildFlyTheJournalIsAFileJournal() {
        BrokerStore store = new BrokerStore(ManagementFactory.getPlatformMBeanServer());
        assertTrue(store.look(Optional.empty(), 100 * MIB).usable(), "no datasource is looked up");
        assertFalse(store.look(Optional.empty(), MIB).usable());
    }
}
