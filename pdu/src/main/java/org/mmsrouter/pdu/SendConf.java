package org.mmsrouter.pdu;

import java.util.ArrayList;
import java.util.List;

/**
 * An m-send-conf: the answer to an m-send-req.
 *
 * @param transactionId  echo of the request's Transaction-ID
 * @param mmsVersion     version octet without its high bit (0x12 = 1.2)
 * @param responseStatus X-Mms-Response-Status octet, see {@link ResponseStatus}
 * @param responseText   X-Mms-Response-Text, or {@code null}
 * @param messageId      Message-ID assigned by the MMSC, or {@code null} (present when Ok)
 */
public record SendConf(
        String transactionId, int mmsVersion, int responseStatus, String responseText, String messageId) {

    public SendConf {
        if (transactionId == null) {
            throw new IllegalArgumentException("an m-send-conf needs a Transaction-ID");
        }
    }

    /** The PDU model of this m-send-conf, headers in specification order. */
    public Pdu toPdu() {
        List<Header> headers = new ArrayList<>();
        headers.add(Header.of(MmsHeader.MESSAGE_TYPE, new HeaderValue.Octet(MessageType.M_SEND_CONF.octet())));
        headers.add(Header.of(MmsHeader.TRANSACTION_ID, new HeaderValue.Text(transactionId)));
        headers.add(Header.of(MmsHeader.MMS_VERSION, new HeaderValue.Octet(0x80 | mmsVersion)));
        headers.add(Header.of(MmsHeader.RESPONSE_STATUS, new HeaderValue.Octet(responseStatus)));
        if (responseText != null) {
            boolean ascii = responseText.chars().allMatch(c -> c >= 0x20 && c < 0x7F);
            headers.add(Header.of(
                    MmsHeader.RESPONSE_TEXT,
                    ascii
                            ? HeaderValue.EncodedText.plain(responseText)
                            : new HeaderValue.EncodedText(responseText, 106)));
        }
        if (messageId != null) {
            headers.add(Header.of(MmsHeader.MESSAGE_ID, new HeaderValue.Text(messageId)));
        }
        return Pdu.of(headers, new Body.None());
    }

    public byte[] encode() {
        return PduEncoder.encodeCanonical(toPdu());
    }

    /** Decodes an m-send-conf; it must carry a Transaction-ID and a Response-Status. */
    public static SendConf decode(byte[] bytes) throws PduFormatException {
        Pdu pdu = PduDecoder.decode(bytes);
        if (pdu.messageType().orElse(null) != MessageType.M_SEND_CONF) {
            throw new PduFormatException(
                    1,
                    "expected m-send-conf (0x81), found message type "
                            + pdu.value(MmsHeader.MESSAGE_TYPE)
                                    .map(HeaderValue::text)
                                    .orElse("?"));
        }
        String tid = pdu.transactionId()
                .orElseThrow(() -> new PduFormatException(2, "m-send-conf without X-Mms-Transaction-ID"));
        HeaderValue status = pdu.value(MmsHeader.RESPONSE_STATUS)
                .orElseThrow(() -> new PduFormatException(bytes.length, "m-send-conf without X-Mms-Response-Status"));
        if (!(status instanceof HeaderValue.Octet octet)) {
            throw new PduFormatException(bytes.length, "X-Mms-Response-Status is not an octet: " + status.text());
        }
        int version = pdu.value(MmsHeader.MMS_VERSION)
                .filter(HeaderValue.Octet.class::isInstance)
                .map(v -> ((HeaderValue.Octet) v).value() & 0x7F)
                .orElse(-1);
        return new SendConf(
                tid,
                version,
                octet.value(),
                pdu.value(MmsHeader.RESPONSE_TEXT).map(HeaderValue::text).orElse(null),
                pdu.messageId().orElse(null));
    }
}
