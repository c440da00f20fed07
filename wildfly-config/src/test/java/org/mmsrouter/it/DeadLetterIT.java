package org.mmsrouter.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mmsrouter.it.RouterTestSupport.await;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mmsrouter.pdu.ResponseStatus;
import org.mmsrouter.pdu.SendConf;
import org.mmsrouter.pdu.SendReqComposer;
import org.mmsrouter.tools.sim.Behaviour;
import org.mmsrouter.tools.sim.SimMode;

/** Dead letters through the REST API: an MM an MMSC rejected for good is listed with its reason, and replayed. */
class DeadLetterIT extends RouterItBase {

    private static final String API = "/dead-letters";

    @BeforeEach
    void healthyAndEmpty() throws Exception {
        bothHealthyAndEmpty();
    }

    @Test
    void aRejectedMmIsListedWithItsReasonAndAReplayDeliversItOnce() throws Exception {
        mmscs.a().setBehaviour(Behaviour.status(ResponseStatus.ERROR_PERMANENT_SERVICE_DENIED));
        mmscs.b().setBehaviour(Behaviour.of(SimMode.REFUSE));
        byte[] pdu = new SendReqComposer()
                .transactionId("it-dlq-replay")
                .to("+4915112345678/TYPE=PLMN")
                .compose();
        assertEquals(
                ResponseStatus.ERROR_PERMANENT_SERVICE_DENIED,
                SendConf.decode(RouterTestSupport.postMm(pdu).body()).responseStatus());

        JsonObject letter = deadLetter("it-dlq-replay");
        assertNotNull(letter, "the rejected MM is listed");
        assertTrue(letter.get("reason").getAsString().startsWith("sim-a rejected it"), letter.toString());
        assertEquals(pdu.length, letter.get("sizeBytes").getAsInt());
        String id = letter.get("routerMessageId").getAsString();

        mmscs.a().setBehaviour(Behaviour.HEALTHY);
        mmscs.b().setBehaviour(Behaviour.HEALTHY);
        await(
                "both MMSCs UP",
                Duration.ofSeconds(10),
                () -> "UP".equals(RouterTestSupport.stateOf("sim-a"))
                        && "UP".equals(RouterTestSupport.stateOf("sim-b")));
        HttpResponse<String> replay = post(API + "/" + id + "/replay");
        assertEquals(200, replay.statusCode(), replay.body());
        assertEquals(
                "REPLAYED",
                JsonParser.parseString(replay.body())
                        .getAsJsonObject()
                        .get("result")
                        .getAsString());

        await(
                "sim-a received the replayed MM",
                Duration.ofSeconds(20),
                () -> mmscs.a().received().size() == 1);
        assertArrayEquals(pdu, mmscs.a().received().get(0).pdu(), "byte for byte, as first submitted");
        assertNull(deadLetter("it-dlq-replay"), "no longer a dead letter");
        assertEquals(404, post(API + "/" + id + "/replay").statusCode(), "a second replay finds nothing");
        Thread.sleep(1_000);
        assertEquals(0, mmscs.b().received().size(), "delivered once");
        assertEquals(1, mmscs.a().received().size(), "delivered once");
    }

    @Test
    void unknownIdsAndBadLimitsGetClearAnswers() throws Exception {
        assertEquals(404, post(API + "/0123456789abcdef0123456789abcdef/replay").statusCode());
        assertEquals(404, post(API + "/x'%20OR%20'1'='1/replay").statusCode(), "not a selector injection");
        assertEquals(400, get(API + "?limit=0").statusCode());
        assertEquals(200, get(API + "?limit=5").statusCode());
    }

    /** The listed dead letter with this Transaction-ID, or null. */
    private static JsonObject deadLetter(String transactionId) throws Exception {
        HttpResponse<String> list = get(API + "?limit=1000");
        assertEquals(200, list.statusCode(), list.body());
        for (JsonElement element :
                JsonParser.parseString(list.body()).getAsJsonObject().getAsJsonArray("deadLetters")) {
            JsonObject letter = element.getAsJsonObject();
            if (letter.has("transactionId")
                    && transactionId.equals(letter.get("transactionId").getAsString())) {
                return letter;
            }
        }
        return null;
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return AdminClient.OPERATOR.get(path);
    }

    private static HttpResponse<String> post(String path) throws Exception {
        return AdminClient.OPERATOR.post(path);
    }
}
