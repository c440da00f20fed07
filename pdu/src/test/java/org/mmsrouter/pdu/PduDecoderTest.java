package org.mmsrouter.pdu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PduDecoderTest {

    /** m-notification-ind as real MMSCs send it, with three stray bytes after the last header. */
    private static final byte[] NOTIFICATION = Hex.pdu("8c 82 98 'tid-1' 00 8d 92 89 06 80 '+358' 00 86 81 8a 80"
            + " 8e 03 01 02 16 88 05 81 03 03 f4 7f 83 'http://mmsc:10021/m?x' 00 81 00 00");

    @Test
    void decodesEveryHeaderOfANotificationWithItsType() throws PduFormatException {
        Pdu pdu = PduDecoder.decode(NOTIFICATION);

        assertEquals(Optional.of(MessageType.M_NOTIFICATION_IND), pdu.messageType());
        assertEquals(Optional.of("tid-1"), pdu.transactionId());
        assertEquals(
                new HeaderValue.From(HeaderValue.EncodedText.plain("+358")),
                pdu.value(MmsHeader.FROM).orElseThrow());
        assertEquals(
                new HeaderValue.Int(66070), pdu.value(MmsHeader.MESSAGE_SIZE).orElseThrow());
        assertEquals(
                new HeaderValue.Time(false, 259199), pdu.value(MmsHeader.EXPIRY).orElseThrow());
        assertEquals(
                new HeaderValue.Text("http://mmsc:10021/m?x"),
                pdu.value(MmsHeader.CONTENT_LOCATION).orElseThrow());
        assertEquals(HeaderValue.EncodedText.plain(""), pdu.value(MmsHeader.BCC).orElseThrow());
        assertEquals(Bytes.copyOf(new byte[] {0}), pdu.trailing(), "the stray NUL is kept");
        assertInstanceOf(Body.None.class, pdu.body());
    }

    @Test
    void strayBytesAndNonMinimalLengthsSurviveReEncoding() throws PduFormatException {
        byte[] nonMinimal = Hex.pdu("8c 82 98 't' 00 8d 90 88 1f 06 80 04 00 00 00 00 83 'u' 00 00 01");
        Pdu pdu = PduDecoder.decode(nonMinimal);

        assertEquals(new HeaderValue.Time(true, 0), pdu.value(MmsHeader.EXPIRY).orElseThrow());
        assertArrayEquals(nonMinimal, PduEncoder.encode(pdu));
        byte[] canonical = PduEncoder.encodeCanonical(pdu);
        assertTrue(canonical.length < nonMinimal.length, "canonical form uses minimal lengths");
        assertEquals(pdu, PduDecoder.decode(canonical));
    }

    @Test
    void absoluteExpiryAndInsertAddress() throws PduFormatException {
        Pdu pdu = PduDecoder.decode(Hex.pdu("8c 80 98 'a' 00 8d 93 89 01 81 97 'x@y' 00 88 06 80 04 58 2a 1e 6a"));

        assertEquals(HeaderValue.From.INSERT_ADDRESS, pdu.value(MmsHeader.FROM).orElseThrow());
        assertEquals(
                new HeaderValue.Time(true, 1479155306),
                pdu.value(MmsHeader.EXPIRY).orElseThrow());
    }

    @Test
    void applicationHeadersAreKeptInOrderWithTheirNames() throws PduFormatException {
        Pdu pdu = PduDecoder.decode(
                Hex.pdu("8c 86 98 'x' 00 8d 90 'Return-Path' 00 '<a@b>' 00 'X-Scanned-By' 00 'MD' 00 95 81"));

        assertEquals(
                List.of(
                        "X-Mms-Message-Type",
                        "X-Mms-Transaction-ID",
                        "X-Mms-MMS-Version",
                        "Return-Path",
                        "X-Scanned-By",
                        "X-Mms-Status"),
                pdu.headers().stream().map(Header::name).toList());
        assertEquals(Header.APPLICATION, pdu.headers().get(3).octet());
        assertEquals("<a@b>", pdu.headers().get(3).value().text());
    }

    @Test
    void encodedStringsAreDecodedInTheirCharset() throws PduFormatException {
        byte[] latin1 = Hex.pdu("8c 81 98 't' 00 8d 91 92 80 93 06 84 'caf' e9 00");
        byte[] utf8Korean = Hex.pdu("8c 81 98 't' 00 8d 91 92 80 96 09 ea 'MMS ' ec 88 98 00");

        assertEquals(
                new HeaderValue.EncodedText("café", 4),
                PduDecoder.decode(latin1).value(MmsHeader.RESPONSE_TEXT).orElseThrow());
        assertEquals(
                new HeaderValue.EncodedText("MMS 수", 106),
                PduDecoder.decode(utf8Korean).value(MmsHeader.SUBJECT).orElseThrow());
    }

    @Test
    void aValueThatDoesNotFitItsFieldIsKeptAsBytes() throws PduFormatException {
        // Priority must be an octet; this encoder sent a text.
        byte[] sloppy = Hex.pdu("8c 80 98 't' 00 8d 92 8f 'high' 00");
        Pdu pdu = PduDecoder.decode(sloppy);

        assertInstanceOf(
                HeaderValue.Generic.class, pdu.value(MmsHeader.PRIORITY).orElseThrow());
        assertArrayEquals(sloppy, PduEncoder.encode(pdu));
    }

    @Test
    void multipartBodyWithPartHeaders() throws PduFormatException {
        byte[] pdu = Hex.pdu("8c 84 8d 92 84 1b b3 89 'application/smil' 00 8a '<smil>' 00"
                + " 02"
                + " 12 03 03 83 81 ea 8e 'a.txt' 00 c0 22 '<t1>' 00 'hi!'"
                + " 0e 02 9e 'X-Enc' 00 'base64' 00 ff d8");

        Pdu decoded = PduDecoder.decode(pdu);

        ContentType top = decoded.contentType().orElseThrow();
        assertEquals("application/vnd.wap.multipart.related", top.mediaType());
        assertEquals(
                Optional.of("application/smil"),
                top.param("type").map(p -> p.value().text()));
        Body.Multipart body = assertInstanceOf(Body.Multipart.class, decoded.body());
        assertEquals(2, body.parts().size());
        Part text = body.parts().get(0);
        assertEquals("text/plain", text.contentType().mediaType());
        assertEquals(Optional.of("a.txt"), text.contentLocation());
        assertEquals(Optional.of("<t1>"), text.contentId());
        assertEquals(Bytes.utf8("hi!"), text.data());
        Part image = body.parts().get(1);
        assertEquals("image/jpeg", image.contentType().mediaType());
        assertEquals(Optional.of("base64"), image.header("X-Enc"));
        assertEquals(2, image.data().length());
        assertArrayEquals(pdu, PduEncoder.encode(decoded));
    }

    @Test
    void aLongFormLengthInAPartIsReproduced() throws PduFormatException {
        // Part content type with Value-length written as 1F 03 (Length-quote) instead of 03, as a real encoder did.
        byte[] pdu = Hex.pdu("8c 84 8d 92 84 a3 01 05 01 1f 03 83 81 ea 'x'");
        Pdu decoded = PduDecoder.decode(pdu);

        assertArrayEquals(pdu, PduEncoder.encode(decoded));
        assertFalse(Arrays.equals(pdu, PduEncoder.encodeCanonical(decoded)));
    }

    @Test
    void singlePartBodyFollowsItsContentType() throws PduFormatException {
        byte[] pdu = Hex.pdu("8c 84 8d 92 99 e2 84 83 'not found'");
        Pdu decoded = PduDecoder.decode(pdu);

        assertEquals(new Body.SinglePart(Bytes.utf8("not found")), decoded.body());
    }

    @Test
    void headerOnlyDecodingLeavesTheBodyUntouched() throws PduFormatException {
        byte[] pdu = new SendReqComposer().to("+1/TYPE=PLMN").text("body text").compose();
        Pdu headersOnly = PduDecoder.decodeHeaders(pdu);
        int bodyOffset = PduHeaders.scan(pdu).bodyOffset();

        Body.Opaque body = assertInstanceOf(Body.Opaque.class, headersOnly.body());
        assertEquals(Bytes.slice(pdu, bodyOffset, pdu.length - bodyOffset), body.bytes());
        assertArrayEquals(pdu, PduEncoder.encode(headersOnly));
    }

    @Test
    void garbageIsRejectedAtOffsetZeroWithAReason() {
        PduFormatException e = assertThrows(
                PduFormatException.class, () -> PduDecoder.decode("This is not a valid MMS PDU\n".getBytes()));
        assertEquals(0, e.offset());
        assertTrue(e.reason().contains("not an MMS PDU"), e.reason());
        assertThrows(PduFormatException.class, () -> PduDecoder.decode(new byte[0]));
    }

    @Test
    void truncatedValuesAreRejectedWithTheirOffset() {
        PduFormatException text =
                assertThrows(PduFormatException.class, () -> PduDecoder.decode(Hex.pdu("8c 80 98 'abc'")));
        assertEquals(3, text.offset(), "where the unterminated value starts");
        PduFormatException length = assertThrows(
                PduFormatException.class, () -> PduDecoder.decode(Hex.pdu("8c 80 8d 92 88 1f 8f ff ff ff 7f 80")));
        assertEquals(5, length.offset(), "where the value-length starts");
        assertThrows(PduFormatException.class, () -> PduDecoder.decode(Hex.pdu("8c 80 8d")));
    }

    @Test
    void multipartLengthsBeyondTheInputAreRejectedWithoutAllocatingThem() {
        // 2^32-1 parts declared; then a part claiming 2^32-1 bytes of data.
        PduFormatException count = assertThrows(
                PduFormatException.class,
                () -> PduDecoder.decode(Hex.pdu("8c 84 8d 92 84 a3 8f ff ff ff 7f 01 02 83")));
        assertEquals(6, count.offset(), "where the body starts");
        PduFormatException data = assertThrows(
                PduFormatException.class,
                () -> PduDecoder.decode(Hex.pdu("8c 84 8d 92 84 a3 01 01 8f ff ff ff 7f 83")));
        assertEquals(7, data.offset(), "where the part's lengths start");
        assertTrue(data.reason().contains("part 0"), data.reason());
    }

    @Test
    void unassignedHeaderOctetsAreKeptByTheirGenericShape() throws PduFormatException {
        byte[] pdu = Hex.pdu("8c 81 98 't' 00 8d 92 92 80 e5 03 01 02 03 c1 'x' 00");
        Pdu decoded = PduDecoder.decode(pdu);

        assertEquals("X-Mms-Unassigned-0xE5", decoded.headers().get(4).name());
        assertArrayEquals(pdu, PduEncoder.encode(decoded));
    }
}
