package org.mmsrouter.pdu;

import java.nio.charset.Charset;
import java.util.Arrays;

/** Typed reading and canonical writing of header values, by {@link ValueKind}. */
final class HeaderValues {

    private static final int ABSOLUTE_TOKEN = 0x80;
    private static final int RELATIVE_TOKEN = 0x81;
    private static final int ADDRESS_PRESENT_TOKEN = 0x80;
    private static final int INSERT_ADDRESS_TOKEN = 0x81;

    private HeaderValues() {}

    /**
     * Reads the value occupying {@code data[offset, offset+length)} as {@code kind}; a value that does not
     * fit its kind (or leaves bytes over) is kept as {@link HeaderValue.Generic}.
     */
    static HeaderValue read(ValueKind kind, byte[] data, int offset, int length) {
        WspReader reader = new WspReader(data, offset, length);
        try {
            HeaderValue value = readTyped(kind, reader);
            if (!reader.hasRemaining()) {
                return value;
            }
        } catch (PduFormatException | IllegalArgumentException e) {
            // falls through: the value does not fit its field's type
        }
        return new HeaderValue.Generic(Bytes.slice(data, offset, length));
    }

    private static HeaderValue readTyped(ValueKind kind, WspReader reader) throws PduFormatException {
        return switch (kind) {
            case TEXT -> new HeaderValue.Text(reader.readTextString());
            case ENCODED_STRING -> readEncodedString(reader);
            case OCTET -> new HeaderValue.Octet(octet(reader));
            case OCTET_OR_TEXT ->
                reader.peekOctet() >= 0x80
                        ? new HeaderValue.Octet(reader.readOctet())
                        : new HeaderValue.Text(reader.readTextString());
            case LONG_INTEGER -> new HeaderValue.Int(reader.readLongInteger());
            case INTEGER -> new HeaderValue.Int(reader.readIntegerValue());
            case TIME -> readTime(reader);
            case FROM -> readFrom(reader);
            case CONTENT_TYPE -> new HeaderValue.ContentTypeValue(ContentTypes.read(reader));
            case COUNTED_ADDRESS, COUNTED_DATE -> readCounted(kind, reader);
            case TOKEN_STRING, TOKEN_INTEGER -> readToken(kind, reader);
            case GENERIC -> throw new PduFormatException(reader.position(), "kept as bytes");
        };
    }

    private static int octet(WspReader reader) throws PduFormatException {
        int start = reader.position();
        int value = reader.readOctet();
        if (value < 0x80) {
            throw new PduFormatException(start, "expected an enumerated octet");
        }
        return value;
    }

    static HeaderValue.EncodedText readEncodedString(WspReader reader) throws PduFormatException {
        if (reader.peekOctet() >= 32 || reader.peekOctet() == 0) {
            // 0x00 alone is the empty Text-string (a zero Value-length could carry no charset).
            return HeaderValue.EncodedText.plain(reader.readTextString());
        }
        int length = reader.readValueLength();
        int end = reader.position() + length;
        long charset = reader.readIntegerValue();
        int textStart = reader.position();
        if (reader.hasRemaining() && reader.peekOctet() == 0x7F) {
            textStart++;
        }
        int nul = textStart;
        byte[] data = reader.data();
        while (nul < end && data[nul] != 0) {
            nul++;
        }
        if (nul >= end || charset > Integer.MAX_VALUE) {
            throw new PduFormatException(textStart, "encoded-string-value without its terminating NUL");
        }
        reader.seek(nul + 1);
        Charset decoder = WspTables.charset(charset);
        String text = new String(data, textStart, nul - textStart, decoder);
        // Typed only when the text encodes back to the same bytes: bytes invalid in the declared
        // charset (or charsets the JDK does not round-trip) stay bytes rather than turn into '?'.
        if (!Arrays.equals(text.getBytes(decoder), 0, text.getBytes(decoder).length, data, textStart, nul)) {
            throw new PduFormatException(textStart, "text is not valid " + WspTables.charsetName(charset));
        }
        return new HeaderValue.EncodedText(text, (int) charset);
    }

    private static HeaderValue readTime(WspReader reader) throws PduFormatException {
        int length = reader.readValueLength();
        int end = reader.position() + length;
        int token = reader.readOctet();
        if (token != ABSOLUTE_TOKEN && token != RELATIVE_TOKEN) {
            throw new PduFormatException(end - length, "expected absolute (0x80) or relative (0x81) token");
        }
        long seconds = reader.readIntegerValue();
        requireEnd(reader, end);
        return new HeaderValue.Time(token == ABSOLUTE_TOKEN, seconds);
    }

    private static HeaderValue readFrom(WspReader reader) throws PduFormatException {
        int length = reader.readValueLength();
        int end = reader.position() + length;
        int token = reader.readOctet();
        HeaderValue.From from;
        if (token == INSERT_ADDRESS_TOKEN) {
            from = HeaderValue.From.INSERT_ADDRESS;
        } else if (token == ADDRESS_PRESENT_TOKEN) {
            from = new HeaderValue.From(readEncodedString(reader));
        } else {
            throw new PduFormatException(end - length, "expected address-present (0x80) or insert-address (0x81)");
        }
        requireEnd(reader, end);
        return from;
    }

    private static HeaderValue readCounted(ValueKind kind, WspReader reader) throws PduFormatException {
        int length = reader.readValueLength();
        int end = reader.position() + length;
        long count = reader.readIntegerValue();
        HeaderValue value = kind == ValueKind.COUNTED_ADDRESS
                ? readEncodedString(reader)
                : new HeaderValue.Int(reader.readLongInteger());
        requireEnd(reader, end);
        return new HeaderValue.Counted(count, value);
    }

    private static HeaderValue readToken(ValueKind kind, WspReader reader) throws PduFormatException {
        int length = reader.readValueLength();
        int end = reader.position() + length;
        int token = octet(reader);
        HeaderValue value = kind == ValueKind.TOKEN_STRING
                ? new HeaderValue.TokenText(token, readEncodedString(reader))
                : new HeaderValue.TokenInteger(token, reader.readIntegerValue());
        requireEnd(reader, end);
        return value;
    }

    private static void requireEnd(WspReader reader, int end) throws PduFormatException {
        if (reader.position() != end) {
            throw new PduFormatException(reader.position(), "value does not fill its value-length");
        }
    }

    /** Writes {@code value} canonically (minimal lengths, UTF-8 text). */
    static void write(WspWriter out, HeaderValue value) {
        if (value instanceof HeaderValue.Text text) {
            out.textString(text.value());
        } else if (value instanceof HeaderValue.EncodedText encoded) {
            out.encodedString(encoded.value(), encoded.charset());
        } else if (value instanceof HeaderValue.Octet octet) {
            out.octet(octet.value());
        } else if (value instanceof HeaderValue.Int integer) {
            out.longInteger(integer.value());
        } else if (value instanceof HeaderValue.Time time) {
            out.lengthPrefixed(w ->
                    w.octet(time.absolute() ? ABSOLUTE_TOKEN : RELATIVE_TOKEN).longInteger(time.seconds()));
        } else if (value instanceof HeaderValue.From from) {
            out.lengthPrefixed(w -> {
                if (from.insertAddress()) {
                    w.octet(INSERT_ADDRESS_TOKEN);
                } else {
                    w.octet(ADDRESS_PRESENT_TOKEN)
                            .encodedString(
                                    from.address().value(), from.address().charset());
                }
            });
        } else if (value instanceof HeaderValue.ContentTypeValue type) {
            ContentTypes.write(out, type.contentType());
        } else if (value instanceof HeaderValue.Counted counted) {
            out.lengthPrefixed(w -> {
                w.integerValue(counted.count());
                write(w, counted.value());
            });
        } else if (value instanceof HeaderValue.TokenText token) {
            out.lengthPrefixed(w -> w.octet(token.token())
                    .encodedString(token.value().value(), token.value().charset()));
        } else if (value instanceof HeaderValue.TokenInteger token) {
            out.lengthPrefixed(w -> w.octet(token.token()).integerValue(token.value()));
        } else {
            ((HeaderValue.Generic) value).encoded().writeTo(out.stream());
        }
    }

    /** Writes an Int as the field's kind wants it: Integer-value or Long-integer. */
    static void write(WspWriter out, MmsHeader field, HeaderValue value) {
        if (field != null && field.kind() == ValueKind.INTEGER && value instanceof HeaderValue.Int integer) {
            out.integerValue(integer.value());
        } else {
            write(out, value);
        }
    }
}
