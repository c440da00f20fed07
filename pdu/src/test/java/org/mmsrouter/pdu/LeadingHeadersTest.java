package org.mmsrouter.pdu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class LeadingHeadersTest {

    @Test
    void readsTypeTransactionIdAndVersionOfAComposedSendReq() throws PduFormatException {
        byte[] pdu = new SendReqComposer().transactionId("abc-1").mmsVersion(0x13)
                .to("+4912345/TYPE=PLMN").subject("hi").text("hello").compose();
        LeadingHeaders headers = LeadingHeaders.read(pdu);
        assertEquals(Optional.of(MessageType.M_SEND_REQ), headers.messageType());
        assertEquals("abc-1", headers.transactionId());
        assertEquals(0x13, headers.mmsVersion());
    }

    @Test
    void acceptsAPduWithoutTransactionId() throws PduFormatException {
        byte[] deliveryInd = {(byte) 0x8C, (byte) 0x86, (byte) 0x8D, (byte) 0x90};
        LeadingHeaders headers = LeadingHeaders.read(deliveryInd);
        assertNull(headers.transactionId());
        assertEquals(0x10, headers.mmsVersion());
        assertEquals(4, headers.endOffset());
    }

    @Test
    void rejectsBytesThatDoNotStartWithTheMessageType() {
        PduFormatException e = assertThrows(PduFormatException.class,
                () -> LeadingHeaders.read("GET / HTTP/1.1".getBytes()));
        assertEquals(0, e.offset());
    }

    @Test
    void rejectsAnEmptyPdu() {
        assertThrows(PduFormatException.class, () -> LeadingHeaders.read(new byte[0]));
    }

    @Test
    void rejectsATruncatedTransactionId() {
        byte[] truncated = {(byte) 0x8C, (byte) 0x80, (byte) 0x98, 'a', 'b'};
        PduFormatException e = assertThrows(PduFormatException.class, () -> LeadingHeaders.read(truncated));
        assertEquals(3, e.offset());
    }

    @Test
    void unassignedTypeOctetIsReportedAsEmpty() throws PduFormatException {
        byte[] pdu = {(byte) 0x8C, (byte) 0xFE};
        assertEquals(Optional.empty(), LeadingHeaders.read(pdu).messageType());
    }
}
