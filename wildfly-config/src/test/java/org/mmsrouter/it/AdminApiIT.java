package org.mmsrouter.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mmsrouter.it.RouterTestSupport.await;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mmsrouter.pdu.ResponseStatus;
import org.mmsrouter.pdu.SendConf;
import org.mmsrouter.pdu.SendReqComposer;
import org.mmsrouter.tools.sim.Behaviour;
import org.mmsrouter.tools.sim.SimMode;

/**
 * The admin API in the container, as NOC staff and their scripts meet it: who may read and who may
 * act (BASIC against the Elytron realm; 401 anonymous, 403 viewer acting), the CSRF guard, the
 * audit trail of every action, the console's reads (overview, series, events, per-MM lookup), dead
 * letters viewed and purged with a confirmation token, the OpenAPI document, and MM1 refused to a
 * source outside the WAP gateways' networks.
 */
class AdminApiIT extends RouterItBase {

    @BeforeEach
    void healthyAndEmpty() throws Exception {
        bothHealthyAndEmpty();
    }

    @Test
    void anonymousGets401ViewerReadsButCannotActOperatorActsWithItsToken() throws Exception {
        AdminClient anonymous = AdminClient.anonymous();
        HttpResponse<String> noCredentials = anonymous.get("/mmscs");
        assertEquals(401, noCredentials.statusCode());
        assertTrue(
                noCredentials
                        .headers()
                        .firstValue("WWW-Authenticate")
                        .orElse("")
                        .startsWith("Basic"),
                noCredentials.headers().map().toString());
        assertEquals(
                401,
                anonymous
                        .sendRaw("POST", "/mmscs/sim-a/admin-state?set=disabled", null)
                        .statusCode());
        assertEquals(
                401,
                new AdminClient("it-operator", "wrong password").get("/status").statusCode());
        assertEquals(401, anonymous.get("/metrics").statusCode());
        assertEquals(
                401,
                NocTls.client()
                        .build()
                        .send(
                                HttpRequest.newBuilder(URI.create(NocTls.BASE + "/admin/"))
                                        .GET()
                                        .build(),
                                HttpResponse.BodyHandlers.ofString())
                        .statusCode(),
                "the console's page too");

        JsonObject viewer = json(AdminClient.VIEWER.get("/session"));
        assertEquals("it-viewer", viewer.get("user").getAsString());
        assertFalse(viewer.get("canAct").getAsBoolean());
        assertEquals(200, AdminClient.VIEWER.get("/mmscs").statusCode());
        HttpResponse<String> viewerActs =
                AdminClient.VIEWER.send("POST", "/mmscs/sim-a/admin-state?set=disabled", null);
        assertEquals(403, viewerActs.statusCode(), "a viewer cannot act, even with a valid token");
        assertEquals("enabled", adminState("sim-a"));

        JsonObject operator = json(AdminClient.OPERATOR.get("/session"));
        assertTrue(operator.get("canAct").getAsBoolean());
        assertEquals("[\"noc-operator\"]", operator.get("roles").toString());

        // Without the token, with a wrong one, or from another origin: refused, nothing changes.
        assertEquals(
                403,
                AdminClient.OPERATOR
                        .sendRaw("POST", "/mmscs/sim-a/admin-state?set=draining", null)
                        .statusCode());
        assertEquals(
                403,
                AdminClient.OPERATOR
                        .sendRaw("POST", "/mmscs/sim-a/admin-state?set=draining", null, "X-CSRF-Token", "00ff")
                        .statusCode());
        HttpResponse<String> crossOrigin = AdminClient.OPERATOR.sendRaw(
                "POST",
                "/mmscs/sim-a/admin-state?set=draining",
                null,
                "X-CSRF-Token",
                AdminClient.OPERATOR.csrfToken(),
                "Origin",
                "http://evil.example");
        assertEquals(403, crossOrigin.statusCode());
        assertTrue(crossOrigin.body().contains("cross-origin"), crossOrigin.body());
        AdminClient otherSession = new AdminClient("it-operator", "it-operator-pw");
        otherSession.get("/session");
        assertEquals(
                403,
                otherSession
                        .sendRaw(
                                "POST",
                                "/mmscs/sim-a/admin-state?set=draining",
                                null,
                                "X-CSRF-Token",
                                AdminClient.OPERATOR.csrfToken())
                        .statusCode(),
                "a token is good for its own session only");
        assertEquals("enabled", adminState("sim-a"));

        try {
            HttpResponse<String> drained =
                    AdminClient.OPERATOR.send("POST", "/mmscs/sim-a/admin-state?set=draining", null);
            assertEquals(200, drained.statusCode(), drained.body());
            assertEquals("draining", adminState("sim-a"));
            assertTrue(
                    json(drained).get("updatedBy").getAsString().startsWith("it-operator (api from 127.0.0.1)"),
                    drained.body());
        } finally {
            assertEquals(
                    200,
                    AdminClient.OPERATOR
                            .send("POST", "/mmscs/sim-a/admin-state?set=enabled", null)
                            .statusCode());
        }

        // Each action is audited: who, what, from where, how it ended; refusals by the container never reach it.
        JsonArray audit = json(AdminClient.VIEWER.get("/audit?limit=5")).getAsJsonArray("audit");
        JsonObject enabled = audit.get(0).getAsJsonObject();
        JsonObject draining = audit.get(1).getAsJsonObject();
        assertEquals("it-operator", enabled.get("user").getAsString());
        assertEquals("127.0.0.1", enabled.get("from").getAsString());
        assertEquals("mmsc.admin-state", enabled.get("action").getAsString());
        assertEquals("sim-a", enabled.get("target").getAsString());
        assertEquals("enabled", enabled.get("detail").getAsString());
        assertEquals("ok", enabled.get("outcome").getAsString());
        assertEquals("draining", draining.get("detail").getAsString());
    }

    @Test
    void theConsoleReadsOverviewSeriesEventsAndAnMmByItsIds() throws Exception {
        byte[] pdu = new SendReqComposer()
                .transactionId("it-admin-lookup")
                .to("+4915112345678/TYPE=PLMN")
                .compose();
        SendConf conf = SendConf.decode(RouterTestSupport.postMm(pdu).body());
        assertEquals(ResponseStatus.OK, conf.responseStatus());

        await(
                "the MM's record can be looked up by its Transaction-ID",
                Duration.ofSeconds(10),
                () -> json(AdminClient.VIEWER.get("/mms?transactionId=it-admin-lookup"))
                                .getAsJsonArray("records")
                                .size()
                        == 1);
        JsonObject record = json(AdminClient.VIEWER.get("/mms?transactionId=it-admin-lookup"))
                .getAsJsonArray("records")
                .get(0)
                .getAsJsonObject();
        assertEquals("delivered", record.get("outcome").getAsString());
        assertEquals(conf.messageId(), record.get("messageId").getAsString());
        JsonArray byMessageId = json(AdminClient.VIEWER.get("/mms?messageId=" + conf.messageId()))
                .getAsJsonArray("records");
        assertEquals(
                "it-admin-lookup",
                byMessageId.get(0).getAsJsonObject().get("transactionId").getAsString());
        assertEquals(400, AdminClient.VIEWER.get("/mms").statusCode());
        assertEquals(
                0,
                json(AdminClient.VIEWER.get("/mms?transactionId=never-sent"))
                        .getAsJsonArray("records")
                        .size());

        JsonObject overview = json(AdminClient.VIEWER.get("/overview"));
        JsonObject simA = byId(overview.getAsJsonArray("mmscs"), "sim-a");
        assertEquals("UP", simA.get("health").getAsString());
        assertEquals("enabled", simA.get("adminState").getAsString());
        assertTrue(simA.getAsJsonObject("lastProbe").get("ok").getAsBoolean(), simA.toString());
        assertTrue(simA.getAsJsonObject("lastProbe").get("latencyMs").getAsDouble() > 0, simA.toString());
        JsonObject submissions = byName(overview.getAsJsonArray("queues"), "MmsSubmissions");
        assertTrue(submissions.get("consumers").getAsLong() > 0, submissions.toString());
        assertTrue(submissions.get("depth").getAsLong() >= 0, submissions.toString());
        assertEquals(
                "[\"mms.operator.test\"]",
                overview.getAsJsonObject("dns").get("zones").toString());

        await(
                "the series has the last steps",
                Duration.ofSeconds(15),
                () -> json(AdminClient.VIEWER.get("/series"))
                                .getAsJsonArray("t")
                                .size()
                        >= 2);
        JsonObject series = json(AdminClient.VIEWER.get("/series"));
        assertEquals(5, series.get("stepSeconds").getAsInt());
        int points = series.getAsJsonArray("t").size();
        assertEquals(points, series.getAsJsonArray("accepted").size());
        assertEquals(points, series.getAsJsonArray("queueDepth").size());

        // Probe now: a fresh result, audited.
        HttpResponse<String> probe = AdminClient.OPERATOR.send("POST", "/mmscs/sim-b/probe", null);
        assertEquals(200, probe.statusCode(), probe.body());
        assertTrue(json(probe).get("ok").getAsBoolean(), probe.body());
        assertEquals(
                404,
                AdminClient.OPERATOR.send("POST", "/mmscs/no-such/probe", null).statusCode());
        JsonObject audited = json(AdminClient.VIEWER.get("/audit?limit=2"))
                .getAsJsonArray("audit")
                .get(1)
                .getAsJsonObject();
        assertEquals("mmsc.probe", audited.get("action").getAsString());
        assertEquals("sim-b", audited.get("target").getAsString());

        // Health events: a stop of sim-b shows as a transition.
        mmscs.b().setBehaviour(Behaviour.of(SimMode.REFUSE));
        await("sim-b's fall is an event", Duration.ofSeconds(10), () -> {
            JsonArray events = json(AdminClient.VIEWER.get("/events?limit=5")).getAsJsonArray("events");
            return events.size() > 0
                    && events.get(0)
                            .getAsJsonObject()
                            .get("mmscId")
                            .getAsString()
                            .equals("sim-b");
        });
        assertEquals(400, AdminClient.VIEWER.get("/events?limit=0").statusCode());
    }

    @Test
    void aDeadLetterShowsItsHeadersAndAPurgeNeedsTheTokenOfWhatWasShown() throws Exception {
        mmscs.a().setBehaviour(Behaviour.status(ResponseStatus.ERROR_PERMANENT_SERVICE_DENIED));
        mmscs.b().setBehaviour(Behaviour.of(SimMode.REFUSE));
        byte[] pdu = new SendReqComposer()
                .transactionId("it-admin-purge")
                .to("+4915112345678/TYPE=PLMN")
                .subject("to be purged")
                .compose();
        RouterTestSupport.postMm(pdu);
        await(
                "dead-lettered",
                Duration.ofSeconds(10),
                () -> AdminClient.VIEWER.get("/dead-letters").body().contains("it-admin-purge"));
        JsonObject list = json(AdminClient.VIEWER.get("/dead-letters"));
        String token = list.get("purgeToken").getAsString();
        String id = null;
        for (JsonElement letter : list.getAsJsonArray("deadLetters")) {
            if ("it-admin-purge"
                    .equals(letter.getAsJsonObject().get("transactionId").getAsString())) {
                id = letter.getAsJsonObject().get("routerMessageId").getAsString();
            }
        }
        JsonObject detail = json(AdminClient.VIEWER.get("/dead-letters/" + id));
        String headers = detail.getAsJsonArray("headers").toString();
        assertTrue(headers.contains("[\"X-Mms-Message-Type\",\"m-send-req\"]"), headers);
        // A viewer reads no subject (issue 17; PrivacySecurityIT covers the masking), an operator does.
        assertTrue(headers.contains("[\"Subject\",\"(withheld)\"]"), headers);
        String full = json(AdminClient.OPERATOR.get("/dead-letters/" + id))
                .getAsJsonArray("headers")
                .toString();
        assertTrue(full.contains("[\"Subject\",\"to be purged\"]"), full);
        assertEquals(
                404, AdminClient.VIEWER.get("/dead-letters/0123456789abcdef").statusCode());

        assertEquals(
                403,
                AdminClient.VIEWER
                        .send("POST", "/dead-letters/purge?confirm=" + token, null)
                        .statusCode());
        assertEquals(
                400,
                AdminClient.OPERATOR.send("POST", "/dead-letters/purge", null).statusCode());
        // Another dead letter arrives after the NOC looked: the token no longer names what is there.
        RouterTestSupport.postMm(new SendReqComposer()
                .transactionId("it-admin-purge-2")
                .to("+4915112345678/TYPE=PLMN")
                .compose());
        await(
                "second dead letter",
                Duration.ofSeconds(10),
                () -> AdminClient.VIEWER.get("/dead-letters").body().contains("it-admin-purge-2"));
        HttpResponse<String> stale = AdminClient.OPERATOR.send("POST", "/dead-letters/purge?confirm=" + token, null);
        assertEquals(409, stale.statusCode(), stale.body());
        assertTrue(AdminClient.VIEWER.get("/dead-letters").body().contains("it-admin-purge\""), "nothing purged");

        JsonObject now = json(AdminClient.VIEWER.get("/dead-letters"));
        HttpResponse<String> purged = AdminClient.OPERATOR.send(
                "POST", "/dead-letters/purge?confirm=" + now.get("purgeToken").getAsString(), null);
        assertEquals(200, purged.statusCode(), purged.body());
        assertEquals(now.get("total").getAsInt(), json(purged).get("purged").getAsInt());
        assertEquals(
                0,
                json(AdminClient.VIEWER.get("/dead-letters"))
                        .getAsJsonArray("deadLetters")
                        .size());
        JsonObject audited = json(AdminClient.VIEWER.get("/audit?limit=2"))
                .getAsJsonArray("audit")
                .get(0)
                .getAsJsonObject();
        assertEquals("dead-letter.purge", audited.get("action").getAsString());
        assertEquals("ok", audited.get("outcome").getAsString());
        assertTrue(
                json(AdminClient.VIEWER.get("/audit?limit=2"))
                        .getAsJsonArray("audit")
                        .get(1)
                        .getAsJsonObject()
                        .get("outcome")
                        .getAsString()
                        .startsWith("409"),
                "the refused purge is audited too");
    }

    @Test
    void theOpenApiDocumentDescribesTheAdminApi() throws Exception {
        HttpResponse<String> document = NocTls.client()
                .build()
                .send(
                        HttpRequest.newBuilder(URI.create(NocTls.BASE + "/openapi?format=JSON"))
                                .GET()
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertEquals(200, document.statusCode(), document.body());
        JsonObject paths = json(document).getAsJsonObject("paths");
        for (String path : new String[] {
            "/admin/api/overview",
            "/admin/api/mmscs/{id}/admin-state",
            "/admin/api/mmscs/{id}/probe",
            "/admin/api/dead-letters/purge",
            "/admin/api/mms",
            "/admin/api/metrics",
            "/admin/api/session"
        }) {
            assertTrue(paths.has(path), path + " missing from " + paths.keySet());
        }
    }

    @Test
    void mm1FromOutsideTheWapGatewaysNetworksIsRefused() throws Exception {
        // The IT server takes MM1 from 127.0.0.1 and .2 only (arquillian.xml); 127.0.0.3 is loopback but not allowed.
        String refused = rawRequest(
                InetAddress.getByName("127.0.0.3"),
                "POST /mms HTTP/1.1\r\nHost: mms.operator.test\r\n"
                        + "Content-Type: application/vnd.wap.mms-message\r\nContent-Length: 3\r\nConnection: close\r\n\r\nabc");
        assertTrue(refused.startsWith("HTTP/1.1 403"), refused);
        assertFalse(refused.contains("Exception"), refused);
        String retrieval = rawRequest(
                InetAddress.getByName("127.0.0.3"),
                "GET /mms/retrieve?id=1 HTTP/1.1\r\nHost: mms.operator.test\r\nConnection: close\r\n\r\n");
        assertTrue(retrieval.startsWith("HTTP/1.1 403"), retrieval);
        assertEquals(0, mmscs.a().received().size() + mmscs.b().received().size());
        // The admin API is not on the subscriber listener at all (management plane: ManagementPlaneSecurityIT).
        String admin = rawRequest(
                InetAddress.getByName("127.0.0.3"),
                "GET /admin/api/session HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                        + "Authorization: Basic aXQtdmlld2VyOml0LXZpZXdlci1wdw==\r\nConnection: close\r\n\r\n");
        assertTrue(admin.startsWith("HTTP/1.1 404"), admin);
    }

    /** Sends one HTTP/1.1 request from {@code source} and reads the whole answer. */
    private static String rawRequest(InetAddress source, String request) throws IOException {
        try (Socket socket = new Socket()) {
            socket.bind(new InetSocketAddress(source, 0));
            socket.connect(new InetSocketAddress("127.0.0.1", RouterTestSupport.HTTP_PORT), 5_000);
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            in.transferTo(answer);
            return answer.toString(StandardCharsets.ISO_8859_1);
        }
    }

    private static String adminState(String id) throws Exception {
        return byId(json(AdminClient.VIEWER.get("/mmscs")).getAsJsonArray("mmscs"), id)
                .get("adminState")
                .getAsString();
    }

    private static JsonObject byId(JsonArray array, String id) {
        for (JsonElement element : array) {
            if (id.equals(element.getAsJsonObject().get("id").getAsString())) {
                return element.getAsJsonObject();
            }
        }
        throw new AssertionError(id + " missing from " + array);
    }

    private static JsonObject byName(JsonArray array, String name) {
        for (JsonElement element : array) {
            if (name.equals(element.getAsJsonObject().get("name").getAsString())) {
                return element.getAsJsonObject();
            }
        }
        throw new AssertionError(name + " missing from " + array);
    }

    private static JsonObject json(HttpResponse<String> response) {
        assertTrue(response.statusCode() < 300, response.statusCode() + " " + response.body());
        return JsonParser.parseString(response.body()).getAsJsonObject();
    }
}
