package org.mmsrouter.pdu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PduHeadersTest {

    @Test
    void readsWhatTheHotPathNeedsFromASendReq() throws PduFormatException {
        byte[] pdu = new SendReqComposer()
                .transactionId("abc-1")
                .mmsVersion(0x13)
                .to("+4912345/TYPE=PLMN")
                .to("b@example.net")
                .subject("hi")
                .text("hello")
                .compose();

        PduHeaders headers = PduHeaders.scan(pdu);

        assertEquals(Optional.of(MessageType.M_SEND_REQ), headers.messageType());
        assertEquals("abc-1", headers.transactionId());
        assertEquals(0x13, headers.mmsVersion());
        assertEquals("#insert", headers.from());
        assertEquals(List.of("+4912345/TYPE=PLMN", "b@example.net"), headers.to());
        assertEquals(List.of(), headers.cc());
        assertEquals(-1, headers.responseStatus());
        Pdu full = PduDecoder.decode(pdu);
        int contentTypeEnd = pdu.length - PduEncoder.encode(Pdu.of(List.of(), full.body())).length;
        assertEquals(contentTypeEnd, headers.bodyOffset());
    }

    @Test
    void readsStatusFieldsAndLocations() throws PduFormatException {
        PduHeaders conf = PduHeaders.scan(new SendConf("t", 0x12, 0xE3, "no", "m-1").encode());
        assertEquals(0xE3, conf.responseStatus());
        assertEquals("m-1", conf.messageId());
        assertEquals(-1, conf.bodyOffset());

        PduHeaders notification = PduHeaders.scan(Hex.pdu("8c 82 98 't' 00 8d 92 83 'http://m/1' 00 95 84"));
        assertEquals("http://m/1", notification.contentLocation());
        assertEquals(
                new HeaderValue.Time(false, 259199),
                PduHeaders.scan(Hex.pdu("8c 82 98 't' 00 8d 92 88 05 81 03 03 f4 7f"))
                        .expiry());
        assertEquals(0x84, notification.status());
    }

    @Test
    void aPduWithoutTransactionIdIsFine() throws PduFormatException {
        PduHeaders headers = PduHeaders.scan(Hex.pdu("8c 86 8d 90"));
        assertNull(headers.transactionId());
        assertEquals(0x10, headers.mmsVersion());
    }

    @Test
    void refusesWhatTheDecoderRefuses() {
        assertEquals(
                0,
                assertThrows(PduFormatException.class, () -> PduHeaders.scan("GET / HTTP/1.1".getBytes()))
                        .offset());
        assertThrows(PduFormatException.class, () -> PduHeaders.scan(new byte[0]));
        assertEquals(
                3,
                assertThrows(PduFormatException.class, () -> PduHeaders.scan(Hex.pdu("8c 80 98 'ab'")))
                        .offset());
    }
}
