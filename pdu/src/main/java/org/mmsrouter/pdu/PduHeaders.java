package org.mmsrouter.pdu;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What the router's hot path needs from a PDU, read without touching the body: the scan walks the
 * headers by their generic shape and decodes only these fields.
 *
 * @param messageTypeOctet  X-Mms-Message-Type octet
 * @param transactionId     or {@code null}
 * @param mmsVersion        version octet without its high bit (0x12 = 1.2), or -1
 * @param from              sender address text, {@code "#insert"} for Insert-address, or {@code null}
 * @param to                To addresses in order
 * @param cc                Cc addresses
 * @param bcc               Bcc addresses
 * @param messageId         or {@code null}
 * @param contentLocation   or {@code null}
 * @param responseStatus    X-Mms-Response-Status octet, or -1
 * @param retrieveStatus    X-Mms-Retrieve-Status octet, or -1
 * @param status            X-Mms-Status octet, or -1
 * @param expiry            X-Mms-Expiry, or {@code null}
 * @param bodyOffset        offset of the first body byte (just after Content-Type), or -1 without a body
 */
public record PduHeaders(
        int messageTypeOctet,
        String transactionId,
        int mmsVersion,
        String from,
        List<String> to,
        List<String> cc,
        List<String> bcc,
        String messageId,
        String contentLocation,
        int responseStatus,
        int retrieveStatus,
        int status,
        HeaderValue.Time expiry,
        int bodyOffset) {

    public Optional<MessageType> messageType() {
        return MessageType.fromOctet(messageTypeOctet);
    }

    /** Scans {@code pdu}; fails like {@link PduDecoder#decodeHeaders} would. */
    public static PduHeaders scan(byte[] pdu) throws PduFormatException {
        return new Scan(pdu).run();
    }

    /** Mutable state of one scan; kept out of the record so the result is immutable. */
    private static final class Scan {
        private final byte[] data;
        private final WspReader reader;
        private int type = -1;
        private String transactionId;
        private int version = -1;
        private String from;
        private List<String> to = List.of();
        private List<String> cc = List.of();
        private List<String> bcc = List.of();
        private String messageId;
        private String contentLocation;
        private int responseStatus = -1;
        private int retrieveStatus = -1;
        private int status = -1;
        private HeaderValue.Time expiry;
        private int bodyOffset = -1;

        Scan(byte[] data) {
            this.data = data;
            this.reader = new WspReader(data);
        }

        PduHeaders run() throws PduFormatException {
            if (!reader.hasRemaining()) {
                throw new PduFormatException(0, "empty input");
            }
            if (reader.peekOctet() != MmsHeader.MESSAGE_TYPE.octet()) {
                throw new PduFormatException(
                        0,
                        String.format(
                                "not an MMS PDU: it must start with X-Mms-Message-Type (0x8C), found 0x%02X",
                                reader.peekOctet()));
            }
            while (reader.hasRemaining() && bodyOffset < 0) {
                int first = reader.peekOctet();
                if (first < 32 || first == 0x7F) {
                    break;
                }
                if (first < 0x80) {
                    int nameStart = reader.position();
                    reader.skipValue();
                    requireValue(nameStart);
                    reader.skipValue();
                    continue;
                }
                int fieldAt = reader.position();
                int field = reader.readOctet();
                requireValue(fieldAt);
                int start = reader.position();
                int end = reader.skipValue();
                record(field, start, end);
            }
            return new PduHeaders(
                    type,
                    transactionId,
                    version,
                    from,
                    List.copyOf(to),
                    List.copyOf(cc),
                    List.copyOf(bcc),
                    messageId,
                    contentLocation,
                    responseStatus,
                    retrieveStatus,
                    status,
                    expiry,
                    bodyOffset);
        }

        /** The header that started at {@code headerAt} must have a value; the message is built only on failure. */
        private void requireValue(int headerAt) throws PduFormatException {
            if (!reader.hasRemaining()) {
                throw new PduFormatException(
                        reader.position(), String.format("header at byte %d has no value: the PDU ends", headerAt));
            }
        }

        private void record(int field, int start, int end) {
            // Single-valued fields: the first occurrence counts, as with Pdu#header.
            switch (field) {
                case 0x8C -> type = type < 0 ? octet(start, end) : type;
                case 0x98 -> transactionId = transactionId == null ? text(ValueKind.TEXT, start, end) : transactionId;
                case 0x8D -> version = version < 0 && octet(start, end) >= 0 ? octet(start, end) & 0x7F : version;
                case 0x89 -> from = from == null ? text(ValueKind.FROM, start, end) : from;
                case 0x97 -> to = add(to, text(ValueKind.ENCODED_STRING, start, end));
                case 0x82 -> cc = add(cc, text(ValueKind.ENCODED_STRING, start, end));
                case 0x81 -> bcc = add(bcc, text(ValueKind.ENCODED_STRING, start, end));
                case 0x8B -> messageId = messageId == null ? text(ValueKind.TEXT, start, end) : messageId;
                case 0x83 ->
                    contentLocation = contentLocation == null ? text(ValueKind.TEXT, start, end) : contentLocation;
                case 0x92 -> responseStatus = responseStatus < 0 ? octet(start, end) : responseStatus;
                case 0x99 -> retrieveStatus = retrieveStatus < 0 ? octet(start, end) : retrieveStatus;
                case 0x95 -> status = status < 0 ? octet(start, end) : status;
                case 0x88 -> expiry = expiry == null ? time(start, end) : expiry;
                case 0x84 -> bodyOffset = end;
                default -> {
                    // not needed on the hot path
                }
            }
        }

        /** Most PDUs have no Cc or Bcc and one or two To: allocate a list only when there is something to hold. */
        private static List<String> add(List<String> list, String address) {
            List<String> grown = list.isEmpty() ? new ArrayList<>(2) : list;
            grown.add(address);
            return grown;
        }

        private HeaderValue.Time time(int start, int end) {
            HeaderValue value = HeaderValues.read(ValueKind.TIME, data, start, end - start);
            return value instanceof HeaderValue.Time time ? time : null;
        }

        private int octet(int start, int end) {
            return end - start == 1 && (data[start] & 0x80) != 0 ? data[start] & 0xFF : -1;
        }

        private String text(ValueKind kind, int start, int end) {
            if (kind == ValueKind.TEXT
                    && end - start >= 1
                    && data[end - 1] == 0
                    && (data[start] & 0xFF) >= 32
                    && (data[start] & 0xFF) < 0x80) {
                int from = data[start] == 0x7F ? start + 1 : start;
                String text = Texts.decode(data, from, end - 1);
                if (text.isEmpty() || (text.charAt(0) >= 0x20 && text.charAt(0) != 0x7F)) {
                    return text;
                }
            }
            return HeaderValues.read(kind, data, start, end - start).text();
        }
    }
}
