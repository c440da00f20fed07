package org.mmsrouter.pdu;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A decoded (or composed) MMS PDU: its headers in wire order, the body, and any stray bytes that
 * followed the headers of a body-less PDU (kept so re-encoding is byte-exact).
 */
public record Pdu(List<Header> headers, Body body, Bytes trailing) {

    public Pdu {
        headers = List.copyOf(headers);
        Objects.requireNonNull(body);
        Objects.requireNonNull(trailing);
    }

    public static Pdu of(List<Header> headers, Body body) {
        return new Pdu(headers, body, Bytes.EMPTY);
    }

    /** The first header of this field. */
    public Optional<Header> header(MmsHeader field) {
        return headers.stream().filter(h -> h.is(field)).findFirst();
    }

    /** Every header of this field (To, Cc and Bcc repeat), in order. */
    public List<Header> headers(MmsHeader field) {
        return headers.stream().filter(h -> h.is(field)).toList();
    }

    public Optional<HeaderValue> value(MmsHeader field) {
        return header(field).map(Header::value);
    }

    /** The message type, empty when the type octet is unassigned. */
    public Optional<MessageType> messageType() {
        return value(MmsHeader.MESSAGE_TYPE)
                .filter(HeaderValue.Octet.class::isInstance)
                .flatMap(v -> MessageType.fromOctet(((HeaderValue.Octet) v).value()));
    }

    public Optional<String> transactionId() {
        return value(MmsHeader.TRANSACTION_ID).map(HeaderValue::text);
    }

    public Optional<String> messageId() {
        return value(MmsHeader.MESSAGE_ID).map(HeaderValue::text);
    }

    public Optional<ContentType> contentType() {
        return value(MmsHeader.CONTENT_TYPE)
                .filter(HeaderValue.ContentTypeValue.class::isInstance)
                .map(v -> ((HeaderValue.ContentTypeValue) v).contentType());
    }
}
