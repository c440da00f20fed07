package org.mmsrouter.pdu;

import java.util.ArrayList;
import java.util.List;

/**
 * Decodes MMS PDUs. Every input either decodes or raises {@link PduFormatException} with the
 * offset and a reason; nothing is allocated from a length the input does not back.
 *
 * <p>Liberal where real encoders are sloppy: a value that does not fit its field's type is kept as
 * {@link HeaderValue.Generic}; stray bytes after the headers of a body-less PDU are kept as
 * {@link Pdu#trailing()}; non-minimal lengths are accepted. Every decoded header, part header and
 * length keeps its wire bytes, so {@link PduEncoder#encode} reproduces the input exactly.
 */
public final class PduDecoder {

    private static final int MESSAGE_TYPE = 0x8C;

    private PduDecoder() {}

    /** Decodes headers and body (multipart bodies into parts). */
    public static Pdu decode(byte[] pdu) throws PduFormatException {
        return decode(pdu, true);
    }

    /** Decodes the headers only; the body is left as an {@link Body.Opaque} range of the input. */
    public static Pdu decodeHeaders(byte[] pdu) throws PduFormatException {
        return decode(pdu, false);
    }

    private static Pdu decode(byte[] data, boolean decodeBody) throws PduFormatException {
        WspReader reader = new WspReader(data);
        if (!reader.hasRemaining()) {
            throw new PduFormatException(0, "empty input");
        }
        if (reader.peekOctet() != MESSAGE_TYPE) {
            throw new PduFormatException(
                    0,
                    String.format(
                            "not an MMS PDU: it must start with X-Mms-Message-Type (0x8C), found 0x%02X",
                            reader.peekOctet()));
        }
        List<Header> headers = new ArrayList<>();
        while (reader.hasRemaining()) {
            int start = reader.position();
            int first = reader.peekOctet();
            if (first < 32 || first == 0x7F) {
                // Not a header (a field octet, or a token-text name, starts otherwise): keep the stray
                // bytes (seen: "81 00 00" after the last header of a notification).
                return new Pdu(headers, new Body.None(), Bytes.slice(data, start, data.length - start));
            }
            Header header = first >= 0x80 ? readWellKnown(reader) : readApplication(reader);
            headers.add(header);
            if (header.is(MmsHeader.CONTENT_TYPE)) {
                int bodyStart = reader.position();
                Body body = decodeBody
                        ? readBody(data, bodyStart, header.value())
                        : new Body.Opaque(Bytes.slice(data, bodyStart, data.length - bodyStart));
                return new Pdu(headers, body, Bytes.EMPTY);
            }
        }
        return new Pdu(headers, new Body.None(), Bytes.EMPTY);
    }

    private static Header readWellKnown(WspReader reader) throws PduFormatException {
        int octet = reader.readOctet();
        MmsHeader field = MmsHeader.byOctetOrNull(octet);
        int valueStart = reader.position();
        if (!reader.hasRemaining()) {
            throw new PduFormatException(valueStart, String.format("header 0x%02X has no value: the PDU ends", octet));
        }
        int valueEnd = reader.skipValue();
        Bytes wire = Bytes.slice(reader.data(), valueStart, valueEnd - valueStart);
        String name = field != null ? field.headerName() : String.format("X-Mms-Unassigned-0x%02X", octet);
        HeaderValue value = field == null
                ? new HeaderValue.Generic(wire)
                : HeaderValues.read(field.kind(), reader.data(), valueStart, valueEnd - valueStart);
        return new Header(octet, name, value, wire);
    }

    private static Header readApplication(WspReader reader) throws PduFormatException {
        int headerStart = reader.position();
        String name = reader.readTextString();
        int valueStart = reader.position();
        if (!reader.hasRemaining()) {
            throw new PduFormatException(valueStart, "application header '" + name + "' has no value: the PDU ends");
        }
        int valueEnd = reader.skipValue();
        // The name's bytes need not be UTF-8: the wire of an application header covers name and value.
        Bytes wire = Bytes.slice(reader.data(), headerStart, valueEnd - headerStart);
        HeaderValue value = HeaderValues.read(ValueKind.TEXT, reader.data(), valueStart, valueEnd - valueStart);
        return new Header(Header.APPLICATION, name, value, wire);
    }

    private static Body readBody(byte[] data, int start, HeaderValue contentType) throws PduFormatException {
        if (contentType instanceof HeaderValue.ContentTypeValue typed
                && typed.contentType().isMultipart()) {
            return Multiparts.read(data, start);
        }
        return new Body.SinglePart(Bytes.slice(data, start, data.length - start));
    }
}
