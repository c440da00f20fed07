package org.mmsrouter.limits;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;

class SourceQuotaTest {

    @Test
    void aSourceGetsItsShareAndNoMoreWhileOthersGetTheirs() throws Exception {
        SourceQuota<InetAddress> quota = new SourceQuota<>(2);
        InetAddress greedy = InetAddress.getByName("192.0.2.1");
        InetAddress other = InetAddress.getByName("192.0.2.2");

        assertTrue(quota.tryAcquire(greedy));
        assertTrue(quota.tryAcquire(greedy));
        assertFalse(quota.tryAcquire(greedy), "a third one from the same source");
        assertEquals(2, quota.held(greedy), "a refusal takes nothing");
        assertTrue(quota.tryAcquire(other));

        quota.release(greedy);
        assertTrue(quota.tryAcquire(greedy), "a slot given back can be taken again");
    }

    @Test
    void sourcesHoldingNothingAreForgotten() throws Exception {
        SourceQuota<InetAddress> quota = new SourceQuota<>(3);
        InetAddress source = InetAddress.getByName("192.0.2.1");
        quota.tryAcquire(source);
        quota.tryAcquire(source);

        quota.release(source);
        quota.release(source);
        quota.release(source); // one too many changes nothing

        assertEquals(0, quota.held(source));
        assertEquals(0, quota.sources());
    }

    @Test
    void aQuotaOfNothingIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new SourceQuota<InetAddress>(0));
    }
}
