package org.mmsrouter.pdu;

import java.util.Objects;
import java.util.Optional;

/**
 * A header of a multipart part, kept as its encoded value with typed readings.
 *
 * @param code    the WSP well-known header code (0–127), or -1 for a header sent by name
 * @param name    the header's name
 * @param encoded the value's bytes, exactly as on the wire
 */
public record PartHeader(int code, String name, Bytes encoded) {

    public PartHeader {
        Objects.requireNonNull(encoded);
        if (code < 0 && HeaderValue.textStringValue(name).isEmpty()) {
            throw new IllegalArgumentException("a header sent by name needs a name");
        }
        Objects.requireNonNull(name);
    }

    /** Content-ID as a Quoted-string, e.g. {@code <image1>}. */
    public static PartHeader contentId(String id) {
        return new PartHeader(
                WspTables.PART_CONTENT_ID,
                "Content-ID",
                Bytes.copyOf(new WspWriter().octet('"').textBytes(id).octet(0).toByteArray()));
    }

    /** Content-Location as a Text-string, e.g. {@code image1.jpg}. */
    public static PartHeader contentLocation(String location) {
        return new PartHeader(
                WspTables.PART_CONTENT_LOCATION,
                "Content-Location",
                Bytes.copyOf(new WspWriter().textString(location).toByteArray()));
    }

    /** A header sent by name with a text value, e.g. {@code Content-Transfer-Encoding: base64}. */
    public static PartHeader text(String name, String value) {
        return new PartHeader(
                -1, name, Bytes.copyOf(new WspWriter().textString(value).toByteArray()));
    }

    /** The value as text: text values decoded, other encodings in hex. */
    public String text() {
        if (encoded.isEmpty()) {
            return "";
        }
        int first = encoded.byteAt(0);
        if (first >= 32 && first < 128) {
            byte[] raw = encoded.toArray();
            int start = (first == '"' || first == 0x7F) ? 1 : 0;
            int end = raw[raw.length - 1] == 0 ? raw.length - 1 : raw.length;
            return Texts.decode(raw, start, Math.max(start, end));
        }
        if (code == WspTables.PART_CONTENT_DISPOSITION || code == WspTables.PART_CONTENT_DISPOSITION_14) {
            return disposition().orElse("0x" + encoded.hex());
        }
        return "0x" + encoded.hex();
    }

    /** Content-Disposition as text: {@code attachment; filename=a.jpg}. */
    private Optional<String> disposition() {
        try {
            byte[] raw = encoded.toArray();
            WspReader reader = new WspReader(raw);
            int length = reader.readValueLength();
            int end = reader.position() + length;
            int token = reader.readOctet();
            StringBuilder out = new StringBuilder(
                    switch (token) {
                        case 0x80 -> "form-data";
                        case 0x81 -> "attachment";
                        case 0x82 -> "inline";
                        default -> String.format("0x%02X", token);
                    });
            WspReader params = new WspReader(raw, reader.position(), end - reader.position());
            while (params.hasRemaining()) {
                Param param = ContentTypes.readParam(params);
                out.append("; ")
                        .append(param.name())
                        .append('=')
                        .append(param.value().text());
            }
            return Optional.of(out.toString());
        } catch (PduFormatException e) {
            return Optional.empty();
        }
    }

    Optional<String> dispositionFilename() {
        String text = text();
        int at = text.indexOf("filename=");
        if (at < 0) {
            return Optional.empty();
        }
        int end = text.indexOf(';', at);
        return Optional.of(text.substring(at + 9, end < 0 ? text.length() : end));
    }
}
