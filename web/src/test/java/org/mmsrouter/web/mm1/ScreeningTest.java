package org.mmsrouter.web.mm1;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.mmsrouter.pdu.MessageType;
import org.mmsrouter.pdu.PduFormatException;
import org.mmsrouter.pdu.ResponseStatus;
import org.mmsrouter.pdu.SendConf;
import org.mmsrouter.pdu.SendReqComposer;

class ScreeningTest {

    private static final int MAX = 1000;
    private static final String CLIENT = "192.0.2.7";

    private static Screening.Verdict screen(byte[] pdu, boolean truncated) {
        return Screening.screen(new Mm1Servlet.BoundedBody(pdu, truncated), MAX, CLIENT);
    }

    private static SendConf answerOf(Screening.Verdict verdict) throws PduFormatException {
        return SendConf.decode(
                assertInstanceOf(Screening.Verdict.Answer.class, verdict).sendConf());
    }

    @Test
    void aCompleteSendReqIsQueuedWithItsTidAndVersion() throws Exception {
        byte[] pdu = new SendReqComposer()
                .transactionId("tid-1")
                .mmsVersion(0x11)
                .to("+1/TYPE=PLMN")
                .compose();

        Screening.Verdict.SendReq sendReq = assertInstanceOf(Screening.Verdict.SendReq.class, screen(pdu, false));

        assertEquals("tid-1", sendReq.tid());
        assertEquals(0x11, sendReq.version());
    }

    @Test
    void aCorruptPduIsAnsweredWithoutTidInTheDefaultVersion() throws Exception {
        Screening.Verdict verdict = screen(new byte[] {(byte) 0x8C}, false);

        SendConf conf = answerOf(verdict);
        assertEquals("", conf.transactionId());
        assertEquals(Screening.DEFAULT_VERSION, conf.mmsVersion());
        assertEquals(ResponseStatus.ERROR_PERMANENT_MESSAGE_FORMAT_CORRUPT, conf.responseStatus());
        assertTrue(((Screening.Verdict.Answer) verdict).logLine().startsWith("Corrupt PDU from 192.0.2.7: "));
    }

    @Test
    void aTruncatedBodyIsTooLargeEvenWhenItIsAFollowUp() throws Exception {
        byte[] ack = {(byte) 0x8C, (byte) 0x85, (byte) 0x98, 't', 0, (byte) 0x8D, (byte) 0x92};

        Screening.Verdict verdict = screen(ack, true);

        SendConf conf = answerOf(verdict);
        assertEquals("t", conf.transactionId());
        assertEquals(ResponseStatus.ERROR_PERMANENT_CONTENT_NOT_ACCEPTED, conf.responseStatus());
        assertEquals("message larger than 1000 bytes", conf.responseText());
        assertEquals("MM from 192.0.2.7 (TID t) exceeds 1000 bytes", ((Screening.Verdict.Answer) verdict).logLine());
    }

    @Test
    void followUpsAreHandedOnWithTheirType() {
        byte[] ack = {(byte) 0x8C, (byte) 0x85, (byte) 0x98, 't', 0, (byte) 0x8D, (byte) 0x92};
        byte[] forward = {(byte) 0x8C, (byte) 0x89, (byte) 0x98, 't', 0, (byte) 0x8D, (byte) 0x90};

        assertSame(
                MessageType.M_ACKNOWLEDGE_IND,
                assertInstanceOf(Screening.Verdict.FollowUp.class, screen(ack, false))
                        .type());
        Screening.Verdict.FollowUp followUp =
                assertInstanceOf(Screening.Verdict.FollowUp.class, screen(forward, false));
        assertSame(MessageType.M_FORWARD_REQ, followUp.type());
        assertEquals(0x10, followUp.version());
    }

    @Test
    void anUnsupportedTypeIsRefusedInTheWordsOfItsVersion() throws Exception {
        byte[] sendConf12 = {(byte) 0x8C, (byte) 0x81, (byte) 0x98, 't', 0, (byte) 0x8D, (byte) 0x92};
        byte[] sendConf10 = {(byte) 0x8C, (byte) 0x81, (byte) 0x98, 't', 0, (byte) 0x8D, (byte) 0x90};

        Screening.Verdict verdict = screen(sendConf12, false);
        assertEquals(ResponseStatus.ERROR_PERMANENT_FAILURE, answerOf(verdict).responseStatus());
        assertEquals("unsupported message type", answerOf(verdict).responseText());
        assertEquals("Unsupported message type 0x81 from 192.0.2.7", ((Screening.Verdict.Answer) verdict).logLine());
        assertEquals(0x88, answerOf(screen(sendConf10, false)).responseStatus(), "MMS 1.0's unsupported-message");
    }

    @Test
    void anMSendReqWithoutAMandatoryHeaderIsCorrupt() throws Exception {
        byte[] noFrom = {(byte) 0x8C, (byte) 0x80, (byte) 0x98, 't', 0, (byte) 0x8D, (byte) 0x92, (byte) 0x97, 'x', 0};

        Screening.Verdict verdict = screen(noFrom, false);

        assertArrayEquals(
                new SendConf(
                                "t",
                                0x12,
                                ResponseStatus.ERROR_PERMANENT_MESSAGE_FORMAT_CORRUPT,
                                "m-send-req without From",
                                null)
                        .encode(),
                ((Screening.Verdict.Answer) verdict).sendConf());
        assertEquals("m-send-req from 192.0.2.7 (TID t) lacks From", ((Screening.Verdict.Answer) verdict).logLine());
    }

    @Test
    void theTidIsEscapedInTheLogButAnsweredAsItCame() throws Exception {
        byte[] noFrom = {(byte) 0x8C, (byte) 0x80, (byte) 0x98, 'a', '\n', 'b', 0, (byte) 0x8D, (byte) 0x92};

        Screening.Verdict verdict = screen(noFrom, false);

        assertEquals("a\nb", answerOf(verdict).transactionId());
        assertEquals(
                "m-send-req from 192.0.2.7 (TID a\\nb) lacks From", ((Screening.Verdict.Answer) verdict).logLine());
    }

    @Test
    void aBusyAnswerIsATransientFailure() throws Exception {
        SendConf conf = SendConf.decode(Screening.busy("t", 0x11));

        assertEquals(ResponseStatus.ERROR_TRANSIENT_FAILURE, conf.responseStatus());
        assertEquals("router busy, please retry later", conf.responseText());
        assertEquals("t", conf.transactionId());
        assertEquals(0x11, conf.mmsVersion());
    }
}
