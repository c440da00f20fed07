package org.mmsrouter.retrieval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.mmsrouter.pdu.HeaderValue;
import org.mmsrouter.pdu.MessageType;
import org.mmsrouter.pdu.MmsHeader;
import org.mmsrouter.pdu.Pdu;
import org.mmsrouter.pdu.PduDecoder;
import org.mmsrouter.pdu.PduEncoder;

class RetrieveConfsTest {

    @Test
    void theTransientFailureIsAValidRetrieveConfWithRetrieveStatusC0() throws Exception {
        byte[] wire = RetrieveConfs.transientFailure("retry later", Instant.ofEpochSecond(1_800_000_000L));

        Pdu pdu = PduDecoder.decode(wire);

        assertEquals(MessageType.M_RETRIEVE_CONF, pdu.messageType().orElseThrow());
        assertEquals(
                new HeaderValue.Octet(0xC0),
                pdu.value(MmsHeader.RETRIEVE_STATUS).orElseThrow());
        assertEquals(
                "retry later",
                ((HeaderValue.EncodedText) pdu.value(MmsHeader.RETRIEVE_TEXT).orElseThrow()).value());
        assertEquals(
                new HeaderValue.Int(1_800_000_000L), pdu.value(MmsHeader.DATE).orElseThrow());
        assertEquals("text/plain", pdu.contentType().orElseThrow().mediaType());
        assertArrayEquals(wire, PduEncoder.encode(pdu), "round-trips byte for byte");
    }
}
