package org.mmsrouter.pdu;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Reads and writes WSP multipart bodies: nEntries, then per part HeadersLen, DataLen, headers, data. */
final class Multiparts {

    /** The smallest part: HeadersLen, DataLen and a one-octet content type. */
    private static final int MIN_PART_BYTES = 3;

    private Multiparts() {}

    static Body.Multipart read(byte[] data, int start) throws PduFormatException {
        WspReader reader = new WspReader(data, start, data.length - start);
        if (!reader.hasRemaining()) {
            throw new PduFormatException(start, "multipart content type but no body");
        }
        long count = reader.readUintvar();
        Bytes wireCount = canonicalOrWire(data, start, reader.position(), count);
        long possible = (data.length - reader.position()) / MIN_PART_BYTES;
        if (count > possible) {
            throw new PduFormatException(
                    start,
                    "multipart declares " + count + " parts but only " + (data.length - reader.position())
                            + " bytes follow");
        }
        List<Part> parts = new ArrayList<>();
        for (long i = 0; i < count; i++) {
            parts.add(readPart(reader, i));
        }
        int end = reader.position();
        return new Body.Multipart(parts, Bytes.slice(data, end, data.length - end), wireCount);
    }

    private static Part readPart(WspReader reader, long index) throws PduFormatException {
        byte[] data = reader.data();
        int lengthsStart = reader.position();
        long headersLength = reader.readUintvar();
        long dataLength = reader.readUintvar();
        int headersStart = reader.position();
        long left = reader.limit() - headersStart;
        if (headersLength > left || dataLength > left - headersLength) {
            throw new PduFormatException(
                    lengthsStart,
                    "part " + index + " declares " + headersLength + "+" + dataLength + " bytes but only " + left
                            + " follow");
        }
        if (headersLength == 0) {
            throw new PduFormatException(lengthsStart, "part " + index + " has no content type");
        }
        int headersEnd = headersStart + (int) headersLength;
        WspReader headers = new WspReader(data, headersStart, (int) headersLength);
        ContentType contentType;
        List<PartHeader> partHeaders = new ArrayList<>();
        try {
            contentType = ContentTypes.read(headers);
            while (headers.hasRemaining()) {
                partHeaders.add(readPartHeader(headers));
            }
        } catch (IllegalArgumentException e) {
            // e.g. an empty media type or header name: nothing a part can be made of
            throw new PduFormatException(headersStart, "part " + index + " headers unusable: " + e.getMessage());
        }
        reader.seek(headersEnd + (int) dataLength);
        Bytes lengths = Bytes.slice(data, lengthsStart, headersStart - lengthsStart);
        boolean canonical = Arrays.equals(
                lengths.toArray(),
                new WspWriter().uintvar(headersLength).uintvar(dataLength).toByteArray());
        return new Part(
                contentType,
                partHeaders,
                Bytes.slice(data, headersEnd, (int) dataLength),
                Bytes.slice(data, headersStart, (int) headersLength),
                canonical ? null : lengths);
    }

    private static PartHeader readPartHeader(WspReader reader) throws PduFormatException {
        int first = reader.peekOctet();
        int code;
        String name;
        if (first >= 0x80) {
            code = reader.readShortInteger();
            name = WspTables.partHeaderName(code);
        } else if (first >= 32) {
            code = -1;
            name = reader.readTextString();
        } else {
            throw new PduFormatException(
                    reader.position(), String.format("expected a part header, found 0x%02X", first));
        }
        int valueStart = reader.position();
        if (!reader.hasRemaining()) {
            throw new PduFormatException(valueStart, "part header " + name + " has no value");
        }
        int valueEnd = reader.skipValue();
        return new PartHeader(code, name, Bytes.slice(reader.data(), valueStart, valueEnd - valueStart));
    }

    private static Bytes canonicalOrWire(byte[] data, int from, int to, long value) {
        byte[] canonical = new WspWriter().uintvar(value).toByteArray();
        return Arrays.equals(data, from, to, canonical, 0, canonical.length)
                ? null
                : Bytes.slice(data, from, to - from);
    }

    static void write(WspWriter out, Body.Multipart body, boolean useWire) {
        if (useWire
                && body.wireCount() != null
                && decodesTo(body.wireCount(), body.parts().size())) {
            body.wireCount().writeTo(out.stream());
        } else {
            out.uintvar(body.parts().size());
        }
        for (Part part : body.parts()) {
            byte[] headers =
                    useWire && part.wireHeaders() != null ? part.wireHeaders().toArray() : partHeaders(part);
            byte[] lengths = new WspWriter()
                    .uintvar(headers.length)
                    .uintvar(part.data().length())
                    .toByteArray();
            if (useWire
                    && part.wireLengths() != null
                    && decodesTo(part.wireLengths(), headers.length, part.data().length())) {
                part.wireLengths().writeTo(out.stream());
            } else {
                out.bytes(lengths);
            }
            out.bytes(headers);
            part.data().writeTo(out.stream());
        }
        body.trailing().writeTo(out.stream());
    }

    private static byte[] partHeaders(Part part) {
        WspWriter out = new WspWriter();
        ContentTypes.write(out, part.contentType());
        for (PartHeader header : part.headers()) {
            if (header.code() >= 0) {
                out.shortInteger(header.code());
            } else {
                out.textString(header.name());
            }
            header.encoded().writeTo(out.stream());
        }
        return out.toByteArray();
    }

    private static boolean decodesTo(Bytes wire, long... expected) {
        WspReader reader = new WspReader(wire.toArray());
        try {
            for (long value : expected) {
                if (reader.readUintvar() != value) {
                    return false;
                }
            }
            return !reader.hasRemaining();
        } catch (PduFormatException e) {
            return false;
        }
    }
}
