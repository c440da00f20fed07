package org.mmsrouter.pdu;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/** Writes WSP primitive encodings in their minimal form. */
final class WspWriter {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream(256);

    WspWriter octet(int value) {
        out.write(value);
        return this;
    }

    WspWriter bytes(byte[] value) {
        out.writeBytes(value);
        return this;
    }

    WspWriter shortInteger(int value) {
        if (value < 0 || value > 127) {
            throw new IllegalArgumentException("short-integer out of range: " + value);
        }
        return octet(0x80 | value);
    }

    WspWriter uintvar(long value) {
        if (value < 0 || value > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("uintvar out of range: " + value);
        }
        int groups = 1;
        for (long rest = value >>> 7; rest != 0; rest >>>= 7) {
            groups++;
        }
        for (int i = groups - 1; i >= 0; i--) {
            int bits = (int) ((value >>> (7 * i)) & 0x7F);
            out.write(i == 0 ? bits : bits | 0x80);
        }
        return this;
    }

    WspWriter valueLength(int length) {
        if (length < 31) {
            return octet(length);
        }
        return octet(31).uintvar(length);
    }

    WspWriter longInteger(long value) {
        if (value < 0) {
            throw new IllegalArgumentException("long-integer must not be negative: " + value);
        }
        int length = Math.max(1, (64 - Long.numberOfLeadingZeros(value) + 7) / 8);
        octet(length);
        for (int i = length - 1; i >= 0; i--) {
            out.write((int) (value >>> (8 * i)) & 0xFF);
        }
        return this;
    }

    /** Text-string in UTF-8, quoted with 0x7F when it starts with an octet of 0x80 or above. */
    WspWriter textString(String text) {
        byte[] encoded = text.getBytes(StandardCharsets.UTF_8);
        for (byte b : encoded) {
            if (b == 0) {
                throw new IllegalArgumentException("text-string must not contain NUL");
            }
        }
        if (encoded.length > 0 && (encoded[0] & 0x80) != 0) {
            out.write(0x7F);
        }
        out.writeBytes(encoded);
        out.write(0);
        return this;
    }

    /** Text bytes in UTF-8 without terminator or quote. */
    WspWriter textBytes(String text) {
        out.writeBytes(text.getBytes(StandardCharsets.UTF_8));
        return this;
    }

    /** Integer-value: Short-integer below 128, else Long-integer. */
    WspWriter integerValue(long value) {
        return value < 128 ? shortInteger((int) value) : longInteger(value);
    }

    /** Encoded-string-value with an explicit charset (MIBenum), or a plain Text-string for NO_CHARSET. */
    WspWriter encodedString(String text, int charset) {
        if (charset == HeaderValue.EncodedText.NO_CHARSET) {
            return textString(text);
        }
        byte[] encoded = text.getBytes(WspTables.charset(charset));
        WspWriter value = new WspWriter().integerValue(charset);
        if (encoded.length > 0 && ((encoded[0] & 0x80) != 0 || encoded[0] == 0x7F)) {
            value.octet(0x7F);
        }
        value.bytes(encoded).octet(0);
        byte[] bytes = value.toByteArray();
        return valueLength(bytes.length).bytes(bytes);
    }

    /** Writes a length-prefixed value: Value-length, then the bytes {@code body} writes. */
    WspWriter lengthPrefixed(Consumer<WspWriter> body) {
        WspWriter inner = new WspWriter();
        body.accept(inner);
        byte[] bytes = inner.toByteArray();
        return valueLength(bytes.length).bytes(bytes);
    }

    int size() {
        return out.size();
    }

    ByteArrayOutputStream stream() {
        return out;
    }

    byte[] toByteArray() {
        return out.toByteArray();
    }
}
