package org.mmsrouter.tools.sim;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.mmsrouter.pdu.LeadingHeaders;
import org.mmsrouter.pdu.PduFormatException;

/**
 * Builds the m-retrieve-conf a simulated MMSC serves for a stored m-send-req: new leading
 * headers (type 0x84, the Transaction-ID, version, Message-ID, Date), then the request's other
 * headers and body unchanged.
 */
final class RetrieveConfs {

    private RetrieveConfs() {
    }

    static byte[] fromSendReq(ReceivedMm mm) {
        LeadingHeaders leading;
        try {
            leading = LeadingHeaders.read(mm.pdu());
        } catch (PduFormatException e) {
            throw new IllegalStateException("stored MMs were decodable when accepted", e);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(mm.pdu().length + 64);
        out.write(0x8C);
        out.write(0x84);
        out.write(0x98);
        out.writeBytes(mm.transactionId().getBytes(StandardCharsets.UTF_8));
        out.write(0);
        out.write(0x8D);
        out.write(0x80 | Math.max(leading.mmsVersion(), 0x10));
        out.write(0x8B);
        out.writeBytes(mm.messageId().getBytes(StandardCharsets.UTF_8));
        out.write(0);
        long seconds = mm.receivedAt().getEpochSecond();
        out.write(0x85);
        out.write(4);
        for (int shift = 24; shift >= 0; shift -= 8) {
            out.write((int) (seconds >>> shift) & 0xFF);
        }
        out.write(mm.pdu(), leading.endOffset(), mm.pdu().length - leading.endOffset());
        return out.toByteArray();
    }
}
