package org.mmsrouter.web.mm1;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class Mm1ServletTest {

    @Test
    void mediaTypeIgnoresParametersAndCase() {
        assertEquals("application/vnd.wap.mms-message", Mm1Servlet.mediaType("Application/VND.WAP.MMS-Message; charset=x"));
    }

    @Test
    void msisdnHeadersAreRecognisedInAnyCase() {
        assertTrue(ForwardedHeaders.isMsisdn("X-WAP-Network-Client-MSISDN"));
        assertTrue(ForwardedHeaders.isMsisdn("x-msisdn"));
        assertTrue(ForwardedHeaders.isMsisdn("X-Up-Calling-Line-ID"));
        assertFalse(ForwardedHeaders.isMsisdn("X-WAP-Network-Client-IP"));
    }

    @Test
    void mandatoryHeadersOfAnMSendReqAreChecked() throws Exception {
        byte[] complete = new org.mmsrouter.pdu.SendReqComposer().to("+1/TYPE=PLMN").compose();
        assertEquals(null, Mm1Servlet.missingMandatoryHeader(org.mmsrouter.pdu.PduHeaders.scan(complete)));
        // Type, TID, version, From insert-address, Content-Type: no recipient.
        byte[] noRecipient = {(byte) 0x8C, (byte) 0x80, (byte) 0x98, 't', 0, (byte) 0x8D, (byte) 0x92,
            (byte) 0x89, 0x01, (byte) 0x81, (byte) 0x84, (byte) 0xA3, 0x00};
        assertEquals("a recipient (To, Cc or Bcc)", Mm1Servlet.missingMandatoryHeader(org.mmsrouter.pdu.PduHeaders.scan(noRecipient)));
        byte[] noFrom = {(byte) 0x8C, (byte) 0x80, (byte) 0x98, 't', 0, (byte) 0x8D, (byte) 0x92, (byte) 0x97, 'x', 0};
        assertEquals("From", Mm1Servlet.missingMandatoryHeader(org.mmsrouter.pdu.PduHeaders.scan(noFrom)));
    }

    @Test
    void onlyTheHeadersMmscsRelyOnAreKept() {
        assertTrue(ForwardedHeaders.isKept("X-WAP-Network-Client-IP"));
        assertTrue(ForwardedHeaders.isKept("accept-charset"));
        assertTrue(ForwardedHeaders.isKept("Via"));
        assertFalse(ForwardedHeaders.isKept("Cookie"));
        assertFalse(ForwardedHeaders.isKept("X-WAP-Network-Client-MSISDN"), "MSISDN needs a trusted gateway");
    }

    @Test
    void anyExpiryASenderSetsBecomesAMomentWithinTheCeiling() throws Exception {
        java.time.Instant now = java.time.Instant.parse("2026-12-04T12:00:00Z");
        java.time.Duration byDefault = java.time.Duration.ofHours(72);
        java.time.Duration ceiling = java.time.Duration.ofHours(720);
        byte[] huge = new org.mmsrouter.pdu.SendReqComposer().to("+1/TYPE=PLMN")
                .header(org.mmsrouter.pdu.MmsHeader.EXPIRY, new org.mmsrouter.pdu.HeaderValue.Time(true, Long.MAX_VALUE)).compose();

        org.mmsrouter.pdu.HeaderValue.Time expiry = org.mmsrouter.pdu.PduHeaders.scan(huge).expiry();

        assertEquals(now.plus(ceiling), Mm1Servlet.expiresAt(expiry, now, byDefault, ceiling));
        assertEquals(now.plus(ceiling), Mm1Servlet.expiresAt(new org.mmsrouter.pdu.HeaderValue.Time(false, Long.MAX_VALUE), now,
                byDefault, ceiling));
        assertEquals(now.plus(byDefault), Mm1Servlet.expiresAt(null, now, byDefault, ceiling));
        // What the queue stores must fit epoch milliseconds.
        assertEquals(now.plus(ceiling).toEpochMilli(), Mm1Servlet.expiresAt(expiry, now, byDefault, ceiling).toEpochMilli());
    }
}
