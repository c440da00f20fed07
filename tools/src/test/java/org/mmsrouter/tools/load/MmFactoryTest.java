package org.mmsrouter.tools.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mmsrouter.pdu.Body;
import org.mmsrouter.pdu.MessageType;
import org.mmsrouter.pdu.Pdu;
import org.mmsrouter.pdu.PduDecoder;
import org.mmsrouter.pdu.PduHeaders;

class MmFactoryTest {

    @ParameterizedTest
    @ValueSource(ints = {500, 1_000, 30_000, 100_000, 300_000, 1_000_000})
    void thePduIsWithinFivePercentOfTheRequestedSize(int size) {
        MmFactory factory = new MmFactory(size, 42);

        for (String tid : new String[] {"load-abc-1", "load-abc-12345", "load-abc-123456789"}) {
            int actual = factory.build(tid).length;
            assertTrue(Math.abs(actual - size) <= size * 0.05, size + " requested, " + actual + " built for " + tid);
        }
    }

    @Test
    void theDefaultSizeComesOutExact() {
        assertEquals(30_000, new MmFactory(30_000, 7).build("load-1a2b3c4d-17").length);
    }

    @Test
    void eachMmIsAValidMSendReqWithItsTransactionIdAndRandomData() throws Exception {
        byte[] pdu = new MmFactory(30_000, 1).build("load-run-7");

        PduHeaders headers = PduHeaders.scan(pdu);
        assertEquals(MessageType.M_SEND_REQ, headers.messageType().orElseThrow());
        assertEquals("load-run-7", headers.transactionId());
        assertEquals(1, headers.to().size());
        Pdu decoded = PduDecoder.decode(pdu);
        byte[] data = ((Body.Multipart) decoded.body()).parts().get(0).data().toArray();
        assertTrue(data.length > 29_800, "most of the PDU is the part: " + data.length);
        long zeros = 0;
        for (byte b : data) {
            zeros += b == 0 ? 1 : 0;
        }
        assertTrue(zeros < data.length / 50, "pseudo-random, not zero padding: " + zeros + " zeros");
    }

    @Test
    void differentTransactionIdsDifferOnlyThere() {
        MmFactory factory = new MmFactory(5_000, 3);

        byte[] a = factory.build("load-x-1");
        byte[] b = factory.build("load-x-2");
        assertEquals(a.length, b.length);
        assertNotEquals(Arrays.toString(a), Arrays.toString(b));
    }

    @Test
    void aSizeBelowTheHeadersGivesJustTheHeaders() {
        int headersOnly = new MmFactory(0, 1).build("load-x-1").length;

        assertTrue(headersOnly > 30 && headersOnly < 200, "headers and an empty part: " + headersOnly);
        assertEquals(headersOnly, new MmFactory(10, 1).build("load-x-1").length);
    }
}
