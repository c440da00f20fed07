package org.mmsrouter.privacy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class SubscriberHashTest {

    private static final byte[] KEY =
            HexFormat.of().parseHex("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");

    @Test
    void oneSubscriberInEveryFormGivesOneHash() {
        SubscriberHash hash = new SubscriberHash(KEY);
        String expected = hash.hash("+4915112345678/TYPE=PLMN");
        assertEquals(expected, hash.hash("4915112345678"), "as an MSISDN header gives it");
        assertEquals(expected, hash.hash("+49 151 1234-5678"));
        assertEquals(
                expected,
                new SubscriberHash(KEY.clone()).hash("+4915112345678"),
                "the same under the same key, any node");
        assertTrue(expected.matches("[0-9a-f]{32}"), expected);
        assertEquals(hash.hash("Alice@Example.COM"), hash.hash("alice@example.com/TYPE=EMAIL"));
        assertNull(hash.hash(null));
    }

    @Test
    void itIsHmacSha256OfTheDigitsSoOperatorsCanComputeItThemselves() throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(KEY, "HmacSHA256"));
        String reference = HexFormat.of()
                .formatHex(mac.doFinal("4915112345678".getBytes(StandardCharsets.UTF_8)))
                .substring(0, 32);
        assertEquals(reference, new SubscriberHash(KEY).hash("+4915112345678/TYPE=PLMN"));
    }

    @Test
    void otherSubscribersAndOtherKeysGiveOtherHashes() {
        SubscriberHash hash = new SubscriberHash(KEY);
        assertNotEquals(hash.hash("+4915112345678"), hash.hash("+4915112345679"));
        byte[] other = KEY.clone();
        other[0] = 1;
        assertNotEquals(hash.hash("+4915112345678"), new SubscriberHash(other).hash("+4915112345678"));
    }

    @Test
    void aHugeAddressIsHashedInLinearTime() {
        SubscriberHash hash = new SubscriberHash(KEY);
        String almostANumber = "+" + "4".repeat(200_000) + "x";
        hash.hash("+4915112345678");
        long start = System.nanoTime();
        hash.hash(almostANumber);
        // Linear work here is ~1 ms; a backtracking (quadratic) pattern needs 200,000^2 steps: minutes. The
        // 2 s bound tells the two apart on a busy shared machine (200 ms failed once under load).
        assertTrue(
                System.nanoTime() - start < 2_000_000_000L, "took " + (System.nanoTime() - start) / 1_000_000 + " ms");
    }

    @Test
    void shortKeysAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new SubscriberHash(new byte[15]));
    }
}
