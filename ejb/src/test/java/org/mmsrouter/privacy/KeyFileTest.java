package org.mmsrouter.privacy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeyFileTest {

    @TempDir
    Path dir;

    @Test
    void aMissingKeyIsGeneratedOwnerOnlyAndReadBackTheSame() throws Exception {
        Path file = dir.resolve("sub/dir/records.key");
        byte[] first = KeyFile.loadOrCreate(file, 16, "test");
        assertEquals(KeyFile.GENERATED_BYTES, first.length);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertTrue(Files.readString(file).trim().matches("[0-9a-f]{64}"));
        assertArrayEquals(first, KeyFile.loadOrCreate(file, 16, "test"), "the second start uses the same key");
    }

    @Test
    void twoGeneratedKeysDiffer() {
        byte[] one = KeyFile.loadOrCreate(dir.resolve("a.key"), 16, "test");
        byte[] two = KeyFile.loadOrCreate(dir.resolve("b.key"), 16, "test");
        assertTrue(!Arrays.equals(one, two));
    }

    @Test
    void anOperatorsKeyIsUsedAndABadOneNamedInTheError() throws Exception {
        Path given = dir.resolve("given.key");
        Files.writeString(given, "00112233445566778899aabbccddeeff\n");
        assertEquals(16, KeyFile.loadOrCreate(given, 16, "test").length);

        Files.writeString(given, "not hex");
        IllegalStateException notHex =
                assertThrows(IllegalStateException.class, () -> KeyFile.loadOrCreate(given, 16, "test"));
        assertTrue(notHex.getMessage().contains(given.toString()), notHex.getMessage());

        Files.writeString(given, "0011");
        IllegalStateException tooShort =
                assertThrows(IllegalStateException.class, () -> KeyFile.loadOrCreate(given, 16, "test"));
        assertTrue(tooShort.getMessage().contains("holds 2 bytes"), tooShort.getMessage());
    }
}
