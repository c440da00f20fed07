package org.mmsrouter.pdu;

/**
 * Encodes PDUs. {@link #encode} writes decoded headers, part headers and non-minimal lengths back
 * exactly as they arrived, so {@code encode(decode(bytes))} equals {@code bytes};
 * {@link #encodeCanonical} ignores those wire bytes and encodes every typed value afresh.
 */
public final class PduEncoder {

    private PduEncoder() {}

    public static byte[] encode(Pdu pdu) {
        return encode(pdu, true);
    }

    /** Encodes from the typed values only: minimal lengths, UTF-8 text. */
    public static byte[] encodeCanonical(Pdu pdu) {
        return encode(pdu, false);
    }

    private static byte[] encode(Pdu pdu, boolean useWire) {
        WspWriter out = new WspWriter();
        for (Header header : pdu.headers()) {
            boolean application = header.octet() == Header.APPLICATION;
            if (useWire && header.wire() != null) {
                if (!application) {
                    out.octet(header.octet());
                }
                header.wire().writeTo(out.stream());
                continue;
            }
            if (application) {
                out.textString(header.name());
            } else {
                out.octet(header.octet());
            }
            HeaderValues.write(out, header.field(), header.value());
        }
        Body body = pdu.body();
        if (body instanceof Body.Opaque opaque) {
            opaque.bytes().writeTo(out.stream());
        } else if (body instanceof Body.SinglePart single) {
            single.data().writeTo(out.stream());
        } else if (body instanceof Body.Multipart multipart) {
            Multiparts.write(out, multipart, useWire);
        }
        pdu.trailing().writeTo(out.stream());
        return out.toByteArray();
    }
}
