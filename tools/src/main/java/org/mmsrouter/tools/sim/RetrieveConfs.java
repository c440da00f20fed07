package org.mmsrouter.tools.sim;

import java.util.ArrayList;
import java.util.List;
import org.mmsrouter.pdu.Header;
import org.mmsrouter.pdu.HeaderValue;
import org.mmsrouter.pdu.MessageType;
import org.mmsrouter.pdu.MmsHeader;
import org.mmsrouter.pdu.Pdu;
import org.mmsrouter.pdu.PduDecoder;
import org.mmsrouter.pdu.PduEncoder;
import org.mmsrouter.pdu.PduFormatException;

/**
 * Builds the m-retrieve-conf a simulated MMSC serves for a stored m-send-req: the message type
 * becomes m-retrieve-conf, Message-ID and Date follow the version, the request's other headers
 * and its body are kept as they arrived.
 */
final class RetrieveConfs {

    private RetrieveConfs() {}

    static byte[] fromSendReq(ReceivedMm mm) {
        Pdu request;
        try {
            request = PduDecoder.decodeHeaders(mm.pdu());
        } catch (PduFormatException e) {
            throw new IllegalStateException("stored MMs were decodable when accepted", e);
        }
        List<Header> headers = new ArrayList<>();
        for (Header header : request.headers()) {
            if (header.is(MmsHeader.MESSAGE_TYPE)) {
                headers.add(
                        Header.of(MmsHeader.MESSAGE_TYPE, new HeaderValue.Octet(MessageType.M_RETRIEVE_CONF.octet())));
                continue;
            }
            headers.add(header);
            if (header.is(MmsHeader.MMS_VERSION)) {
                headers.add(Header.of(MmsHeader.MESSAGE_ID, new HeaderValue.Text(mm.messageId())));
                headers.add(Header.of(
                        MmsHeader.DATE, new HeaderValue.Int(mm.receivedAt().getEpochSecond())));
            }
        }
        return PduEncoder.encode(new Pdu(headers, request.body(), request.trailing()));
    }
}
