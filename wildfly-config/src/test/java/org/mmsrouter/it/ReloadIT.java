package org.mmsrouter.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mmsrouter.it.RouterTestSupport.await;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.as.arquillian.container.ManagementClient;
import org.jboss.as.controller.client.helpers.Operations;
import org.jboss.dmr.ModelNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mmsrouter.pdu.ResponseStatus;
import org.mmsrouter.pdu.SendConf;
import org.mmsrouter.pdu.SendReqComposer;
import org.mmsrouter.tools.sim.Behaviour;
import org.mmsrouter.tools.sim.SimMode;

/**
 * Live reload of the settings file on the running router: the answer window and an added MMSC are
 * in force at once, without a redeploy, and so are each of the other live kinds — MM1's size limit
 * and allowed sources, health thresholds, forwarding's pace; a change that needs a restart is
 * refused naming the key, and a bad file is refused naming the key — both leaving the running
 * settings as they were; a change of the watched file is picked up by itself and audited.
 */
class ReloadIT extends RouterItBase {

    private static final String FILE_PROPERTY = "mmsrouter.config.file";

    @ArquillianResource
    private ManagementClient management;

    private Path settingsFile;

    @BeforeEach
    void aSettingsFileOfOurOwn() throws Exception {
        bothHealthyAndEmpty();
        settingsFile = Files.createTempFile("mms-router-reload", ".properties");
        ModelNode add = Operations.createAddOperation(Operations.createAddress("system-property", FILE_PROPERTY));
        add.get("value").set(settingsFile.toString());
        execute(add);
    }

    @AfterEach
    void backToTheStartSettings() throws Exception {
        execute(Operations.createRemoveOperation(Operations.createAddress("system-property", FILE_PROPERTY)));
        HttpResponse<String> restored = AdminClient.OPERATOR.post("/reload");
        assertEquals(200, restored.statusCode(), restored.body());
        Files.deleteIfExists(settingsFile);
    }

    @Test
    void liveSettingsApplyAtOnceAndFixedOrBadOnesAreRefusedNamingTheKey() throws Exception {
        // Window 2 s (default): the MMSC's own m-send-conf is relayed.
        assertEquals(simMessageIdOf(submit("it-reload-before")), "relayed", "the MMSC answered within the window");

        write("mmsrouter.mm1.answer-window-ms=0\n"
                + "mmsrouter.mmscs=sim-a,sim-b,sim-c\n"
                + "mmsrouter.mmsc.sim-c.url=http://127.0.0.1:18183/mms\n"
                + "mmsrouter.mmsc.sim-c.priority=5\n");
        JsonObject applied = json(AdminClient.OPERATOR.post("/reload"));
        assertTrue(applied.toString().contains("mmsrouter.mm1.answer-window-ms"), applied.toString());
        assertTrue(applied.toString().contains("mmsrouter.mmscs"), applied.toString());
        assertTrue(AdminClient.VIEWER.get("/mmscs").body().contains("\"sim-c\""), "sim-c registered at once");
        assertEquals("own", simMessageIdOf(submit("it-reload-after")), "window 0: the router answers once stored");

        // A port or a mapping needs a restart: nothing applied, the key named.
        write("mmsrouter.mm1.answer-window-ms=2000\nmmsrouter.mm1.path=/elsewhere\n");
        HttpResponse<String> refused = AdminClient.OPERATOR.post("/reload");
        assertEquals(409, refused.statusCode(), refused.body());
        assertTrue(refused.body().contains("mmsrouter.mm1.path"), refused.body());
        assertEquals("own", simMessageIdOf(submit("it-reload-refused")), "the window stays 0");
        assertTrue(AdminClient.VIEWER.get("/mmscs").body().contains("\"sim-c\""), "sim-c still there");

        // A bad value: nothing applied, the key named.
        write("mmsrouter.mm1.answer-window-ms=soon\n");
        HttpResponse<String> invalid = AdminClient.OPERATOR.post("/reload");
        assertEquals(400, invalid.statusCode(), invalid.body());
        assertTrue(invalid.body().contains("mm1.answer-window-ms"), invalid.body());
        assertEquals("own", simMessageIdOf(submit("it-reload-invalid")), "the window stays 0");

        // The same file twice: unchanged. Viewers may not reload.
        write("mmsrouter.mm1.answer-window-ms=0\n"
                + "mmsrouter.mmscs=sim-a,sim-b,sim-c\n"
                + "mmsrouter.mmsc.sim-c.url=http://127.0.0.1:18183/mms\n"
                + "mmsrouter.mmsc.sim-c.priority=5\n");
        assertTrue(json(AdminClient.OPERATOR.post("/reload")).get("unchanged").getAsBoolean());
        assertEquals(403, AdminClient.VIEWER.post("/reload").statusCode());

        // Back to two MMSCs: sim-c is removed at once.
        write("");
        assertEquals(200, AdminClient.OPERATOR.post("/reload").statusCode());
        assertFalse(AdminClient.VIEWER.get("/mmscs").body().contains("\"sim-c\""), "sim-c gone");
        assertEquals("relayed", simMessageIdOf(submit("it-reload-restored")));
    }

    @Test
    void sizeLimitAllowedSourcesHealthThresholdsAndPaceApplyAtOnce() throws Exception {
        // MM1's size limit.
        byte[] large = new SendReqComposer()
                .transactionId("it-reload-large")
                .to("+4915112345678/TYPE=PLMN")
                .text("x".repeat(4_000))
                .compose();
        assertEquals(ResponseStatus.OK, sendConf(large).responseStatus());
        write("mmsrouter.mm1.max-message-bytes=2048\n");
        assertTrue(reloaded().contains("mmsrouter.mm1.max-message-bytes"));
        SendConf refused = sendConf(large);
        assertEquals(ResponseStatus.ERROR_PERMANENT_CONTENT_NOT_ACCEPTED, refused.responseStatus());
        assertTrue(refused.responseText().contains("2048"), refused.responseText());

        // MM1's allowed sources: the test server's come from a system property, which wins over the file.
        String sources = "mmsrouter.mm1.allowed-sources";
        String started = "127.0.0.1,127.0.0.2,::1"; // as arquillian.xml starts the server
        ModelNode property = Operations.createAddress("system-property", sources);
        ModelNode narrow = Operations.createAddOperation(property);
        narrow.get("value").set("127.0.0.2");
        execute(narrow);
        try {
            write("");
            assertTrue(reloaded().contains(sources));
            assertEquals(
                    403,
                    RouterTestSupport.postMm(composed("it-reload-outside")).statusCode(),
                    "127.0.0.1 is outside the allowed sources now");
        } finally {
            // Back to the value the server started with (kept as a resource: removing it would clear it).
            execute(Operations.createWriteAttributeOperation(property, "value", started));
            assertTrue(reloaded().contains(sources));
        }
        assertEquals(ResponseStatus.OK, sendConf(composed("it-reload-inside")).responseStatus());

        // Health thresholds: 64 probe successes (250 ms apart) bring a DOWN MMSC back, then the default 2.
        write("mmsrouter.health.rise=64\n");
        assertTrue(reloaded().contains("mmsrouter.probe.* / mmsrouter.health.*"));
        mmscs.a().setBehaviour(Behaviour.of(SimMode.REFUSE));
        await("sim-a DOWN", Duration.ofSeconds(15), () -> "DOWN".equals(RouterTestSupport.stateOf("sim-a")));
        mmscs.a().setBehaviour(Behaviour.HEALTHY);
        RouterTestSupport.holdsThroughout(
                "sim-a stays DOWN: 4 s of successes are fewer than 64",
                Duration.ofSeconds(4),
                () -> "DOWN".equals(RouterTestSupport.stateOf("sim-a")));
        write("");
        assertTrue(reloaded().contains("mmsrouter.probe.* / mmsrouter.health.*"));
        await(
                "sim-a UP on the default rise",
                Duration.ofSeconds(5),
                () -> "UP".equals(RouterTestSupport.stateOf("sim-a")));

        // Forwarding's pace: one MM a second, then no limit. Each forwarding thread waits for the slot
        // it reserved, so once the limit is lifted the rest go at once and all 24 arrive well before
        // the 24 s the limit would take.
        bothHealthyAndEmpty();

        // Routing: sim-a (priority 0) takes everything while it is up, until its priority is changed.
        // Under registry.import=keep-edits (the default) the file does not override routing that
        // NOC staff edited at run time, as earlier tests on this server do: replace makes the file win.
        write("mmsrouter.registry.import=replace\nmmsrouter.mmsc.sim-a.priority=2\n");
        assertTrue(reloaded().contains("mmsrouter.mmscs / mmsrouter.mmsc.*"));
        for (int i = 0; i < 3; i++) {
            assertEquals(
                    ResponseStatus.OK,
                    sendConf(composed("it-reload-routed-" + i)).responseStatus());
        }
        assertEquals(
                List.of(0, 3),
                List.of(mmscs.a().received().size(), mmscs.b().received().size()),
                "sim-b (priority 1) is preferred now");
        bothHealthyAndEmpty();

        write("mmsrouter.mm1.answer-window-ms=0\nmmsrouter.forward.max-rate=1\n"
                + "mmsrouter.forward.slow-start-seconds=0\n");
        assertTrue(reloaded().contains("mmsrouter.forward.max-rate"));
        for (int i = 0; i < 24; i++) {
            assertEquals(
                    ResponseStatus.OK,
                    sendConf(composed("it-reload-paced-" + i)).responseStatus());
        }
        RouterTestSupport.holdsThroughout(
                "at most 6 of 24 forwarded in 3 s at one a second", Duration.ofSeconds(3), () -> forwarded() <= 6);
        write("mmsrouter.mm1.answer-window-ms=0\n");
        assertTrue(reloaded().contains("mmsrouter.forward.max-rate"));
        long lifted = System.nanoTime();
        await("all 24 forwarded without the limit", Duration.ofSeconds(14), () -> forwarded() == 24);
        assertTrue(Duration.ofNanos(System.nanoTime() - lifted).toSeconds() < 14);
    }

    /** How many MMs the two simulators took. */
    private static int forwarded() {
        return mmscs.a().received().size() + mmscs.b().received().size();
    }

    /** Reloads, expecting it applied; what the answer says. */
    private static String reloaded() throws Exception {
        HttpResponse<String> answer = AdminClient.OPERATOR.post("/reload");
        assertEquals(200, answer.statusCode(), answer.body());
        return answer.body();
    }

    private static byte[] composed(String tid) {
        return new SendReqComposer()
                .transactionId(tid)
                .to("+4915112345678/TYPE=PLMN")
                .compose();
    }

    private static SendConf sendConf(byte[] pdu) throws Exception {
        HttpResponse<byte[]> answer = RouterTestSupport.postMm(pdu);
        assertEquals(200, answer.statusCode());
        return SendConf.decode(answer.body());
    }

    @Test
    void aChangeOfTheWatchedFileIsReloadedByItselfAndAudited() throws Exception {
        // The watch follows the file the server started with: mms-router.properties in its configuration directory.
        execute(Operations.createRemoveOperation(Operations.createAddress("system-property", FILE_PROPERTY)));
        Path watched = Path.of(configDir(), "mms-router.properties");
        try {
            Files.writeString(watched, "mmsrouter.mm1.answer-window-ms=0\n");
            await(
                    "the watch reloaded the file",
                    Duration.ofSeconds(15),
                    () -> "own".equals(simMessageIdOf(submit("it-watch-" + System.nanoTime()))));
            String audit = AdminClient.VIEWER.get("/audit?limit=20").body();
            assertTrue(audit.contains("settings-file-watch") && audit.contains("settings.reload"), audit);
        } finally {
            Files.deleteIfExists(watched);
            ModelNode add = Operations.createAddOperation(Operations.createAddress("system-property", FILE_PROPERTY));
            add.get("value").set(settingsFile.toString());
            execute(add); // for @AfterEach, which reloads from an empty file: the start settings
        }
    }

    /** "relayed" when the m-send-conf carries the Message-ID the simulator gave, "own" when the router's. */
    private static String simMessageIdOf(SendConf conf) {
        assertEquals(ResponseStatus.OK, conf.responseStatus());
        boolean fromSim = mmscs.a().received().stream()
                        .anyMatch(mm -> conf.messageId().equals(mm.messageId()))
                || mmscs.b().received().stream().anyMatch(mm -> conf.messageId().equals(mm.messageId()));
        return fromSim ? "relayed" : "own";
    }

    private static SendConf submit(String tid) throws Exception {
        byte[] pdu = new SendReqComposer()
                .transactionId(tid)
                .to("+4915112345678/TYPE=PLMN")
                .compose();
        SendConf conf = SendConf.decode(RouterTestSupport.postMm(pdu).body());
        assertNotEquals(null, conf.messageId());
        return conf;
    }

    private void write(String content) throws IOException {
        Files.writeString(settingsFile, content);
    }

    private String configDir() throws IOException {
        ModelNode read = Operations.createReadAttributeOperation(
                Operations.createAddress("path", "jboss.server.config.dir"), "path");
        ModelNode result = management.getControllerClient().execute(read);
        assertTrue(Operations.isSuccessfulOutcome(result), result.toString());
        return Operations.readResult(result).asString();
    }

    private void execute(ModelNode operation) throws IOException {
        ModelNode result = management.getControllerClient().execute(operation);
        if (!Operations.isSuccessfulOutcome(result)) {
            throw new AssertionError(Operations.getFailureDescription(result).asString());
        }
    }

    private static JsonObject json(HttpResponse<String> response) {
        assertEquals(200, response.statusCode(), response.body());
        return JsonParser.parseString(response.body()).getAsJsonObject();
    }
}
