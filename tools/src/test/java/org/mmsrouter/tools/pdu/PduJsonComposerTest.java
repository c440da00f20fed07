package org.mmsrouter.tools.pdu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.mmsrouter.pdu.Body;
import org.mmsrouter.pdu.Bytes;
import org.mmsrouter.pdu.ContentType;
import org.mmsrouter.pdu.Header;
import org.mmsrouter.pdu.HeaderValue;
import org.mmsrouter.pdu.MmsHeader;
import org.mmsrouter.pdu.Param;
import org.mmsrouter.pdu.ParamValue;
import org.mmsrouter.pdu.Part;
import org.mmsrouter.pdu.PartHeader;
import org.mmsrouter.pdu.Pdu;
import org.mmsrouter.pdu.PduDecoder;
import org.mmsrouter.pdu.PduEncoder;
import org.mmsrouter.pdu.SendReqComposer;

class PduJsonComposerTest {

    @TempDir
    Path dir;

    @Test
    void sendReqHeadersComeInSpecOrderWithTheirValueVariants() throws Exception {
        // keys deliberately in another order than the headers: the order is the specification's
        Pdu pdu = PduJsonComposer.compose("""
                {"subject":"Hello","bcc":["c@example.com"],"cc":["+15550002222/TYPE=PLMN"],"to":["+15550001111/TYPE=PLMN","b@example.com"],
                 "from":"#insert","date":1700000000,"mmsVersion":"1.3","transactionId":"T-1","messageType":"m-send-req"}
                """, dir);
        assertEquals(
                List.of(
                        Header.of(MmsHeader.MESSAGE_TYPE, new HeaderValue.Octet(0x80)),
                        Header.of(MmsHeader.TRANSACTION_ID, new HeaderValue.Text("T-1")),
                        Header.of(MmsHeader.MMS_VERSION, new HeaderValue.Octet(0x93)),
                        Header.of(MmsHeader.DATE, new HeaderValue.Int(1_700_000_000L)),
                        Header.of(MmsHeader.FROM, HeaderValue.From.INSERT_ADDRESS),
                        Header.of(MmsHeader.TO, HeaderValue.EncodedText.plain("+15550001111/TYPE=PLMN")),
                        Header.of(MmsHeader.TO, HeaderValue.EncodedText.plain("b@example.com")),
                        Header.of(MmsHeader.CC, HeaderValue.EncodedText.plain("+15550002222/TYPE=PLMN")),
                        Header.of(MmsHeader.BCC, HeaderValue.EncodedText.plain("c@example.com")),
                        Header.of(MmsHeader.SUBJECT, HeaderValue.EncodedText.plain("Hello"))),
                pdu.headers());
        assertEquals(new Body.None(), pdu.body());
    }

    @Test
    void confirmationAndStatusFieldsAreOctetsAndTextsInOrder() throws Exception {
        Pdu pdu = PduJsonComposer.compose("""
                {"messageType":"m-send-conf","messageId":"M-42","responseStatus":"0xe3","transactionId":"T-2","mmsVersion":"1.2",
                 "contentLocation":"http://mmsc.test/M-42","retrieveStatus":"0x80","status":129}
                """, dir);
        assertEquals(
                List.of(
                        Header.of(MmsHeader.MESSAGE_TYPE, new HeaderValue.Octet(0x81)),
                        Header.of(MmsHeader.TRANSACTION_ID, new HeaderValue.Text("T-2")),
                        Header.of(MmsHeader.MMS_VERSION, new HeaderValue.Octet(0x92)),
                        Header.of(MmsHeader.MESSAGE_ID, new HeaderValue.Text("M-42")),
                        Header.of(MmsHeader.CONTENT_LOCATION, new HeaderValue.Text("http://mmsc.test/M-42")),
                        Header.of(MmsHeader.RESPONSE_STATUS, new HeaderValue.Octet(0xE3)),
                        Header.of(MmsHeader.RETRIEVE_STATUS, new HeaderValue.Octet(0x80)),
                        Header.of(MmsHeader.STATUS, new HeaderValue.Octet(0x81))),
                pdu.headers());
    }

    @Test
    void addressesAndSubjectsOutsideAsciiAreTaggedUtf8() throws Exception {
        Pdu pdu = PduJsonComposer.compose("""
                {"messageType":"m-send-req","from":"Jürgen <j@example.com>","to":["ascii@example.com"],"subject":"Grüße ☀"}
                """, dir);
        assertEquals(
                new HeaderValue.From(new HeaderValue.EncodedText("Jürgen <j@example.com>", 106)),
                pdu.value(MmsHeader.FROM).orElseThrow());
        assertEquals(
                HeaderValue.EncodedText.plain("ascii@example.com"),
                pdu.value(MmsHeader.TO).orElseThrow());
        assertEquals(
                new HeaderValue.EncodedText("Grüße ☀", 106),
                pdu.value(MmsHeader.SUBJECT).orElseThrow());
        Pdu controls = PduJsonComposer.compose("""
                {"messageType":"m-send-req","subject":"\\u0007bell\\ttab"}
                """, dir);
        assertEquals(
                new HeaderValue.EncodedText("\u0007bell\ttab", 106),
                controls.value(MmsHeader.SUBJECT).orElseThrow(),
                "control characters are not plain text: tagged like the submit tool's composer does");
    }

    @Test
    void multipartBodyTakesPartsParamsCharsetNameAndPartHeaders() throws Exception {
        Files.writeString(dir.resolve("text.txt"), "Hallo ☀");
        Pdu pdu = PduJsonComposer.compose("""
                {"messageType":"m-send-req","contentType":"application/vnd.wap.multipart.related",
                 "params":{"type":"application/smil","start":"<smil>"},
                 "parts":[
                   {"contentType":"application/smil","contentId":"<smil>","contentLocation":"smil.xml","base64":"PHNtaWwvPg=="},
                   {"contentType":"text/plain","charset":"utf-8","name":"text.txt","contentLocation":"text.txt","file":"text.txt","size":999}
                 ]}
                """, dir);
        ContentType top = ContentType.of(
                "application/vnd.wap.multipart.related",
                Param.wellKnown(0x89, new ParamValue.Text("application/smil", false)),
                Param.wellKnown(0x8A, new ParamValue.Text("<smil>", false)));
        assertEquals(
                Header.of(MmsHeader.CONTENT_TYPE, new HeaderValue.ContentTypeValue(top)),
                pdu.headers().get(pdu.headers().size() - 1),
                "Content-Type is the last header");
        assertEquals(
                Body.Multipart.of(List.of(
                        Part.of(
                                ContentType.of("application/smil"),
                                List.of(PartHeader.contentId("<smil>"), PartHeader.contentLocation("smil.xml")),
                                Bytes.utf8("<smil/>")),
                        Part.of(
                                ContentType.of(
                                        "text/plain",
                                        Param.wellKnown(0x81, new ParamValue.Int(106)),
                                        Param.wellKnown(0x85, new ParamValue.Text("text.txt", false))),
                                List.of(PartHeader.contentLocation("text.txt")),
                                Bytes.utf8("Hallo ☀")))),
                pdu.body());
    }

    @Test
    void composedPduDecodesToTheSameModel() throws Exception {
        Pdu pdu = PduJsonComposer.compose("""
                {"messageType":"m-retrieve-conf","transactionId":"T","mmsVersion":"1.2","messageId":"M","date":1,
                 "from":"+15550001111/TYPE=PLMN","to":["+15550002222/TYPE=PLMN"],"subject":"Grüße",
                 "params":{"start":"<s>"},
                 "parts":[{"contentType":"text/plain","charset":106,"contentId":"<s>","name":"a.txt","base64":"aGk="},
                          {"contentType":"image/x-unknown","params":{"x-custom":"v","size":12},"base64":""}]}
                """, dir);
        assertEquals(
                "application/vnd.wap.multipart.related",
                pdu.contentType().orElseThrow().mediaType(),
                "a body without contentType but with start is multipart.related");
        assertEquals(pdu, PduDecoder.decode(PduEncoder.encodeCanonical(pdu)));
    }

    @Test
    void sameBytesAsTheSubmitToolsComposer() throws Exception {
        byte[] expected = new SendReqComposer()
                .transactionId("T-9")
                .to("+15550001111/TYPE=PLMN")
                .subject("Grüße")
                .text("This MM went through the router.")
                .compose();
        Pdu pdu = PduJsonComposer.compose("""
                {"messageType":"m-send-req","transactionId":"T-9","mmsVersion":"1.2","from":"#insert",
                 "to":["+15550001111/TYPE=PLMN"],"subject":"Grüße","contentType":"application/vnd.wap.multipart.mixed",
                 "parts":[{"contentType":"text/plain","charset":"utf-8","contentLocation":"text.txt",
                           "base64":"VGhpcyBNTSB3ZW50IHRocm91Z2ggdGhlIHJvdXRlci4="}]}
                """, dir);
        assertArrayEquals(expected, PduEncoder.encodeCanonical(pdu));
    }

    @Test
    void singlePartContentTypeGivesASinglePartBody() throws Exception {
        Pdu pdu = PduJsonComposer.compose("""
                {"messageType":"m-retrieve-conf","contentType":"text/plain","parts":[{"contentType":"text/plain","size":2,"base64":"aGk="}]}
                """, dir);
        assertEquals(new Body.SinglePart(Bytes.utf8("hi")), pdu.body());
        assertArrayEquals(
                new byte[] {(byte) 0x8C, (byte) 0x84, (byte) 0x84, (byte) 0x83, 'h', 'i'},
                PduEncoder.encodeCanonical(pdu));
    }

    @Test
    void dumpOnlyKeysAreIgnored() throws Exception {
        Pdu pdu = PduJsonComposer.compose("""
                {"file":"x.pdu","ok":true,"messageType":"m-send-req","headers":[{"name":"X","value":"1"}]}
                """, dir);
        assertEquals(List.of(Header.of(MmsHeader.MESSAGE_TYPE, new HeaderValue.Octet(0x80))), pdu.headers());
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '`',
            value = {
                "messageType            | {\"to\":[\"a\"]}",
                "messageType            | {\"messageType\":\"m-sendreq\"}",
                "messageType            | {\"messageType\":128}",
                "mmsVersion             | {\"messageType\":\"m-send-req\",\"mmsVersion\":\"1.16\"}",
                "responseStatus         | {\"messageType\":\"m-send-conf\",\"responseStatus\":\"0x20\"}",
                "status                 | {\"messageType\":\"m-delivery-ind\",\"status\":\"retrieved\"}",
                "date                   | {\"messageType\":\"m-send-req\",\"date\":1.5}",
                "to[1]                  | {\"messageType\":\"m-send-req\",\"to\":[\"a\",7]}",
                "subjet                 | {\"messageType\":\"m-send-req\",\"subjet\":\"typo\"}",
                "to                     | {\"messageType\":\"m-send-req\",\"to\":[\"a\"],\"to\":[\"b\"]}",
                "transactionId          | {\"messageType\":\"m-send-req\",\"transactionId\":\"\\u0001x\"}",
                "parts[0]               | {\"messageType\":\"m-send-req\",\"parts\":[{\"contentType\":\"text/plain\"}]}",
                "parts[0]               | {\"messageType\":\"m-send-req\",\"parts\":[{\"contentType\":\"text/plain\",\"file\":\"a\",\"base64\":\"\"}]}",
                "parts[0].file          | {\"messageType\":\"m-send-req\",\"parts\":[{\"contentType\":\"text/plain\",\"file\":\"missing.txt\"}]}",
                "parts[0].base64        | {\"messageType\":\"m-send-req\",\"parts\":[{\"contentType\":\"text/plain\",\"base64\":\"*\"}]}",
                "parts[0].contentType   | {\"messageType\":\"m-send-req\",\"parts\":[{\"base64\":\"\"}]}",
                "parts[0].charset       | {\"messageType\":\"m-send-req\",\"parts\":[{\"contentType\":\"text/plain\",\"charset\":\"klingon\",\"base64\":\"\"}]}",
                "parts[0].colour        | {\"messageType\":\"m-send-req\",\"parts\":[{\"contentType\":\"text/plain\",\"colour\":\"red\",\"base64\":\"\"}]}",
                "parts                  | {\"messageType\":\"m-send-req\",\"contentType\":\"text/plain\",\"parts\":[{\"base64\":\"\"},{\"base64\":\"\"}]}",
                "parts[0].contentId     | {\"messageType\":\"m-send-req\",\"contentType\":\"text/plain\",\"parts\":[{\"contentId\":\"<a>\",\"base64\":\"\"}]}",
                "params                 | {\"messageType\":\"m-send-req\",\"params\":{\"start\":\"<a>\"}}",
                "params.start           | {\"messageType\":\"m-send-req\",\"contentType\":\"application/vnd.wap.multipart.mixed\",\"params\":{\"start\":[1]}}",
            })
    void badInputNamesTheKey(String key, String json) {
        ComposeException e = assertThrows(ComposeException.class, () -> PduJsonComposer.compose(json, dir));
        assertEquals(key, e.key(), e.getMessage());
        assertTrue(e.getMessage().startsWith(key + ": "), e.getMessage());
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '`',
            value = {
                "``",
                "{\"messageType\":",
                "{'messageType':'m-send-req'}",
                "{\"messageType\":\"m-send-req\"} {}",
                "[{\"messageType\":\"m-send-req\"}]",
            })
    void badJsonIsReportedAsSuch(String json) {
        ComposeException e =
                assertThrows(ComposeException.class, () -> PduJsonComposer.compose(json == null ? "" : json, dir));
        assertTrue(e.getMessage().contains("JSON"), e.getMessage());
        assertTrue(
                !e.getMessage().contains("setStrictness") && !e.getMessage().contains("Troubleshooting"),
                e.getMessage());
    }

    @Test
    void missingFileIsNamedWithItsResolvedPath() {
        ComposeException e = assertThrows(ComposeException.class, () -> PduJsonComposer.compose("""
                {"messageType":"m-send-req","parts":[{"contentType":"image/jpeg","file":"sub/cat.jpg"}]}
                """, dir));
        assertEquals("parts[0].file: no such file: " + dir.resolve("sub/cat.jpg"), e.getMessage());
    }

    @Test
    void fileDataIsReadRelativeToTheBaseFolder() throws Exception {
        Files.createDirectories(dir.resolve("media"));
        Files.write(dir.resolve("media/one.bin"), new byte[] {1, 2, 3});
        Pdu pdu = PduJsonComposer.compose("""
                {"messageType":"m-send-req","parts":[{"contentType":"application/octet-stream","file":"media/one.bin"}]}
                """, dir);
        Body.Multipart body = assertInstanceOf(Body.Multipart.class, pdu.body());
        assertEquals(
                "application/vnd.wap.multipart.mixed",
                pdu.contentType().orElseThrow().mediaType());
        assertArrayEquals(new byte[] {1, 2, 3}, body.parts().get(0).data().toArray());
    }
}
