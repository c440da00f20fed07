package org.mmsrouter.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mmsrouter.it.RouterTestSupport.await;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.mmsrouter.pdu.ResponseStatus;
import org.mmsrouter.pdu.SendConf;
import org.mmsrouter.pdu.SendReqComposer;
import org.mmsrouter.tools.sim.Behaviour;
import org.mmsrouter.tools.sim.SimMode;

/**
 * The health state machine against real failures of a simulated MMSC (probe every 250 ms here,
 * timeout 200 ms, rise 2, fall 3): each failure mode takes the MMSC out of routing and then DOWN,
 * traffic moves to the other MMSC, and recovery brings it back only after rise successes. (The ITs
 * make sim-a flap far more than any MMSC should, so arquillian.xml lifts the flap limit; flap
 * damping itself is unit-tested in HealthTrackerTest.)
 */
class HealthDetectionIT extends RouterItBase {

    static List<Behaviour> failures() {
        return List.of(
                Behaviour.of(SimMode.REFUSE),
                Behaviour.of(SimMode.HANG),
                Behaviour.of(SimMode.HTTP_500),
                Behaviour.slow(Duration.ofMillis(1_500)));
    }

    @BeforeEach
    void healthyAndEmpty() throws Exception {
        bothHealthyAndEmpty();
    }

    @ParameterizedTest
    @MethodSource("failures")
    void aFailingMmscGoesDownTrafficMovesAndItReturnsOnlyAfterRiseSuccesses(Behaviour failure) throws Exception {
        mmscs.a().setBehaviour(failure);
        long failedAt = System.nanoTime();
        await("sim-a out of routing", Duration.ofSeconds(5), () -> !"UP".equals(RouterTestSupport.stateOf("sim-a")));
        long outOfRoutingMillis = (System.nanoTime() - failedAt) / 1_000_000;
        await("sim-a DOWN", Duration.ofSeconds(10), () -> "DOWN".equals(RouterTestSupport.stateOf("sim-a")));
        long downMillis = (System.nanoTime() - failedAt) / 1_000_000;

        byte[] pdu = new SendReqComposer()
                .transactionId("it-health-" + failure.mode())
                .to("+4915112345678/TYPE=PLMN")
                .compose();
        SendConf conf = SendConf.decode(RouterTestSupport.postMm(pdu).body());
        assertEquals(ResponseStatus.OK, conf.responseStatus());
        assertTrue(conf.messageId().startsWith("sim-b-"), "taken by sim-b: " + conf.messageId());

        mmscs.a().setBehaviour(Behaviour.HEALTHY);
        await("sim-a UP again", Duration.ofSeconds(10), () -> "UP".equals(RouterTestSupport.stateOf("sim-a")));
        JsonObject recovery = latestTransition("sim-a");
        assertEquals("DOWN", recovery.get("from").getAsString());
        assertEquals("UP", recovery.get("to").getAsString());
        assertTrue(recovery.get("cause").getAsString().endsWith("(2 successes in a row)"), recovery.toString());
        System.out.println(failure.mode() + ": sim-a out of routing after " + outOfRoutingMillis + " ms, DOWN after "
                + downMillis + " ms");
    }

    @Test
    void anMmscBackUpRampsItsShareUpOverTheSlowStart() throws Exception {
        String equal =
                "{\"priority\":0,\"weight\":100,\"recipientPrefixes\":[],\"adminState\":\"enabled\",\"maxRate\":0}";
        putRouting("sim-b", equal);
        try {
            mmscs.a().setBehaviour(Behaviour.of(SimMode.REFUSE));
            await("sim-a DOWN", Duration.ofSeconds(10), () -> "DOWN".equals(RouterTestSupport.stateOf("sim-a")));
            mmscs.a().setBehaviour(Behaviour.HEALTHY);
            await("sim-a UP again", Duration.ofSeconds(10), () -> "UP".equals(RouterTestSupport.stateOf("sim-a")));

            int early = sendAndCountAtSimA(20, "it-slowstart-early");
            Thread.sleep(10_500); // mmsrouter.forward.slow-start-seconds: 10
            int late = sendAndCountAtSimA(20, "it-slowstart-late");

            System.out.println(
                    "slow start: sim-a took " + early + " of 20 just after recovery, " + late + " of 20 after 10 s");
            assertTrue(early <= 5, "just back: a small share, got " + early + " of 20");
            // Equal weights alternate; the round-robin state left by the ramp may shift that by one.
            assertTrue(late >= 9 && late <= 11, "ramped up: an equal share at equal weights, got " + late + " of 20");
        } finally {
            putRouting("sim-b", equal.replace("\"priority\":0", "\"priority\":1"));
        }
    }

    private static int sendAndCountAtSimA(int count, String prefix) throws Exception {
        int before = mmscs.a().received().size();
        for (int i = 0; i < count; i++) {
            byte[] pdu = new SendReqComposer()
                    .transactionId(prefix + "-" + i)
                    .to("+4915112345678/TYPE=PLMN")
                    .compose();
            assertEquals(
                    ResponseStatus.OK,
                    SendConf.decode(RouterTestSupport.postMm(pdu).body()).responseStatus());
        }
        return mmscs.a().received().size() - before;
    }

    private static void putRouting(String id, String json) throws Exception {
        HttpResponse<String> response = AdminClient.OPERATOR.send("PUT", "/mmscs/" + id + "/routing", json);
        assertEquals(200, response.statusCode(), response.body());
    }

    /** The newest transition of one MMSC in the status API's history. */
    private static JsonObject latestTransition(String mmscId) throws Exception {
        JsonObject status = JsonParser.parseString(RouterTestSupport.status()).getAsJsonObject();
        List<JsonObject> mine = new ArrayList<>();
        for (JsonElement element : status.getAsJsonArray("transitions")) {
            JsonObject transition = element.getAsJsonObject();
            if (mmscId.equals(transition.get("mmscId").getAsString())) {
                mine.add(transition);
            }
        }
        assertTrue(!mine.isEmpty(), "no transition of " + mmscId + " in " + status);
        return mine.get(0);
    }
}
