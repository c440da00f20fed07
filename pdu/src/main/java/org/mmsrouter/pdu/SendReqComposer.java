package org.mmsrouter.pdu;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Composes a simple m-send-req: one or more recipients, an optional subject and a single
 * UTF-8 text part in a multipart/mixed body. Enough for the {@code submit} tool and for tests;
 * the full codec writes every header and body shape.
 */
public final class SendReqComposer {

    private static final int WELL_KNOWN_MULTIPART_MIXED = 0x23;
    private static final int WELL_KNOWN_TEXT_PLAIN = 0x03;
    private static final int PARAM_CHARSET = 0x81;
    private static final int MIB_UTF_8 = 106;
    private static final int PART_CONTENT_LOCATION = 0x8E;
    private static final int ADDRESS_PRESENT = 0x80;
    private static final int INSERT_ADDRESS = 0x81;

    private String transactionId = "T" + System.nanoTime();
    private int mmsVersion = 0x12;
    private String from;
    private final List<String> to = new ArrayList<>();
    private String subject;
    private String text = "";

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

    public byte[] compose() {
        if (to.isEmpty()) {
            throw new IllegalStateException("an m-send-req needs at least one recipient");
        }
        WspWriter out = new WspWriter()
                .octet(HeaderField.MESSAGE_TYPE).octet(MessageType.M_SEND_REQ.octet())
                .octet(HeaderField.TRANSACTION_ID).textString(transactionId)
                .octet(HeaderField.MMS_VERSION).shortInteger(mmsVersion);
        out.octet(HeaderField.FROM);
        if (from == null) {
            out.valueLength(1).octet(INSERT_ADDRESS);
        } else {
            byte[] address = new WspWriter().octet(ADDRESS_PRESENT).encodedString(from).toByteArray();
            out.valueLength(address.length).bytes(address);
        }
        for (String recipient : to) {
            out.octet(HeaderField.TO).encodedString(recipient);
        }
        if (subject != null) {
            out.octet(HeaderField.SUBJECT).encodedString(subject);
        }
        out.octet(HeaderField.CONTENT_TYPE).shortInteger(WELL_KNOWN_MULTIPART_MIXED);
        out.bytes(textBody());
        return out.toByteArray();
    }

    private byte[] textBody() {
        byte[] contentType = new WspWriter().shortInteger(WELL_KNOWN_TEXT_PLAIN)
                .octet(PARAM_CHARSET).shortInteger(MIB_UTF_8).toByteArray();
        byte[] partHeaders = new WspWriter()
                .valueLength(contentType.length).bytes(contentType)
                .octet(PART_CONTENT_LOCATION).textString("text.txt")
                .toByteArray();
        byte[] data = text.getBytes(StandardCharsets.UTF_8);
        return new WspWriter().uintvar(1)
                .uintvar(partHeaders.length).uintvar(data.length)
                .bytes(partHeaders).bytes(data)
                .toByteArray();
    }
}
