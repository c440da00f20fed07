package org.mmsrouter.tools.load;

import java.util.List;
import java.util.SplittableRandom;
import org.mmsrouter.pdu.Body;
import org.mmsrouter.pdu.Bytes;
import org.mmsrouter.pdu.Part;
import org.mmsrouter.pdu.Pdu;
import org.mmsrouter.pdu.PduEncoder;
import org.mmsrouter.pdu.SendReqComposer;

/**
 * Builds the m-send-reqs of a load run: {@link SendReqComposer}'s single-part multipart with the
 * part's data replaced by pseudo-random bytes, so the encoded PDU is {@code targetSize} bytes
 * (as near as the encoding allows; never below the size of the headers). Each MM has its own
 * Transaction-ID; the padding is generated once and shared. Thread-safe.
 */
public final class MmFactory {

    static final String RECIPIENT = "+15550001111/TYPE=PLMN";
    static final String SUBJECT = "tools load";

    private final int targetSize;
    private final byte[] padding;

    public MmFactory(int targetSize, long seed) {
        if (targetSize < 0) {
            throw new IllegalArgumentException("size must not be negative, got " + targetSize);
        }
        this.targetSize = targetSize;
        this.padding = new byte[targetSize];
        new SplittableRandom(seed).nextBytes(padding);
    }

    public int targetSize() {
        return targetSize;
    }

    /** The encoded m-send-req with this Transaction-ID. */
    public byte[] build(String transactionId) {
        Pdu template = new SendReqComposer()
                .transactionId(transactionId)
                .to(RECIPIENT)
                .subject(SUBJECT)
                .toPdu();
        int overhead = PduEncoder.encodeCanonical(withData(template, 0)).length;
        int data = Math.max(0, targetSize - overhead);
        byte[] encoded = PduEncoder.encodeCanonical(withData(template, data));
        // The part's length field (a uintvar) may grow by a byte or two with the data: settle once.
        int excess = encoded.length - targetSize;
        if (excess > 0 && data > 0) {
            encoded = PduEncoder.encodeCanonical(withData(template, Math.max(0, data - excess)));
        }
        return encoded;
    }

    private Pdu withData(Pdu pdu, int length) {
        Body.Multipart multipart = (Body.Multipart) pdu.body();
        Part part = multipart.parts().get(0);
        Part padded = Part.of(part.contentType(), part.headers(), Bytes.slice(padding, 0, length));
        return Pdu.of(pdu.headers(), Body.Multipart.of(List.of(padded)));
    }
}
