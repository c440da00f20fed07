package org.mmsrouter.pdu;

/**
 * Reads WSP primitive encodings from a byte range. Every read is bounds-checked against the
 * range and fails with {@link PduFormatException} naming the offset; no read allocates more
 * than the bytes that are actually present.
 */
final class WspReader {

    private static final int LENGTH_QUOTE = 31;

    private final byte[] data;
    private final int limit;
    private int position;

    WspReader(byte[] data) {
        this(data, 0, data.length);
    }

    WspReader(byte[] data, int offset, int length) {
        this.data = data;
        this.position = offset;
        this.limit = offset + length;
    }

    int position() {
        return position;
    }

    boolean hasRemaining() {
        return position < limit;
    }

    int peekOctet() throws PduFormatException {
        requireAvailable(1, "an octet");
        return data[position] & 0xFF;
    }

    int readOctet() throws PduFormatException {
        requireAvailable(1, "an octet");
        return data[position++] & 0xFF;
    }

    /** Short-integer: one octet with the high bit set, value 0–127. */
    int readShortInteger() throws PduFormatException {
        int start = position;
        int octet = readOctet();
        if ((octet & 0x80) == 0) {
            throw new PduFormatException(start, String.format("expected a short-integer, found 0x%02X", octet));
        }
        return octet & 0x7F;
    }

    /** Uintvar: 7 bits per octet, at most 5 octets, value within 32 bits. */
    long readUintvar() throws PduFormatException {
        int start = position;
        long value = 0;
        for (int i = 0; i < 5; i++) {
            int octet = readOctet();
            value = (value << 7) | (octet & 0x7F);
            if ((octet & 0x80) == 0) {
                if (value > 0xFFFF_FFFFL) {
                    throw new PduFormatException(start, "uintvar exceeds 32 bits");
                }
                return value;
            }
        }
        throw new PduFormatException(start, "uintvar longer than 5 octets");
    }

    /** Value-length: 0–30 in one octet, or Length-quote (31) then a uintvar. Checked against what remains. */
    int readValueLength() throws PduFormatException {
        int start = position;
        int octet = readOctet();
        long length;
        if (octet < LENGTH_QUOTE) {
            length = octet;
        } else if (octet == LENGTH_QUOTE) {
            length = readUintvar();
        } else {
            throw new PduFormatException(start, String.format("expected a value-length, found 0x%02X", octet));
        }
        if (length > limit - position) {
            throw new PduFormatException(
                    start, "value-length " + length + " exceeds the " + (limit - position) + " bytes left");
        }
        return (int) length;
    }

    /** Long-integer: a length octet 0–30, then that many big-endian octets (at most 8 kept). */
    long readLongInteger() throws PduFormatException {
        int start = position;
        int length = readOctet();
        if (length > 30) {
            throw new PduFormatException(start, String.format("expected a long-integer length, found 0x%02X", length));
        }
        if (length > 8) {
            throw new PduFormatException(start, "long-integer of " + length + " octets does not fit 64 bits");
        }
        requireAvailable(length, "long-integer octets");
        long value = 0;
        for (int i = 0; i < length; i++) {
            value = (value << 8) | (data[position++] & 0xFF);
        }
        if (value < 0) {
            throw new PduFormatException(start, "long-integer exceeds 63 bits");
        }
        return value;
    }

    /** Text-string: octets up to a NUL; a leading 0x7F quote is dropped. Decoded as UTF-8. */
    String readTextString() throws PduFormatException {
        int start = position;
        if (position < limit && data[position] == 0x7F) {
            position++;
        }
        int textStart = position;
        while (position < limit && data[position] != 0) {
            position++;
        }
        if (position >= limit) {
            throw new PduFormatException(start, "text-string without its terminating NUL");
        }
        String text = Texts.decode(data, textStart, position);
        position++;
        return text;
    }

    /** Integer-value: a Short-integer, or a Long-integer. */
    long readIntegerValue() throws PduFormatException {
        return peekOctet() >= 0x80 ? readShortInteger() : readLongInteger();
    }

    /**
     * Skips one value by the generic shape every WSP/MMS value has, and returns where it ends:
     * an octet ≥ 0x80 (Short-integer), a text up to NUL (first octet 32–127), or a length-prefixed
     * value (first octet 0–30 is the length, 31 quotes a uintvar length).
     */
    int skipValue() throws PduFormatException {
        int start = position;
        int first = peekOctet();
        if (first >= 0x80) {
            position++;
        } else if (first >= 32) {
            while (position < limit && data[position] != 0) {
                position++;
            }
            if (position >= limit) {
                throw new PduFormatException(start, "text value without its terminating NUL");
            }
            position++;
        } else {
            int length = readValueLength();
            position += length;
        }
        return position;
    }

    /** Moves to {@code target}, which must lie within the range. */
    void seek(int target) {
        if (target < 0 || target > limit) {
            throw new IndexOutOfBoundsException(target);
        }
        position = target;
    }

    int limit() {
        return limit;
    }

    byte[] data() {
        return data;
    }

    private void requireAvailable(int count, String what) throws PduFormatException {
        if (limit - position < count) {
            throw new PduFormatException(position, "truncated: expected " + what + " but the PDU ends");
        }
    }
}
