package org.mmsrouter.retrieval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import org.junit.jupiter.api.Test;
import org.mmsrouter.pdu.FollowUps;
import org.mmsrouter.pdu.MessageType;
import org.mmsrouter.pdu.ResponseStatus;

class FollowUpForwarderTest {

    private static byte[] forwardConf(int status) {
        return FollowUps.confirmation(MessageType.M_FORWARD_CONF, "t1", 0x12, status, null, null);
    }

    @Test
    void answersAreClassifiedForRoutingAndSweeping() {
        assertInstanceOf(FollowUpForwarder.Answer.Taken.class, FollowUpForwarder.classify("m", 204, null, new byte[0]));
        assertInstanceOf(
                FollowUpForwarder.Answer.Taken.class,
                FollowUpForwarder.classify(
                        "m", 200, "application/vnd.wap.mms-message", forwardConf(ResponseStatus.OK)));
        assertInstanceOf(
                FollowUpForwarder.Answer.Taken.class,
                FollowUpForwarder.classify("m", 200, null, forwardConf(ResponseStatus.ERROR_PERMANENT_SERVICE_DENIED)),
                "the owner answered: its refusal is the phone's answer");
        assertInstanceOf(
                FollowUpForwarder.Answer.NotMine.class, FollowUpForwarder.classify("m", 404, null, new byte[0]));
        assertInstanceOf(
                FollowUpForwarder.Answer.NotMine.class,
                FollowUpForwarder.classify(
                        "m", 200, null, forwardConf(ResponseStatus.ERROR_PERMANENT_MESSAGE_NOT_FOUND)));
        assertInstanceOf(
                FollowUpForwarder.Answer.NotMine.class,
                FollowUpForwarder.classify(
                        "m", 200, null, forwardConf(ResponseStatus.ERROR_TRANSIENT_MESSAGE_NOT_FOUND)));
        assertEquals(
                new FollowUpForwarder.Answer.Transient("m", "HTTP 503"),
                FollowUpForwarder.classify("m", 503, null, new byte[0]));
        assertEquals(
                new FollowUpForwarder.Answer.Transient("m", "HTTP 429"),
                FollowUpForwarder.classify("m", 429, null, new byte[0]));
        assertEquals(
                new FollowUpForwarder.Answer.Refused("m", "HTTP 403"),
                FollowUpForwarder.classify("m", 403, null, new byte[0]));
        assertInstanceOf(
                FollowUpForwarder.Answer.Taken.class,
                FollowUpForwarder.classify("m", 200, "text/plain", "ok".getBytes()),
                "a 2xx that is no PDU is relayed as it is");
    }
}
