package org.mmsrouter.pdu;

import java.util.Optional;

/**
 * The headers every MMS PDU starts with: X-Mms-Message-Type, then X-Mms-Transaction-ID (absent in
 * some types), then X-Mms-MMS-Version. Reading them costs a few octets and never touches the body.
 *
 * @param messageTypeOctet the raw message-type octet (it may be unassigned)
 * @param transactionId    the Transaction-ID, or {@code null} when the PDU has none
 * @param mmsVersion       the version octet without its high bit (0x12 = 1.2), or -1 when absent
 * @param endOffset        offset of the first byte after these headers
 */
public record LeadingHeaders(int messageTypeOctet, String transactionId, int mmsVersion, int endOffset) {

    /** The message type, empty when the octet is not an assigned type. */
    public Optional<MessageType> messageType() {
        return MessageType.fromOctet(messageTypeOctet);
    }

    public Optional<String> transactionIdIfPresent() {
        return Optional.ofNullable(transactionId);
    }

    /** Reads the leading headers of {@code pdu}. */
    public static LeadingHeaders read(byte[] pdu) throws PduFormatException {
        return read(new WspReader(pdu));
    }

    static LeadingHeaders read(WspReader reader) throws PduFormatException {
        int start = reader.position();
        if (!reader.hasRemaining()) {
            throw new PduFormatException(start, "empty PDU");
        }
        int first = reader.readOctet();
        if (first != HeaderField.MESSAGE_TYPE) {
            throw new PduFormatException(start,
                    String.format("a PDU must start with X-Mms-Message-Type (0x8C), found 0x%02X", first));
        }
        int typeOctet = reader.readOctet();
        String transactionId = null;
        if (reader.hasRemaining() && reader.peekOctet() == HeaderField.TRANSACTION_ID) {
            reader.readOctet();
            transactionId = reader.readTextString();
        }
        int version = -1;
        if (reader.hasRemaining() && reader.peekOctet() == HeaderField.MMS_VERSION) {
            reader.readOctet();
            version = reader.readShortInteger();
        }
        return new LeadingHeaders(typeOctet, transactionId, version, reader.position());
    }
}
