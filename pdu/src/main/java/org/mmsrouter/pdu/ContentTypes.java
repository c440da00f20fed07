package org.mmsrouter.pdu;

import java.util.ArrayList;
import java.util.List;

/** Decodes and encodes WSP Content-type-value and its parameters. */
final class ContentTypes {

    private ContentTypes() {}

    /** Reads a Content-type-value at the reader's position; the reader ends after it. */
    static ContentType read(WspReader reader) throws PduFormatException {
        int first = reader.peekOctet();
        if (first >= 0x80) {
            int number = reader.readShortInteger();
            return new ContentType(WspTables.mediaName(number), number, List.of());
        }
        if (first >= 32) {
            String media = reader.readTextString();
            return new ContentType(media, -1, List.of());
        }
        int length = reader.readValueLength();
        int end = reader.position() + length;
        WspReader inner = new WspReader(reader.data(), reader.position(), length);
        String media;
        int wellKnown;
        if (inner.peekOctet() >= 32 && inner.peekOctet() < 0x80) {
            media = inner.readTextString();
            wellKnown = -1;
        } else {
            long number = inner.readIntegerValue();
            if (number > Integer.MAX_VALUE) {
                // Only numbers that fit an int are media numbers; keep the header as bytes.
                throw new PduFormatException(reader.position(), "media number " + number + " out of range");
            }
            wellKnown = (int) number;
            media = WspTables.mediaName(number);
        }
        List<Param> params = new ArrayList<>();
        while (inner.hasRemaining()) {
            params.add(readParam(inner));
        }
        reader.seek(end);
        return new ContentType(media, wellKnown, params);
    }

    /** One parameter: a well-known token (≥ 0x80) or a token-text name, then its value. */
    static Param readParam(WspReader reader) throws PduFormatException {
        int first = reader.peekOctet();
        String name;
        int token;
        if (first >= 0x80) {
            token = reader.readOctet();
            name = WspTables.parameterName(token);
        } else if (first >= 32) {
            token = -1;
            name = reader.readTextString();
        } else {
            throw new PduFormatException(reader.position(), String.format("expected a parameter, found 0x%02X", first));
        }
        return new Param(name, token, readParamValue(reader));
    }

    private static ParamValue readParamValue(WspReader reader) throws PduFormatException {
        int start = reader.position();
        try {
            return readTypedParamValue(reader, start);
        } catch (IllegalArgumentException e) {
            // A text the model cannot carry as text (e.g. a 0x7F-quoted leading '"'): keep its bytes.
            reader.seek(start);
            int end = reader.skipValue();
            return new ParamValue.Raw(Bytes.slice(reader.data(), start, end - start));
        }
    }

    private static ParamValue readTypedParamValue(WspReader reader, int start) throws PduFormatException {
        int first = reader.peekOctet();
        if (first >= 0x80) {
            return new ParamValue.Int(reader.readShortInteger());
        }
        if (first == '"') {
            reader.readOctet();
            return new ParamValue.Text(readTextRest(reader, start), true);
        }
        if (first >= 32) {
            return new ParamValue.Text(reader.readTextString(), false);
        }
        if (first == 0) {
            // No-value: a parameter without a value, the same octet as an empty Text-string.
            reader.readOctet();
            return new ParamValue.Text("", false);
        }
        if (first <= 8) {
            return new ParamValue.Int(reader.readLongInteger());
        }
        int end = reader.skipValue();
        return new ParamValue.Raw(Bytes.slice(reader.data(), start, end - start));
    }

    private static String readTextRest(WspReader reader, int start) throws PduFormatException {
        byte[] data = reader.data();
        int from = reader.position();
        int position = from;
        while (position < reader.limit() && data[position] != 0) {
            position++;
        }
        if (position >= reader.limit()) {
            throw new PduFormatException(start, "quoted-string without its terminating NUL");
        }
        reader.seek(position + 1);
        return Texts.decode(data, from, position);
    }

    static void write(WspWriter out, ContentType type) {
        if (type.params().isEmpty()) {
            if (type.wellKnown() >= 0 && type.wellKnown() < 128) {
                out.shortInteger(type.wellKnown());
            } else if (type.wellKnown() >= 0) {
                out.lengthPrefixed(w -> w.longInteger(type.wellKnown()));
            } else {
                out.textString(type.mediaType());
            }
            return;
        }
        out.lengthPrefixed(w -> {
            if (type.wellKnown() >= 0) {
                w.integerValue(type.wellKnown());
            } else {
                w.textString(type.mediaType());
            }
            type.params().forEach(param -> writeParam(w, param));
        });
    }

    static void writeParam(WspWriter out, Param param) {
        if (param.token() >= 0x80) {
            out.octet(param.token());
        } else {
            out.textString(param.name());
        }
        ParamValue value = param.value();
        if (value instanceof ParamValue.Int integer) {
            out.integerValue(integer.value());
        } else if (value instanceof ParamValue.Text text && text.quoted()) {
            out.octet('"').textBytes(text.value()).octet(0);
        } else if (value instanceof ParamValue.Text text) {
            out.textString(text.value());
        } else {
            ((ParamValue.Raw) value).encoded().writeTo(out.stream());
        }
    }
}
