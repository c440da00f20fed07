package org.mmsrouter.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mmsrouter.it.RouterTestSupport.await;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mmsrouter.pdu.ResponseStatus;
import org.mmsrouter.pdu.SendConf;
import org.mmsrouter.pdu.SendReqComposer;
import org.mmsrouter.tools.sim.Behaviour;
import org.mmsrouter.tools.sim.MmscSimulator;

/** The MMSC registry through its API: attributes from the settings, run-time edits, draining. */
class RegistryIT extends RouterItBase {

    private static final String API = "/mmscs";

    @BeforeEach
    void healthyAndEmpty() throws Exception {
        bothHealthyAndEmpty();
    }

    /** Other test classes share this server and its registry: leave the settings' attributes in force. */
    @AfterEach
    void restoreSettings() throws Exception {
        putRouting(
                "sim-a",
                "{\"priority\":0,\"weight\":100,\"recipientPrefixes\":[],\"adminState\":\"enabled\",\"maxRate\":0}");
        putRouting(
                "sim-b",
                "{\"priority\":1,\"weight\":100,\"recipientPrefixes\":[],\"adminState\":\"enabled\",\"maxRate\":0}");
    }

    @Test
    void theSettingsAttributesAreListedWithTheirOrigin() throws Exception {
        JsonObject simB = mmsc("sim-b");
        assertEquals(1, simB.get("priority").getAsInt());
        assertEquals(100, simB.get("weight").getAsInt());
        assertEquals("enabled", simB.get("adminState").getAsString());
        assertEquals("UP", simB.get("health").getAsString());
        assertEquals("http://mms.operator.test:18182/mms", simB.get("url").getAsString());
    }

    @Test
    void aDrainingMmscFinishesWhatItHasAndGetsNothingNew() throws Exception {
        mmscs.a().setBehaviour(Behaviour.slowSubmissions(Duration.ofMillis(1_500)));
        byte[] inFlight = new SendReqComposer()
                .transactionId("it-drain-inflight")
                .to("+4915112345678/TYPE=PLMN")
                .compose();
        CompletableFuture<HttpResponse<byte[]>> first = CompletableFuture.supplyAsync(() -> {
            try {
                return RouterTestSupport.postMm(inFlight);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        await(
                "the first MM in flight to sim-a",
                Duration.ofSeconds(5),
                () -> mmscs.a().submissionsInProgress() > 0);

        HttpResponse<String> drained = post(API + "/sim-a/admin-state?set=draining");
        assertEquals(200, drained.statusCode(), drained.body());
        assertEquals("draining", mmsc("sim-a").get("adminState").getAsString());
        assertTrue(
                mmsc("sim-a").get("updatedBy").getAsString().startsWith("it-operator (api from "),
                mmsc("sim-a").get("updatedBy").getAsString());

        byte[] next = new SendReqComposer()
                .transactionId("it-drain-next")
                .to("+4915112345678/TYPE=PLMN")
                .compose();
        SendConf nextConf = SendConf.decode(RouterTestSupport.postMm(next).body());
        assertTrue(nextConf.messageId().startsWith("sim-b-"), "a new MM goes elsewhere: " + nextConf.messageId());

        SendConf firstConf = SendConf.decode(first.get().body());
        assertEquals(ResponseStatus.OK, firstConf.responseStatus());
        assertTrue(
                firstConf.messageId().startsWith("sim-a-"),
                "the in-flight MM finished at sim-a: " + firstConf.messageId());
        assertEquals(1, mmscs.a().received().size());
    }

    @Test
    void sameStandingMmscsShareByWeightAndARecipientPrefixWins() throws Exception {
        putRouting(
                "sim-a",
                "{\"priority\":0,\"weight\":300,\"recipientPrefixes\":[],\"adminState\":\"enabled\",\"maxRate\":0}");
        putRouting(
                "sim-b",
                "{\"priority\":0,\"weight\":100,\"recipientPrefixes\":[\"+49176\"],\"adminState\":\"enabled\",\"maxRate\":0}");
        // Weights are exact only at full strength: an MMSC that came UP less than the slow start
        // (10 s) ago still ramps, and two that came UP a probe apart ramp out of step.
        await(
                "both MMSCs past their slow start",
                Duration.ofSeconds(30),
                () -> RouterTestSupport.inStateFor("sim-a").toSeconds() >= 11
                        && RouterTestSupport.inStateFor("sim-b").toSeconds() >= 11);

        for (int i = 0; i < 40; i++) {
            byte[] pdu = new SendReqComposer()
                    .transactionId("it-weight-" + i)
                    .to("+4915112345678/TYPE=PLMN")
                    .compose();
            assertEquals(
                    ResponseStatus.OK,
                    SendConf.decode(RouterTestSupport.postMm(pdu).body()).responseStatus());
        }
        // Smooth weighted round-robin is exact over whole cycles: 40 picks at 3:1.
        assertEquals(30, mmscs.a().received().size(), "sim-a, weight 300");
        // +4915… matches no prefix, so both are default routes here; +49176… belongs to sim-b.
        assertEquals(10, mmscs.b().received().size(), "sim-b, weight 100");

        byte[] o2 = new SendReqComposer()
                .transactionId("it-prefix")
                .to("+4917612345678/TYPE=PLMN")
                .compose();
        SendConf conf = SendConf.decode(RouterTestSupport.postMm(o2).body());
        assertTrue(conf.messageId().startsWith("sim-b-"), "the +49176 prefix routes to sim-b: " + conf.messageId());
    }

    @Test
    void anMmscAddedAtRunTimeIsProbedRoutedAndRemovedOnlyOnceDisabled() throws Exception {
        try (MmscSimulator simC =
                new MmscSimulator("sim-c", new InetSocketAddress("127.0.0.1", 18183), "/mms").start()) {
            HttpResponse<String> added = send(
                    "POST",
                    API,
                    "{\"id\":\"sim-c\",\"url\":\"http://127.0.0.1:18183/mms\","
                            + "\"priority\":0,\"weight\":100,\"recipientPrefixes\":[\"+49179\"],\"owns\":{\"idRegex\":\"sim-c-.*\"}}");
            assertEquals(201, added.statusCode(), added.body());
            assertEquals(
                    409,
                    send("POST", API, "{\"id\":\"sim-c\",\"url\":\"http://127.0.0.1:18183/mms\"}")
                            .statusCode(),
                    "the same id twice");
            await(
                    "sim-c probed UP",
                    Duration.ofSeconds(10),
                    () -> "UP".equals(mmsc("sim-c").get("health").getAsString()));

            byte[] pdu = new SendReqComposer()
                    .transactionId("it-added")
                    .to("+4917912345678/TYPE=PLMN")
                    .compose();
            SendConf conf = SendConf.decode(RouterTestSupport.postMm(pdu).body());
            assertTrue(conf.messageId().startsWith("sim-c-"), "its prefix routes to the new MMSC: " + conf.messageId());
            long byRule = RouterTestSupport.counter("byRule");
            HttpResponse<String> retrieved = RouterTestSupport.HTTP.send(
                    HttpRequest.newBuilder(URI.create(
                                    "http://127.0.0.1:" + RouterTestSupport.HTTP_PORT + "/mms/" + conf.messageId()))
                            .GET()
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, retrieved.statusCode());
            assertEquals(
                    byRule + 1, RouterTestSupport.counter("byRule"), "its ownership rule, given when it was added");
            assertEquals(
                    "sim-c-.*",
                    mmsc("sim-c").getAsJsonObject("owns").get("idRegex").getAsString());

            assertEquals(409, send("DELETE", API + "/sim-c", null).statusCode(), "still enabled");
            assertEquals(409, send("DELETE", API + "/sim-a", null).statusCode(), "defined in the settings file");
            assertEquals(200, post(API + "/sim-c/admin-state?set=disabled").statusCode());
            assertEquals(200, send("DELETE", API + "/sim-c", null).statusCode());
            assertEquals(404, send("DELETE", API + "/sim-c", null).statusCode());
            assertTrue(!RouterTestSupport.status().contains("sim-c\",\"state"), "no longer listed");
        } finally {
            send("POST", API + "/sim-c/admin-state?set=disabled", null);
            send("DELETE", API + "/sim-c", null);
        }
    }

    @Test
    void badEditsGetClearErrors() throws Exception {
        assertEquals(400, post(API + "/sim-a/admin-state?set=sleeping").statusCode());
        assertEquals(404, post(API + "/no-such-mmsc/admin-state?set=draining").statusCode());
        HttpResponse<String> badWeight = putRouting(
                "sim-a",
                "{\"priority\":0,\"weight\":0,\"recipientPrefixes\":[],\"adminState\":\"enabled\",\"maxRate\":0}");
        assertEquals(400, badWeight.statusCode());
        assertTrue(badWeight.body().contains("weight must be 1..1000"), badWeight.body());
        HttpResponse<String> badPrefix = putRouting(
                "sim-a",
                "{\"priority\":0,\"weight\":5,\"recipientPrefixes\":[\"49x\"],\"adminState\":\"enabled\",\"maxRate\":0}");
        assertEquals(400, badPrefix.statusCode());
        assertEquals(400, putRouting("sim-a", "{\"priority\":0}").statusCode(), "every attribute is required");
        HttpResponse<String> badRule = send(
                "POST",
                API,
                "{\"id\":\"sim-x\",\"url\":\"http://127.0.0.1:18189/mms\"," + "\"owns\":{\"pathRegex\":\"(\"}}");
        assertEquals(400, badRule.statusCode());
        assertTrue(badRule.body().contains("not a regular expression"), badRule.body());
        assertEquals(100, mmsc("sim-a").get("weight").getAsInt(), "nothing changed");
    }

    private static JsonObject mmsc(String id) throws Exception {
        HttpResponse<String> list = AdminClient.OPERATOR.get(API);
        assertEquals(200, list.statusCode(), list.body());
        for (JsonElement element :
                JsonParser.parseString(list.body()).getAsJsonObject().getAsJsonArray("mmscs")) {
            if (id.equals(element.getAsJsonObject().get("id").getAsString())) {
                return element.getAsJsonObject();
            }
        }
        throw new AssertionError(id + " missing from " + list.body());
    }

    private static HttpResponse<String> post(String path) throws Exception {
        return AdminClient.OPERATOR.post(path);
    }

    private static HttpResponse<String> send(String method, String path, String json) throws Exception {
        return AdminClient.OPERATOR.send(method, path, json);
    }

    private static HttpResponse<String> putRouting(String id, String json) throws Exception {
        return AdminClient.OPERATOR.send("PUT", API + "/" + id + "/routing", json);
    }
}
