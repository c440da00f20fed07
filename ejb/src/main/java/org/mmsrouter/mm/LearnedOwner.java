package org.mmsrouter.mm;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One thing a node learned about who owns a message, as it travels to the other nodes of a cluster
 * (so that a retrieval or follow-up arriving at any node finds the owner without a sweep).
 * The wire form is versioned and self-delimiting: a version octet, a count, then per entry the
 * kind, value and MMSC (modified UTF-8) and the expiry in epoch milliseconds.
 */
public record LearnedOwner(LearnedOwners.Kind kind, String value, String mmscId, Instant expiresAt) {

    private static final int VERSION = 1;
    /** More than any one retrieval or follow-up teaches: a longer message is not one of ours. */
    private static final int MAX_ENTRIES = 64;

    public LearnedOwner {
        if (kind == null || value == null || mmscId == null || expiresAt == null) {
            throw new IllegalArgumentException("kind, value, MMSC and expiry are required");
        }
    }

    public static byte[] encode(List<LearnedOwner> owners) {
        if (owners.size() > MAX_ENTRIES) {
            throw new IllegalArgumentException("at most " + MAX_ENTRIES + " owners per message");
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 * owners.size() + 2);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(VERSION);
            out.writeByte(owners.size());
            for (LearnedOwner owner : owners) {
                out.writeUTF(owner.kind().name());
                out.writeUTF(owner.value());
                out.writeUTF(owner.mmscId());
                out.writeLong(owner.expiresAt().toEpochMilli());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a byte array does not fail
        }
        return bytes.toByteArray();
    }

    /**
     * @throws IllegalArgumentException if {@code bytes} is not exactly one encoded list (another
     *         version, truncated, trailing bytes, an unknown kind)
     */
    public static List<LearnedOwner> decode(byte[] bytes) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            int version = in.readUnsignedByte();
            if (version != VERSION) {
                throw new IllegalArgumentException("unknown version " + version);
            }
            int count = in.readUnsignedByte();
            if (count > MAX_ENTRIES) {
                throw new IllegalArgumentException(count + " entries, at most " + MAX_ENTRIES);
            }
            List<LearnedOwner> owners = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                owners.add(new LearnedOwner(
                        LearnedOwners.Kind.valueOf(in.readUTF()),
                        in.readUTF(),
                        in.readUTF(),
                        Instant.ofEpochMilli(in.readLong())));
            }
            if (in.read() != -1) {
                throw new IllegalArgumentException("trailing bytes after " + count + " entries");
            }
            return owners;
        } catch (EOFException e) {
            throw new IllegalArgumentException("truncated");
        } catch (IOException e) {
            throw new IllegalArgumentException("unreadable: " + e.getMessage());
        }
    }
}
