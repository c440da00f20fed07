package org.mmsrouter.pdu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class SendConfTest {

    @Test
    void encodesTheHeadersInSpecificationOrder() {
        byte[] encoded = new SendConf("T1", 0x12, ResponseStatus.OK, null, "M9").encode();
        byte[] expected = {
            (byte) 0x8C,
            (byte) 0x81,
            (byte) 0x98,
            'T',
            '1',
            0,
            (byte) 0x8D,
            (byte) 0x92,
            (byte) 0x92,
            (byte) 0x80,
            (byte) 0x8B,
            'M',
            '9',
            0
        };
        assertArrayEquals(expected, encoded);
    }

    @Test
    void roundTripsWithResponseText() throws PduFormatException {
        SendConf conf = new SendConf(
                "tid-42", 0x13, ResponseStatus.ERROR_PERMANENT_CONTENT_NOT_ACCEPTED, "trop grand — too big", null);
        assertEquals(conf, SendConf.decode(conf.encode()));
    }

    @Test
    void skipsHeadersItDoesNotUse() throws PduFormatException {
        byte[] base = new SendConf("T", 0x12, ResponseStatus.OK, null, "M").encode();
        byte[] withExtras = new byte[base.length + 9];
        System.arraycopy(base, 0, withExtras, 0, base.length);
        int i = base.length;
        // X-Mms-Store-Status (0xA5) short value, then an application header "X-a: b".
        withExtras[i++] = (byte) 0xA5;
        withExtras[i++] = (byte) 0x80;
        for (byte b : new byte[] {'X', '-', 'a', 0, 'b', 0}) {
            withExtras[i++] = b;
        }
        withExtras[i] = 0;
        byte[] trimmed = Arrays.copyOf(withExtras, i);
        SendConf decoded = SendConf.decode(trimmed);
        assertEquals("M", decoded.messageId());
    }

    @Test
    void rejectsAnotherMessageType() {
        byte[] sendReq = new SendReqComposer().to("+4912345/TYPE=PLMN").compose();
        PduFormatException e = assertThrows(PduFormatException.class, () -> SendConf.decode(sendReq));
        assertEquals(1, e.offset());
    }

    @Test
    void rejectsAMissingStatus() {
        byte[] noStatus = {(byte) 0x8C, (byte) 0x81, (byte) 0x98, 'T', 0, (byte) 0x8D, (byte) 0x92};
        assertThrows(PduFormatException.class, () -> SendConf.decode(noStatus));
    }
}
