package org.mmsrouter.retrieval;

import java.time.Instant;
import java.util.List;
import org.mmsrouter.pdu.Body;
import org.mmsrouter.pdu.Bytes;
import org.mmsrouter.pdu.ContentType;
import org.mmsrouter.pdu.Header;
import org.mmsrouter.pdu.HeaderValue;
import org.mmsrouter.pdu.MessageType;
import org.mmsrouter.pdu.MmsHeader;
import org.mmsrouter.pdu.Pdu;
import org.mmsrouter.pdu.PduEncoder;

/** The m-retrieve-conf answers the router gives itself when it cannot serve a retrieval. */
public final class RetrieveConfs {

    /** X-Mms-Retrieve-Status Error-transient-failure: the phone keeps the notification and retries later. */
    public static final int TRANSIENT_FAILURE = 0xC0;

    private static final int MMS_VERSION_1_2 = 0x92;

    private RetrieveConfs() {}

    /**
     * An m-retrieve-conf saying "try again later" (OMA MMS ENC: X-Mms-Retrieve-Status 0xC0), with
     * {@code text} as X-Mms-Retrieve-Text and an empty text/plain body, as the message type requires a body.
     */
    public static byte[] transientFailure(String text, Instant now) {
        List<Header> headers = List.of(
                Header.of(MmsHeader.MESSAGE_TYPE, new HeaderValue.Octet(MessageType.M_RETRIEVE_CONF.octet())),
                Header.of(MmsHeader.MMS_VERSION, new HeaderValue.Octet(MMS_VERSION_1_2)),
                Header.of(MmsHeader.DATE, new HeaderValue.Int(now.getEpochSecond())),
                Header.of(MmsHeader.RETRIEVE_STATUS, new HeaderValue.Octet(TRANSIENT_FAILURE)),
                Header.of(MmsHeader.RETRIEVE_TEXT, HeaderValue.EncodedText.plain(text)),
                Header.of(MmsHeader.CONTENT_TYPE, new HeaderValue.ContentTypeValue(ContentType.of("text/plain"))));
        return PduEncoder.encode(Pdu.of(headers, new Body.SinglePart(Bytes.EMPTY)));
    }
}
