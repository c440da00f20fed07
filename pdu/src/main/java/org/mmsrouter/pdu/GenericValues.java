package org.mmsrouter.pdu;

/**
 * Skips a header value by the generic WSP shape every MMS header value has: a short-integer
 * (one octet ≥ 0x80), a text-string (first octet 32–127), or a value-length prefixed value
 * (first octet 0–31). Application headers (a token-text name) are followed by a text value.
 */
final class GenericValues {

    private GenericValues() {
    }

    static void skipHeader(int fieldOctet, WspReader reader) throws PduFormatException {
        if (fieldOctet < 0x80) {
            // Application header: the field octet began its token-text name; finish it, then its value.
            if (fieldOctet != 0) {
                skipRestOfText(reader);
            }
            reader.readTextString();
            return;
        }
        skipValue(reader);
    }

    static void skipValue(WspReader reader) throws PduFormatException {
        int first = reader.peekOctet();
        if (first >= 0x80) {
            reader.readOctet();
        } else if (first >= 32) {
            reader.readTextString();
        } else {
            int length = reader.readValueLength();
            for (int i = 0; i < length; i++) {
                reader.readOctet();
            }
        }
    }

    private static void skipRestOfText(WspReader reader) throws PduFormatException {
        while (reader.readOctet() != 0) {
            // consume up to and including the NUL
        }
    }
}
