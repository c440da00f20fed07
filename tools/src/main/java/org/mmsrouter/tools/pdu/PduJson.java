package org.mmsrouter.tools.pdu;

import java.util.List;
import java.util.Optional;
import org.mmsrouter.pdu.Body;
import org.mmsrouter.pdu.ContentType;
import org.mmsrouter.pdu.Header;
import org.mmsrouter.pdu.HeaderValue;
import org.mmsrouter.pdu.MmsHeader;
import org.mmsrouter.pdu.Part;
import org.mmsrouter.pdu.Pdu;
import org.mmsrouter.pdu.PduFormatException;

/** The JSON shape of {@code tools dump} (and what {@code tools compose} reads). */
public final class PduJson {

    private PduJson() {}

    /** One line describing a decoded PDU. */
    public static String describe(String file, Pdu pdu) {
        JsonWriter out = new JsonWriter();
        out.begin();
        out.field("file", file);
        out.field("ok", true);
        pdu.messageType().ifPresent(t -> out.field("messageType", t.specName()));
        octet(pdu, MmsHeader.MMS_VERSION).ifPresent(v -> out.field("mmsVersion", ((v >> 4) & 0x07) + "." + (v & 0x0F)));
        text(pdu, MmsHeader.TRANSACTION_ID).ifPresent(v -> out.field("transactionId", v));
        text(pdu, MmsHeader.MESSAGE_ID).ifPresent(v -> out.field("messageId", v));
        text(pdu, MmsHeader.FROM).ifPresent(v -> out.field("from", v));
        addresses(out, pdu, MmsHeader.TO, "to");
        addresses(out, pdu, MmsHeader.CC, "cc");
        addresses(out, pdu, MmsHeader.BCC, "bcc");
        text(pdu, MmsHeader.SUBJECT).ifPresent(v -> out.field("subject", v));
        text(pdu, MmsHeader.CONTENT_LOCATION).ifPresent(v -> out.field("contentLocation", v));
        octet(pdu, MmsHeader.RESPONSE_STATUS).ifPresent(v -> out.field("responseStatus", hex(v)));
        octet(pdu, MmsHeader.RETRIEVE_STATUS).ifPresent(v -> out.field("retrieveStatus", hex(v)));
        octet(pdu, MmsHeader.STATUS).ifPresent(v -> out.field("status", hex(v)));
        pdu.value(MmsHeader.DATE)
                .filter(HeaderValue.Int.class::isInstance)
                .ifPresent(v -> out.field("date", ((HeaderValue.Int) v).value()));
        pdu.contentType().ifPresent(ct -> out.field("contentType", ct.mediaType()));
        if (pdu.body() instanceof Body.Multipart multipart) {
            out.arrayField("parts");
            for (Part part : multipart.parts()) {
                out.beginElement();
                out.field("contentType", part.contentType().mediaType());
                out.field("size", part.data().length());
                part.contentId().ifPresent(v -> out.field("contentId", v));
                part.contentLocation().ifPresent(v -> out.field("contentLocation", v));
                part.name().ifPresent(v -> out.field("name", v));
                out.end();
            }
            out.endArray();
        } else if (pdu.body() instanceof Body.SinglePart single) {
            out.arrayField("parts");
            out.beginElement();
            out.field(
                    "contentType", pdu.contentType().map(ContentType::mediaType).orElse("application/octet-stream"));
            out.field("size", single.data().length());
            out.end();
            out.endArray();
        }
        out.arrayField("headers");
        for (Header header : pdu.headers()) {
            out.beginElement();
            out.field("name", header.name());
            out.field("value", header.value().text());
            out.end();
        }
        out.endArray();
        out.end();
        return out.toString();
    }

    /** One line describing a file that is not a decodable PDU. */
    public static String failure(String file, PduFormatException e) {
        JsonWriter out = new JsonWriter();
        out.begin();
        out.field("file", file);
        out.field("ok", false);
        out.field("error", e.reason());
        out.field("offset", e.offset());
        out.end();
        return out.toString();
    }

    private static Optional<Integer> octet(Pdu pdu, MmsHeader field) {
        return pdu.value(field).filter(HeaderValue.Octet.class::isInstance).map(v -> ((HeaderValue.Octet) v).value());
    }

    private static Optional<String> text(Pdu pdu, MmsHeader field) {
        return pdu.value(field).map(PduJson::readable);
    }

    /** Text of a value; a value kept as bytes is shown as well as it can be read. */
    private static String readable(HeaderValue value) {
        return value instanceof HeaderValue.Generic generic ? generic.displayText() : value.text();
    }

    private static void addresses(JsonWriter out, Pdu pdu, MmsHeader field, String key) {
        List<Header> headers = pdu.headers(field);
        if (headers.isEmpty()) {
            return;
        }
        out.arrayField(key);
        headers.forEach(h -> out.value(readable(h.value())));
        out.endArray();
    }

    private static String hex(int octet) {
        return String.format("0x%02X", octet);
    }
}
