package org.mmsrouter.web.mm1;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.mmsrouter.pdu.HeaderValue;
import org.mmsrouter.pdu.MmsHeader;
import org.mmsrouter.pdu.PduHeaders;
import org.mmsrouter.pdu.SendReqComposer;

class PostChecksTest {

    @Test
    void mediaTypeIgnoresParametersAndCase() {
        assertEquals(
                "application/vnd.wap.mms-message", PostChecks.mediaType("Application/VND.WAP.MMS-Message; charset=x"));
    }

    @Test
    void onlyTheMmsMediaTypeIsAnMm1Post() {
        assertTrue(PostChecks.isMms("application/vnd.wap.mms-message"));
        assertTrue(PostChecks.isMms(" Application/VND.WAP.MMS-Message ;x=y"));
        assertFalse(PostChecks.isMms(null), "no Content-Type at all");
        assertFalse(PostChecks.isMms("text/plain"));
        assertFalse(PostChecks.isMms("application/vnd.wap.mms-messagex"));
    }

    @Test
    void theBodyBudgetIsTheDeclaredLengthUpToTheLimit() {
        assertEquals(100, PostChecks.bodyBudget(100, 1000));
        assertEquals(1000, PostChecks.bodyBudget(1000, 1000));
        assertEquals(1000, PostChecks.bodyBudget(1001, 1000), "only the limit is ever read");
        assertEquals(1000, PostChecks.bodyBudget(-1, 1000), "chunked: length unknown");
        assertEquals(0, PostChecks.bodyBudget(0, 1000));
    }

    @Test
    void mandatoryHeadersOfAnMSendReqAreChecked() throws Exception {
        byte[] complete = new SendReqComposer().to("+1/TYPE=PLMN").compose();
        assertNull(PostChecks.missingMandatoryHeader(PduHeaders.scan(complete)));
        // Type, TID, version, From insert-address, Content-Type: no recipient.
        byte[] noRecipient = {
            (byte) 0x8C,
            (byte) 0x80,
            (byte) 0x98,
            't',
            0,
            (byte) 0x8D,
            (byte) 0x92,
            (byte) 0x89,
            0x01,
            (byte) 0x81,
            (byte) 0x84,
            (byte) 0xA3,
            0x00
        };
        assertEquals("a recipient (To, Cc or Bcc)", PostChecks.missingMandatoryHeader(PduHeaders.scan(noRecipient)));
        byte[] noFrom = {(byte) 0x8C, (byte) 0x80, (byte) 0x98, 't', 0, (byte) 0x8D, (byte) 0x92, (byte) 0x97, 'x', 0};
        assertEquals("From", PostChecks.missingMandatoryHeader(PduHeaders.scan(noFrom)));
        byte[] noTid = {(byte) 0x8C, (byte) 0x80, (byte) 0x8D, (byte) 0x92};
        assertEquals("X-Mms-Transaction-ID", PostChecks.missingMandatoryHeader(PduHeaders.scan(noTid)));
        byte[] noVersion = {(byte) 0x8C, (byte) 0x80, (byte) 0x98, 't', 0};
        assertEquals("X-Mms-MMS-Version", PostChecks.missingMandatoryHeader(PduHeaders.scan(noVersion)));
    }

    @Test
    void anyExpiryASenderSetsBecomesAMomentWithinTheCeiling() throws Exception {
        Instant now = Instant.parse("2026-12-04T12:00:00Z");
        Duration byDefault = Duration.ofHours(72);
        Duration ceiling = Duration.ofHours(720);
        byte[] huge = new SendReqComposer()
                .to("+1/TYPE=PLMN")
                .header(MmsHeader.EXPIRY, new HeaderValue.Time(true, Long.MAX_VALUE))
                .compose();

        HeaderValue.Time expiry = PduHeaders.scan(huge).expiry();

        assertEquals(now.plus(ceiling), PostChecks.expiresAt(expiry, now, byDefault, ceiling));
        assertEquals(
                now.plus(ceiling),
                PostChecks.expiresAt(new HeaderValue.Time(false, Long.MAX_VALUE), now, byDefault, ceiling));
        assertEquals(now.plus(byDefault), PostChecks.expiresAt(null, now, byDefault, ceiling));
        // What the queue stores must fit epoch milliseconds.
        assertEquals(
                now.plus(ceiling).toEpochMilli(),
                PostChecks.expiresAt(expiry, now, byDefault, ceiling).toEpochMilli());
    }
}
