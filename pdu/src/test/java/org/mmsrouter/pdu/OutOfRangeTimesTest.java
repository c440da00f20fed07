package org.mmsrouter.pdu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * Dates and intervals a sender may set to anything: the largest 63-bit values, and values wider
 * than 63 bits, are read without an exception and saturate where they become a moment.
 */
class OutOfRangeTimesTest {

    private static final Instant NOW = Instant.parse("2026-12-04T12:00:00Z");
    private static final Instant LATEST = NOW.plus(Duration.ofDays(30));

    @Test
    void theLargestAbsoluteExpiryIsReadAndSaturatesAtTheCeiling() throws PduFormatException {
        // X-Mms-Expiry: value-length 10, absolute token, long-integer of 8 octets 7F FF .. FF.
        PduHeaders headers = PduHeaders.scan(Hex.pdu("8c 80 98 't' 00 8d 92 88 0a 80 08 7f ff ff ff ff ff ff ff"));

        assertEquals(new HeaderValue.Time(true, Long.MAX_VALUE), headers.expiry());
        assertEquals(LATEST, headers.expiry().until(NOW, LATEST));
    }

    @Test
    void theLargestRelativeIntervalSaturatesAtTheCeiling() {
        assertEquals(LATEST, new HeaderValue.Time(false, Long.MAX_VALUE).until(NOW, LATEST));
        assertEquals(LATEST, new HeaderValue.Time(false, Duration.ofDays(30).toSeconds()).until(NOW, LATEST));
    }

    @Test
    void timesWithinRangeAreKeptAsTheyAre() {
        assertEquals(NOW.plusSeconds(3600), new HeaderValue.Time(false, 3600).until(NOW, LATEST));
        assertEquals(NOW.plusSeconds(60), new HeaderValue.Time(true, NOW.getEpochSecond() + 60).until(NOW, LATEST));
        assertEquals(
                Instant.EPOCH,
                new HeaderValue.Time(true, 0).until(NOW, LATEST),
                "a date in the past stays in the past");
    }

    @Test
    void aCeilingBeforeNowIsAProgrammingError() {
        assertThrows(
                IllegalArgumentException.class, () -> new HeaderValue.Time(true, 0).until(NOW, NOW.minusSeconds(1)));
    }

    @Test
    void anExpiryWiderThan63BitsIsNoTimeAtAll() throws PduFormatException {
        // Nine octets: no 64-bit number holds it; the scan leaves the expiry unset rather than fail.
        PduHeaders headers = PduHeaders.scan(Hex.pdu("8c 80 98 't' 00 8d 92 88 0b 80 09 01 00 00 00 00 00 00 00 00"));

        assertNull(headers.expiry());
        assertEquals("t", headers.transactionId());
    }

    @Test
    void everyDateAndIntervalHeaderAtItsExtremeDecodesAndEncodesAgain() throws PduFormatException {
        byte[] pdu = new SendReqComposer()
                .transactionId("far")
                .to("+1/TYPE=PLMN")
                .header(MmsHeader.DATE, new HeaderValue.Int(Long.MAX_VALUE))
                .header(MmsHeader.EXPIRY, new HeaderValue.Time(true, Long.MAX_VALUE))
                .header(MmsHeader.DELIVERY_TIME, new HeaderValue.Time(false, Long.MAX_VALUE))
                .header(MmsHeader.REPLY_CHARGING_DEADLINE, new HeaderValue.Time(true, Long.MAX_VALUE))
                .compose();

        Pdu decoded = PduDecoder.decode(pdu);

        assertEquals(
                new HeaderValue.Int(Long.MAX_VALUE),
                decoded.header(MmsHeader.DATE).orElseThrow().value());
        assertEquals(
                new HeaderValue.Time(false, Long.MAX_VALUE),
                decoded.header(MmsHeader.DELIVERY_TIME).orElseThrow().value());
        assertEquals(
                new HeaderValue.Time(true, Long.MAX_VALUE),
                decoded.header(MmsHeader.REPLY_CHARGING_DEADLINE).orElseThrow().value());
        assertEquals(
                new HeaderValue.Time(true, Long.MAX_VALUE), PduHeaders.scan(pdu).expiry());
        assertEquals(pdu.length, PduEncoder.encodeCanonical(decoded).length);
    }

    @Test
    void aDateWiderThan63BitsIsKeptAsBytes() throws PduFormatException {
        // Date: a long-integer of 8 octets with the top bit set does not fit a signed 64-bit number.
        Pdu decoded = PduDecoder.decode(
                Hex.pdu("8c 80 98 't' 00 8d 92 85 08 ff ff ff ff ff ff ff ff 89 01 81 97 '+1' 00 84 a3 00"));

        assertEquals(
                HeaderValue.Generic.class,
                decoded.header(MmsHeader.DATE).orElseThrow().value().getClass());
    }
}
