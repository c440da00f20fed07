package org.mmsrouter.pdu;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Composes a simple m-send-req: one or more recipients, an optional subject and a single
 * UTF-8 text part in a multipart/mixed body. Enough for the {@code submit} tool and for tests;
 * {@code tools compose} builds any shape through the {@link Pdu} model.
 */
public final class SendReqComposer {

    private static final int PARAM_CHARSET = 0x81;
    private static final int MIB_UTF_8 = 106;

    private String transactionId = "T" + System.nanoTime();
    private int mmsVersion = 0x12;
    private String from;
    private final List<String> to = new ArrayList<>();
    private String subject;
    private String text = "";
    private final List<Header> extra = new ArrayList<>();

    public SendReqComposer transactionId(String value) {
        this.transactionId = Objects.requireNonNull(value);
        return this;
    }

    /** Version octet without its high bit: 0x10 = 1.0 … 0x13 = 1.3. */
    public SendReqComposer mmsVersion(int value) {
        this.mmsVersion = value;
        return this;
    }

    /** Sender address; {@code null} (the default) asks the MMSC to insert it. */
    public SendReqComposer from(String address) {
        this.from = address;
        return this;
    }

    public SendReqComposer to(String address) {
        this.to.add(Objects.requireNonNull(address));
        return this;
    }

    public SendReqComposer subject(String value) {
        this.subject = value;
        return this;
    }

    public SendReqComposer text(String value) {
        this.text = Objects.requireNonNull(value);
        return this;
    }

    /** Any further header (X-Mms-Expiry, Date, ...), written after the recipients and subject. */
    public SendReqComposer header(MmsHeader field, HeaderValue value) {
        this.extra.add(Header.of(field, value));
        return this;
    }

    public Pdu toPdu() {
        if (to.isEmpty()) {
            throw new IllegalStateException("an m-send-req needs at least one recipient");
        }
        List<Header> headers = new ArrayList<>();
        headers.add(Header.of(MmsHeader.MESSAGE_TYPE, new HeaderValue.Octet(MessageType.M_SEND_REQ.octet())));
        headers.add(Header.of(MmsHeader.TRANSACTION_ID, new HeaderValue.Text(transactionId)));
        headers.add(Header.of(MmsHeader.MMS_VERSION, new HeaderValue.Octet(0x80 | mmsVersion)));
        headers.add(Header.of(
                MmsHeader.FROM, from == null ? HeaderValue.From.INSERT_ADDRESS : new HeaderValue.From(encoded(from))));
        to.forEach(recipient -> headers.add(Header.of(MmsHeader.TO, encoded(recipient))));
        if (subject != null) {
            headers.add(Header.of(MmsHeader.SUBJECT, encoded(subject)));
        }
        headers.addAll(extra);
        headers.add(Header.of(
                MmsHeader.CONTENT_TYPE,
                new HeaderValue.ContentTypeValue(ContentType.of("application/vnd.wap.multipart.mixed"))));
        Part part = Part.of(
                ContentType.of("text/plain", Param.wellKnown(PARAM_CHARSET, new ParamValue.Int(MIB_UTF_8))),
                List.of(PartHeader.contentLocation("text.txt")),
                Bytes.copyOf(text.getBytes(StandardCharsets.UTF_8)));
        return Pdu.of(headers, Body.Multipart.of(List.of(part)));
    }

    public byte[] compose() {
        return PduEncoder.encodeCanonical(toPdu());
    }

    /** Plain Text-string for US-ASCII, UTF-8 tagged otherwise. */
    private static HeaderValue.EncodedText encoded(String text) {
        boolean ascii = text.chars().allMatch(c -> c >= 0x20 && c < 0x7F);
        return ascii ? HeaderValue.EncodedText.plain(text) : new HeaderValue.EncodedText(text, MIB_UTF_8);
    }
}
