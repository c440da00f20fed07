package org.mmsrouter.pdu;

/**
 * An m-send-conf: the answer to an m-send-req.
 *
 * @param transactionId  echo of the request's Transaction-ID
 * @param mmsVersion     version octet without its high bit (0x12 = 1.2)
 * @param responseStatus X-Mms-Response-Status octet, see {@link ResponseStatus}
 * @param responseText   X-Mms-Response-Text, or {@code null}
 * @param messageId      Message-ID assigned by the MMSC, or {@code null} (present when Ok)
 */
public record SendConf(String transactionId, int mmsVersion, int responseStatus, String responseText, String messageId) {

    public SendConf {
        if (transactionId == null) {
            throw new IllegalArgumentException("an m-send-conf needs a Transaction-ID");
        }
    }

    public byte[] encode() {
        WspWriter out = new WspWriter()
                .octet(HeaderField.MESSAGE_TYPE).octet(MessageType.M_SEND_CONF.octet())
                .octet(HeaderField.TRANSACTION_ID).textString(transactionId)
                .octet(HeaderField.MMS_VERSION).shortInteger(mmsVersion)
                .octet(HeaderField.RESPONSE_STATUS).octet(responseStatus);
        if (responseText != null) {
            out.octet(HeaderField.RESPONSE_TEXT).encodedString(responseText);
        }
        if (messageId != null) {
            out.octet(HeaderField.MESSAGE_ID).textString(messageId);
        }
        return out.toByteArray();
    }

    /** Decodes an m-send-conf; headers it does not use are skipped by their generic WSP shape. */
    public static SendConf decode(byte[] pdu) throws PduFormatException {
        WspReader reader = new WspReader(pdu);
        LeadingHeaders leading = LeadingHeaders.read(reader);
        if (leading.messageTypeOctet() != MessageType.M_SEND_CONF.octet()) {
            throw new PduFormatException(1, String.format("expected m-send-conf (0x81), found message type 0x%02X",
                    leading.messageTypeOctet()));
        }
        if (leading.transactionId() == null) {
            throw new PduFormatException(2, "m-send-conf without X-Mms-Transaction-ID");
        }
        int status = -1;
        String text = null;
        String messageId = null;
        while (reader.hasRemaining()) {
            int field = reader.readOctet();
            switch (field) {
                case HeaderField.RESPONSE_STATUS -> status = reader.readOctet();
                case HeaderField.MESSAGE_ID -> messageId = reader.readTextString();
                case HeaderField.RESPONSE_TEXT -> text = EncodedStrings.read(reader);
                default -> GenericValues.skipHeader(field, reader);
            }
        }
        if (status < 0) {
            throw new PduFormatException(reader.position(), "m-send-conf without X-Mms-Response-Status");
        }
        return new SendConf(leading.transactionId(), leading.mmsVersion(), status, text, messageId);
    }
}
