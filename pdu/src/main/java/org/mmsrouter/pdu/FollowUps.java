package org.mmsrouter.pdu;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The MM1 PDUs a phone sends about a message that already exists (besides retrieving it), and
 * the confirmations some of them expect. Indications (m-notifyresp-ind, m-acknowledge-ind,
 * m-read-rec-ind, m-cancel-conf) are answered with an HTTP status only; requests (m-forward-req,
 * m-delete-req, the MMBox requests) with a confirmation PDU.
 */
public final class FollowUps {

    private static final Map<MessageType, MessageType> CONFIRMATIONS = Map.of(
            MessageType.M_FORWARD_REQ, MessageType.M_FORWARD_CONF,
            MessageType.M_DELETE_REQ, MessageType.M_DELETE_CONF,
            MessageType.M_MBOX_STORE_REQ, MessageType.M_MBOX_STORE_CONF,
            MessageType.M_MBOX_VIEW_REQ, MessageType.M_MBOX_VIEW_CONF,
            MessageType.M_MBOX_UPLOAD_REQ, MessageType.M_MBOX_UPLOAD_CONF,
            MessageType.M_MBOX_DELETE_REQ, MessageType.M_MBOX_DELETE_CONF);

    private FollowUps() {}

    /** Whether {@code type} is an indication the MMSC answers with an HTTP status only. */
    public static boolean isIndication(MessageType type) {
        return type == MessageType.M_NOTIFYRESP_IND
                || type == MessageType.M_ACKNOWLEDGE_IND
                || type == MessageType.M_READ_REC_IND
                || type == MessageType.M_CANCEL_CONF;
    }

    /** The confirmation a request type expects, if it is one of the follow-up requests. */
    public static Optional<MessageType> confirmationOf(MessageType type) {
        return Optional.ofNullable(CONFIRMATIONS.get(type));
    }

    /** Whether {@code type} is a follow-up PDU at all (an indication or a request with a confirmation). */
    public static boolean isFollowUp(MessageType type) {
        return isIndication(type) || CONFIRMATIONS.containsKey(type);
    }

    /**
     * A confirmation with the fields every one of them has: Transaction-ID, version, Response-Status,
     * and optionally Response-Text and (m-forward-conf) Message-ID.
     *
     * @param mmsVersion version octet without its high bit (0x12 = 1.2)
     */
    public static byte[] confirmation(
            MessageType confType,
            String transactionId,
            int mmsVersion,
            int responseStatus,
            String responseText,
            String messageId) {
        List<Header> headers = new ArrayList<>();
        headers.add(Header.of(MmsHeader.MESSAGE_TYPE, new HeaderValue.Octet(confType.octet())));
        headers.add(
                Header.of(MmsHeader.TRANSACTION_ID, new HeaderValue.Text(transactionId == null ? "" : transactionId)));
        headers.add(Header.of(MmsHeader.MMS_VERSION, new HeaderValue.Octet(0x80 | mmsVersion)));
        headers.add(Header.of(MmsHeader.RESPONSE_STATUS, new HeaderValue.Octet(responseStatus)));
        if (responseText != null) {
            headers.add(Header.of(MmsHeader.RESPONSE_TEXT, HeaderValue.EncodedText.plain(responseText)));
        }
        if (messageId != null) {
            headers.add(Header.of(MmsHeader.MESSAGE_ID, new HeaderValue.Text(messageId)));
        }
        return PduEncoder.encodeCanonical(Pdu.of(headers, new Body.None()));
    }
}
