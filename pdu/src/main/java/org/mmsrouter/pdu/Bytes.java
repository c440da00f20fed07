package org.mmsrouter.pdu;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * An immutable range of bytes with value equality. Decoded bodies and part data are ranges of the
 * input array, not copies, so a large MM costs no extra memory to decode; callers must not change
 * the input array afterwards.
 */
public final class Bytes {

    public static final Bytes EMPTY = new Bytes(new byte[0], 0, 0);

    private final byte[] array;
    private final int offset;
    private final int length;

    private Bytes(byte[] array, int offset, int length) {
        this.array = array;
        this.offset = offset;
        this.length = length;
    }

    /** A range of {@code array}, shared (not copied). */
    public static Bytes slice(byte[] array, int offset, int length) {
        if (offset < 0 || length < 0 || offset > array.length - length) {
            throw new IndexOutOfBoundsException("range " + offset + "+" + length + " of " + array.length);
        }
        return length == 0 ? EMPTY : new Bytes(array, offset, length);
    }

    /** A copy of {@code data}. */
    public static Bytes copyOf(byte[] data) {
        return data.length == 0 ? EMPTY : new Bytes(data.clone(), 0, data.length);
    }

    public static Bytes utf8(String text) {
        byte[] data = text.getBytes(StandardCharsets.UTF_8);
        return data.length == 0 ? EMPTY : new Bytes(data, 0, data.length);
    }

    public int length() {
        return length;
    }

    public boolean isEmpty() {
        return length == 0;
    }

    public int byteAt(int index) {
        if (index < 0 || index >= length) {
            throw new IndexOutOfBoundsException(index);
        }
        return array[offset + index] & 0xFF;
    }

    public byte[] toArray() {
        return Arrays.copyOfRange(array, offset, offset + length);
    }

    public void writeTo(ByteArrayOutputStream out) {
        out.write(array, offset, length);
    }

    public String hex() {
        return HexFormat.of().formatHex(array, offset, offset + length);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Bytes that
                && Arrays.equals(array, offset, offset + length, that.array, that.offset, that.offset + that.length);
    }

    @Override
    public int hashCode() {
        int hash = 1;
        for (int i = offset; i < offset + length; i++) {
            hash = 31 * hash + array[i];
        }
        return hash;
    }

    @Override
    public String toString() {
        return length <= 32 ? "Bytes[" + hex() + "]" : "Bytes[" + length + " bytes]";
    }
}
