package org.mmsrouter.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mmsrouter.it.RouterTestSupport.await;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.as.arquillian.container.ManagementClient;
import org.jboss.as.controller.client.helpers.Operations;
import org.jboss.dmr.ModelNode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mmsrouter.pdu.ResponseStatus;
import org.mmsrouter.pdu.SendConf;
import org.mmsrouter.pdu.SendReqComposer;
import org.mmsrouter.tools.sim.Behaviour;
import org.mmsrouter.tools.sim.ReceivedMm;
import org.mmsrouter.tools.sim.SimMode;

/**
 * The NOC's queue tools on the real broker: MMs queued while every MMSC is down are listed and
 * shaped; a sender's MMs are held while the others go out, some of them purged (and recorded as
 * purged), the rest released — every MM delivered once or purged, none lost or doubled; waiting
 * MMs requeued skip their back-off; dead letters replayed by selection.
 */
class QueueIT extends RouterItBase {

    @ArquillianResource
    private ManagementClient management;

    private static final String HELD_SENDER = "+447900";
    private static final String OTHER_SENDER = "+491500";

    @BeforeEach
    void healthyAndEmpty() throws Exception {
        bothHealthyAndEmpty();
    }

    @Test
    void listShapeHoldPurgeReleaseLoseNothingAndDoubleNothing() throws Exception {
        bothDown();
        List<String> held = new ArrayList<>();
        List<String> purged = new ArrayList<>();
        List<String> others = new ArrayList<>();
        List<byte[]> pdus = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            boolean hold = i % 2 == 0;
            boolean purge = hold && i % 6 == 0; // 15 held (even i), 5 of them to +4917…, purged
            String tid = "it-queue-" + i;
            (hold ? purge ? purged : held : others).add(tid);
            pdus.add(new SendReqComposer()
                    .transactionId(tid)
                    .from((hold ? HELD_SENDER : OTHER_SENDER) + String.format("%05d", i) + "/TYPE=PLMN")
                    .to((purge ? "+4917" : "+4915") + "1234567" + i + "/TYPE=PLMN")
                    .compose());
        }
        submitAll(pdus);

        await("all 30 listed", Duration.ofSeconds(20), () -> total("/queue?size=500") == 30);
        JsonObject page = json(AdminClient.OPERATOR.get("/queue?size=10&page=2"));
        assertEquals(30, page.get("total").getAsInt());
        assertEquals(10, page.getAsJsonArray("items").size(), "page 2 of 10");
        JsonObject first = json(AdminClient.OPERATOR.get("/queue?size=1"))
                .getAsJsonArray("items")
                .get(0)
                .getAsJsonObject();
        assertEquals("submission", first.get("kind").getAsString());
        assertTrue(first.get("sender").getAsString().startsWith("+"), "operators see senders: " + first);
        assertEquals(1, first.get("recipients").getAsInt());

        JsonObject shape = json(AdminClient.OPERATOR.get("/queue/shape"));
        assertEquals(30, shape.get("total").getAsInt());
        JsonObject row = shape.getAsJsonArray("rows").get(0).getAsJsonObject();
        assertEquals("(none)", row.get("mmsc").getAsString(), "no MMSC was tried: " + shape);
        assertEquals(30, row.getAsJsonArray("counts").get(0).getAsInt(), "all in 0-1m: " + shape);

        // Viewers see senders masked and may not select by subscriber.
        JsonObject viewed = json(AdminClient.VIEWER.get("/queue?size=1"))
                .getAsJsonArray("items")
                .get(0)
                .getAsJsonObject();
        assertFalse(viewed.get("sender").getAsString().matches(".*\\d{5}.*"), "masked: " + viewed);
        assertEquals(403, AdminClient.VIEWER.get("/queue?sender=%2B4479").statusCode());
        assertEquals(400, AdminClient.OPERATOR.get("/queue?olderThan=soon").statusCode());
        assertEquals(400, AdminClient.OPERATOR.get("/queue?page=0").statusCode(), "checked in the bean, still a 400");
        // The operator's mistake, not the bean's failure: no WFLYEJB0034 (invocation failed) with a stack trace.
        List<String> log = Files.readAllLines(
                Path.of(System.getProperty("it.base.dir"), "log", "server.log"), StandardCharsets.ISO_8859_1);
        assertTrue(
                log.stream().noneMatch(line -> line.contains("WFLYEJB0034") && line.contains("QueueManager")),
                "a bad page logged as a failure of the bean");

        System.out.println("queue before the hold: "
                + AdminClient.OPERATOR.get("/queue?size=500").body());
        // Hold the sender's MMs: a look, then its confirmation (repeated for any the forwarders held at that moment).
        await("15 held", Duration.ofSeconds(30), () -> {
            act("hold", "sender=%2B447900");
            return total("/queue?state=held") == 15;
        });
        assertEquals(
                409,
                AdminClient.OPERATOR
                        .post("/queue/hold?sender=%2B447900&confirm=123.forged")
                        .statusCode());

        mmscs.a().setBehaviour(Behaviour.HEALTHY);
        mmscs.b().setBehaviour(Behaviour.HEALTHY);
        await(
                "the 15 others delivered",
                Duration.ofSeconds(90),
                () -> received().size() == 15);
        Thread.sleep(2_000);
        assertEquals(new HashSet<>(others), new HashSet<>(received()), "none of the held went out");
        assertEquals(15, total("/queue?state=held"));

        JsonObject purge = act("purge", "state=held&recipient=%2B4917");
        assertEquals(5, purge.get("done").getAsInt(), purge.toString());
        for (String tid : purged) {
            String records =
                    AdminClient.OPERATOR.get("/mms?transactionId=" + tid).body();
            assertTrue(records.contains("\"outcome\":\"purged\""), tid + ": " + records);
        }

        JsonObject release = act("release", "");
        assertEquals(10, release.get("done").getAsInt(), release.toString());
        await("the released delivered", Duration.ofSeconds(60), () -> received().size() == 25);
        Thread.sleep(2_000);
        List<String> delivered = received();
        assertEquals(25, delivered.size(), "each once: " + delivered);
        Set<String> expected = new HashSet<>(others);
        expected.addAll(held);
        assertEquals(expected, new HashSet<>(delivered), "the purged never went out");
        assertEquals(0, total("/queue"));
    }

    @Test
    void holdAndReleaseUnderLoadLoseNothingAndDoubleNothing() throws Exception {
        // Slow MMSCs (200 ms a submission, 8 forwarding threads: ~40 MMs/s) and an answer window of 0
        // (live reload), so 20 clients queue 30 KB MMs faster than they go out: the backlog outgrows
        // what the forwarding threads have prefetched (their consumer windows, ~270 such MMs), and the
        // holds catch MMs ready and waiting while others are in the threads' hands.
        Path settings = Files.createTempFile("mms-router-queue-it", ".properties");
        Files.writeString(settings, "mmsrouter.mm1.answer-window-ms=0\n");
        setConfigFile(settings.toString());
        try {
            HttpResponse<String> reloaded = AdminClient.OPERATOR.post("/reload");
            assertEquals(200, reloaded.statusCode(), reloaded.body());
            holdAndReleaseUnderLoad();
        } finally {
            setConfigFile(null);
            assertEquals(200, AdminClient.OPERATOR.post("/reload").statusCode());
            Files.deleteIfExists(settings);
        }
    }

    private void holdAndReleaseUnderLoad() throws Exception {
        mmscs.a().setBehaviour(Behaviour.slowSubmissions(Duration.ofMillis(200)));
        mmscs.b().setBehaviour(Behaviour.slowSubmissions(Duration.ofMillis(200)));
        int total = 600;
        String text = "x".repeat(30_000);
        List<byte[]> pdus = new ArrayList<>();
        Set<String> fromA = new HashSet<>();
        Set<String> all = new HashSet<>();
        for (int i = 0; i < total; i++) {
            String tid = "it-load-" + i;
            boolean a = i % 2 == 0;
            pdus.add(new SendReqComposer()
                    .transactionId(tid)
                    .from((a ? "+447911" : "+491522") + String.format("%06d", i) + "/TYPE=PLMN")
                    .to("+4915112345678/TYPE=PLMN")
                    .text(text)
                    .compose());
            all.add(tid);
            if (a) {
                fromA.add(tid);
            }
        }
        ExecutorService clients = Executors.newFixedThreadPool(20);
        List<Future<HttpResponse<byte[]>>> answers = new ArrayList<>();
        for (byte[] pdu : pdus) {
            answers.add(clients.submit(() -> RouterTestSupport.postMm(pdu)));
        }
        try {
            for (int i = 0; i < 10; i++) { // holds while the load runs and the backlog drains
                Thread.sleep(300);
                act("hold", "sender=%2B447911");
            }
            for (Future<HttpResponse<byte[]>> answer : answers) {
                assertEquals(
                        ResponseStatus.OK, SendConf.decode(answer.get().body()).responseStatus());
            }
        } finally {
            clients.shutdownNow();
        }
        // Whatever of A's was in a forwarder's hands went out; the rest is held once no hold finds more.
        await(
                "none of A's left to hold",
                Duration.ofSeconds(60),
                () -> act("hold", "sender=%2B447911").get("selected").getAsInt() == 0);
        await("all of B's delivered", Duration.ofSeconds(120), () -> {
            Set<String> delivered = new HashSet<>(received());
            return all.stream().filter(t -> !fromA.contains(t)).allMatch(delivered::contains);
        });
        Thread.sleep(1_000);
        Set<String> held = new HashSet<>();
        for (JsonElement item :
                json(AdminClient.OPERATOR.get("/queue?state=held&size=500")).getAsJsonArray("items")) {
            held.add(item.getAsJsonObject().get("transactionId").getAsString());
        }
        List<String> deliveredSoFar = received();
        assertEquals(deliveredSoFar.size(), new HashSet<>(deliveredSoFar).size(), "nothing delivered twice");
        assertTrue(fromA.containsAll(held), "only A's are held");
        assertTrue(held.stream().noneMatch(deliveredSoFar::contains), "a held MM was not also delivered");
        Set<String> accounted = new HashSet<>(deliveredSoFar);
        accounted.addAll(held);
        assertEquals(all, accounted, "every MM answered Ok is delivered or held");
        System.out.println("under load: " + held.size() + " of A's " + fromA.size() + " held, " + deliveredSoFar.size()
                + " delivered");
        assertTrue(held.size() > 0, "the holds caught some of A's MMs while the load ran");

        JsonObject release = act("release", "");
        assertEquals(held.size(), release.get("done").getAsInt(), release.toString());
        await("all delivered", Duration.ofSeconds(120), () -> new HashSet<>(received()).size() == total);
        Thread.sleep(1_000);
        assertEquals(total, received().size(), "each exactly once");
    }

    /** Points mmsrouter.config.file at {@code file} (null: removes it), as an operator's -D would. */
    private void setConfigFile(String file) throws IOException {
        ModelNode address = Operations.createAddress("system-property", "mmsrouter.config.file");
        ModelNode operation;
        if (file == null) {
            operation = Operations.createRemoveOperation(address);
        } else {
            operation = Operations.createAddOperation(address);
            operation.get("value").set(file);
        }
        ModelNode result = management.getControllerClient().execute(operation);
        assertTrue(Operations.isSuccessfulOutcome(result), result.toString());
    }

    @Test
    void requeueSkipsTheBackOff() throws Exception {
        // Both MMSCs answer "transient failure": each attempt fails and the MM is re-queued to wait
        // out a back-off that doubles (1 s, 2 s, 4 s …); the MMSCs' probes still succeed.
        mmscs.a().setBehaviour(Behaviour.status(ResponseStatus.ERROR_TRANSIENT_FAILURE));
        mmscs.b().setBehaviour(Behaviour.status(ResponseStatus.ERROR_TRANSIENT_FAILURE));
        List<byte[]> pdus = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            pdus.add(new SendReqComposer()
                    .transactionId("it-requeue-" + i)
                    .to("+49151000" + i + "/TYPE=PLMN")
                    .compose());
        }
        submitAll(pdus); // the router keeps them: Ok once the window closes
        await("every MM waiting ≥ 15 s more", Duration.ofSeconds(90), () -> {
            JsonArray items =
                    json(AdminClient.OPERATOR.get("/queue?state=waiting")).getAsJsonArray("items");
            if (items.size() != 4) {
                return false;
            }
            for (JsonElement item : items) {
                JsonElement next = item.getAsJsonObject().get("nextAttempt");
                if (next.isJsonNull()
                        || Instant.parse(next.getAsString())
                                .isBefore(Instant.now().plusSeconds(15))) {
                    return false;
                }
            }
            return true;
        });
        JsonObject waiting = json(AdminClient.OPERATOR.get("/queue?size=1"))
                .getAsJsonArray("items")
                .get(0)
                .getAsJsonObject();
        assertTrue(waiting.get("attempts").getAsInt() >= 4, waiting.toString());
        assertTrue(waiting.get("mmsc").getAsString().startsWith("sim-"), waiting.toString());
        assertFalse(waiting.get("lastError").isJsonNull(), waiting.toString());
        mmscs.a().setBehaviour(Behaviour.HEALTHY);
        mmscs.b().setBehaviour(Behaviour.HEALTHY);
        mmscs.a().clearReceived();
        mmscs.b().clearReceived();
        Instant requeued = Instant.now();
        JsonObject requeue = act("requeue", "");
        assertEquals(4, requeue.get("done").getAsInt(), requeue.toString());
        await(
                "all 4 delivered within 10 s, not after their back-off",
                Duration.ofSeconds(10),
                () -> received().size() == 4);
        assertTrue(Duration.between(requeued, Instant.now()).toSeconds() < 12);
    }

    @Test
    void deadLettersAreReplayedBySelection() throws Exception {
        mmscs.a().setBehaviour(Behaviour.status(ResponseStatus.ERROR_PERMANENT_SERVICE_DENIED));
        mmscs.b().setBehaviour(Behaviour.of(SimMode.REFUSE));
        for (String sender : List.of("+447911111", "+491522222")) {
            byte[] pdu = new SendReqComposer()
                    .transactionId("it-dl-" + sender)
                    .from(sender + "/TYPE=PLMN")
                    .to("+4915100001/TYPE=PLMN")
                    .compose();
            assertEquals(
                    ResponseStatus.ERROR_PERMANENT_SERVICE_DENIED,
                    SendConf.decode(RouterTestSupport.postMm(pdu).body()).responseStatus());
        }
        mmscs.a().setBehaviour(Behaviour.HEALTHY);
        mmscs.b().setBehaviour(Behaviour.HEALTHY);
        await("sim-a UP", Duration.ofSeconds(30), () -> "UP".equals(RouterTestSupport.stateOf("sim-a")));
        JsonObject look = json(AdminClient.OPERATOR.post("/dead-letters/replay?sender=%2B4479"));
        assertEquals(1, look.get("selected").getAsInt(), look.toString());
        HttpResponse<String> done = AdminClient.OPERATOR.post("/dead-letters/replay?sender=%2B4479&confirm="
                + look.get("confirm").getAsString());
        assertEquals(200, done.statusCode(), done.body());
        await(
                "the replayed one delivered",
                Duration.ofSeconds(20),
                () -> received().size() == 1);
        Thread.sleep(1_000);
        assertEquals(List.of("it-dl-+447911111"), received());
        AdminClient.OPERATOR.post("/dead-letters/purge?confirm="
                + json(AdminClient.OPERATOR.get("/dead-letters"))
                        .get("purgeToken")
                        .getAsString());
    }

    /** Both MMSCs refuse connections, and the router has seen them DOWN. */
    private static void bothDown() throws Exception {
        mmscs.a().setBehaviour(Behaviour.of(SimMode.REFUSE));
        mmscs.b().setBehaviour(Behaviour.of(SimMode.REFUSE));
        await(
                "both MMSCs DOWN",
                Duration.ofSeconds(30),
                () -> "DOWN".equals(RouterTestSupport.stateOf("sim-a"))
                        && "DOWN".equals(RouterTestSupport.stateOf("sim-b")));
    }

    /** Submits all at once; each is answered Ok once queued (no MMSC answered within the window). */
    private static void submitAll(List<byte[]> pdus) throws Exception {
        submitAll(pdus, ResponseStatus.OK);
    }

    /** Submits all at once; each answered {@code status}. */
    private static void submitAll(List<byte[]> pdus, int status) throws Exception {
        ExecutorService clients = Executors.newFixedThreadPool(pdus.size());
        try {
            List<Future<HttpResponse<byte[]>>> answers = new ArrayList<>();
            for (byte[] pdu : pdus) {
                answers.add(clients.submit(() -> RouterTestSupport.postMm(pdu)));
            }
            for (Future<HttpResponse<byte[]>> answer : answers) {
                assertEquals(
                        ResponseStatus.OK, SendConf.decode(answer.get().body()).responseStatus());
            }
        } finally {
            clients.shutdownNow();
        }
    }

    /** A look and its confirmation; the confirmation's answer. */
    private static JsonObject act(String action, String filters) throws Exception {
        HttpResponse<String> look = AdminClient.OPERATOR.post("/queue/" + action + "?" + filters);
        assertEquals(409, look.statusCode(), look.body());
        String token = json(look).get("confirm").getAsString();
        HttpResponse<String> done = AdminClient.OPERATOR.post("/queue/" + action + "?" + filters + "&confirm=" + token);
        assertEquals(200, done.statusCode(), done.body());
        return json(done);
    }

    private static int total(String path) throws Exception {
        HttpResponse<String> answer = AdminClient.OPERATOR.get(path);
        assertEquals(200, answer.statusCode(), answer.body());
        return json(answer).get("total").getAsInt();
    }

    private static List<String> received() {
        List<String> tids = new ArrayList<>();
        for (ReceivedMm mm : mmscs.a().received()) {
            tids.add(mm.transactionId());
        }
        for (ReceivedMm mm : mmscs.b().received()) {
            tids.add(mm.transactionId());
        }
        return tids;
    }

    private static JsonObject json(HttpResponse<String> response) {
        return JsonParser.parseString(response.body()).getAsJsonObject();
    }
}
