package org.mmsrouter.pdu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class FollowUpsTest {

    @Test
    void indicationsRequestsAndTheRestAreToldApart() {
        for (MessageType type : MessageType.values()) {
            boolean indication = FollowUps.isIndication(type);
            boolean request = FollowUps.confirmationOf(type).isPresent();
            assertFalse(indication && request, type.specName());
            assertEquals(indication || request, FollowUps.isFollowUp(type), type.specName());
        }
        assertTrue(FollowUps.isIndication(MessageType.M_ACKNOWLEDGE_IND));
        assertEquals(Optional.of(MessageType.M_DELETE_CONF), FollowUps.confirmationOf(MessageType.M_DELETE_REQ));
        assertFalse(FollowUps.isFollowUp(MessageType.M_SEND_REQ), "a submission is not about an existing message");
        assertFalse(FollowUps.isFollowUp(MessageType.M_DELIVERY_IND), "MMSC to phone only");
    }

    @Test
    void aConfirmationDecodesWithItsFields() throws Exception {
        byte[] wire =
                FollowUps.confirmation(MessageType.M_FORWARD_CONF, "t-9", 0x12, ResponseStatus.OK, "fine", "m-1@x");

        PduHeaders headers = PduHeaders.scan(wire);
        Pdu pdu = PduDecoder.decode(wire);

        assertEquals(MessageType.M_FORWARD_CONF, headers.messageType().orElseThrow());
        assertEquals("t-9", headers.transactionId());
        assertEquals(0x12, headers.mmsVersion());
        assertEquals(ResponseStatus.OK, headers.responseStatus());
        assertEquals("m-1@x", headers.messageId());
        assertEquals("fine", pdu.value(MmsHeader.RESPONSE_TEXT).orElseThrow().text());
    }
}
