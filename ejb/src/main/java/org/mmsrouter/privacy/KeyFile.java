package org.mmsrouter.privacy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Set;
import java.util.logging.Logger;

/**
 * A secret key kept in a file as hex digits (so operators can copy it between nodes and use it
 * with other tools). When the file does not exist it is generated: created with permissions
 * {@code rw-------} before a byte is written, so the key is never readable by others, not even
 * for a moment; the log says where. An existing file readable by group or others is used, with a
 * warning.
 */
public final class KeyFile {

    private static final Logger LOG = Logger.getLogger(KeyFile.class.getName());
    /** Bytes of a generated key. */
    static final int GENERATED_BYTES = 32;

    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private KeyFile() {}

    /**
     * The key in {@code file}, generated first if the file is missing.
     *
     * @param purpose what the key is for, for the log lines
     * @throws IllegalStateException naming the file and the problem (unreadable, not hex, too short)
     */
    public static byte[] loadOrCreate(Path file, int minBytes, String purpose) {
        try {
            if (!Files.exists(file)) {
                create(file, purpose);
            }
            warnIfOthersMayRead(file);
            String text = Files.readString(file, StandardCharsets.US_ASCII).trim();
            byte[] key;
            try {
                key = HexFormat.of().parseHex(text);
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException(file + " (the " + purpose + " key) does not hold hex digits");
            }
            if (key.length < minBytes) {
                throw new IllegalStateException(file + " (the " + purpose + " key) holds " + key.length
                        + " bytes; at least " + minBytes + " are needed");
            }
            return key;
        } catch (IOException e) {
            throw new IllegalStateException("cannot read or create " + file + " (the " + purpose + " key): " + e, e);
        }
    }

    private static void create(Path file, String purpose) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        byte[] key = new byte[GENERATED_BYTES];
        new SecureRandom().nextBytes(key);
        try {
            try {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
            } catch (UnsupportedOperationException e) {
                Files.createFile(file); // not a POSIX file system: its ACLs are the operator's to set
                LOG.warning(() -> file + ": this file system has no POSIX permissions; restrict who may read it");
            }
        } catch (FileAlreadyExistsException e) {
            return; // another node sharing the directory created it first: use theirs
        }
        Files.writeString(file, HexFormat.of().formatHex(key) + "\n", StandardCharsets.US_ASCII);
        LOG.warning(() -> "Generated the " + purpose + " key in " + file + " (rw-------); keep it secret, back it up,"
                + " and give every node of the cluster the same file");
    }

    private static void warnIfOthersMayRead(Path file) {
        try {
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
            if (permissions.stream()
                    .anyMatch(p -> p.name().startsWith("GROUP") || p.name().startsWith("OTHERS"))) {
                LOG.warning(() -> file + " may be read by others (" + PosixFilePermissions.toString(permissions)
                        + "): chmod 600 it");
            }
        } catch (UnsupportedOperationException | IOException e) {
            // no POSIX view: nothing to check
        }
    }
}
