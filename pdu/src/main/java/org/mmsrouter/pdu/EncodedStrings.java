package org.mmsrouter.pdu;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

/** Encoded-string-value: a Text-string, or Value-length + charset (MIBenum) + Text-string. */
final class EncodedStrings {

    private EncodedStrings() {
    }

    static String read(WspReader reader) throws PduFormatException {
        int first = reader.peekOctet();
        if (first >= 32) {
            return reader.readTextString();
        }
        int length = reader.readValueLength();
        int end = reader.position() + length;
        int charsetStart = reader.position();
        long mibEnum = reader.peekOctet() >= 0x80 ? reader.readShortInteger() : reader.readLongInteger();
        String raw = reader.readTextString();
        if (reader.position() != end) {
            throw new PduFormatException(charsetStart, "encoded-string-value does not fill its value-length");
        }
        Charset charset = charsetFor(mibEnum);
        return charset.equals(StandardCharsets.UTF_8) ? raw
                : new String(raw.getBytes(StandardCharsets.UTF_8), charset);
    }

    private static Charset charsetFor(long mibEnum) {
        return mibEnum == 4 ? StandardCharsets.ISO_8859_1 : StandardCharsets.UTF_8;
    }
}
