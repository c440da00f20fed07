package org.mmsrouter.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mmsrouter.it.RouterTestSupport.await;
import static org.mmsrouter.it.RouterTestSupport.counter;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mmsrouter.pdu.ResponseStatus;
import org.mmsrouter.pdu.SendConf;
import org.mmsrouter.pdu.SendReqComposer;
import org.mmsrouter.tools.sim.Behaviour;
import org.mmsrouter.tools.sim.SimMode;

/**
 * Issue 17's privacy and operator-regex findings, tried against the provisioned server:
 * a noc-viewer (what a Prometheus scraper uses) must not read subscribers' numbers and subjects
 * in dead letters or per-MM lookups while a noc-operator does; mm-records.jsonl holds senders
 * only as keyed hashes (arquillian.xml turns mmsrouter.records.hash-msisdns on); and an
 * operator's ownership pattern built for catastrophic backtracking (arquillian.xml gives sim-a
 * {@code /redos/((a+)+)+} and {@code redos-((a+)+)+}) cannot make a crafted retrieval hold a thread.
 */
class PrivacySecurityIT extends RouterItBase {

    private static final String SENDER = "+4915112345678";
    private static final String RECIPIENT = "+4917098765432";
    private static final String SUBJECT = "meet me at the station, Alice";
    private static final Path RECORDS = Path.of(System.getProperty("it.base.dir"), "log", "mm-records.jsonl");
    private static final Path HASH_KEY = Path.of(System.getProperty("it.base.dir"), "data", "mm-records-hash.key");

    @BeforeEach
    void healthyAndEmpty() throws Exception {
        bothHealthyAndEmpty();
    }

    @Test
    void aViewerSeesADeadLettersAddressesMaskedAndNoSubjectAnOperatorSeesThem() throws Exception {
        mmscs.a().setBehaviour(Behaviour.status(ResponseStatus.ERROR_PERMANENT_SERVICE_DENIED));
        mmscs.b().setBehaviour(Behaviour.of(SimMode.REFUSE));
        byte[] pdu = new SendReqComposer()
                .transactionId("it-privacy-dlq")
                .from(SENDER + "/TYPE=PLMN")
                .to(RECIPIENT + "/TYPE=PLMN")
                .subject(SUBJECT)
                .compose();
        assertEquals(
                ResponseStatus.ERROR_PERMANENT_SERVICE_DENIED,
                SendConf.decode(RouterTestSupport.postMm(pdu).body()).responseStatus());
        String id = deadLetterId("it-privacy-dlq");
        assertNotNull(id, "the rejected MM is a dead letter");

        HttpResponse<String> asViewer = AdminClient.VIEWER.get("/dead-letters/" + id);
        assertEquals(200, asViewer.statusCode(), asViewer.body());
        Map<String, String> viewed = headers(asViewer.body());
        assertEquals("+4915*******78/TYPE=PLMN", viewed.get("From"), asViewer.body());
        assertEquals("+4917*******32/TYPE=PLMN", viewed.get("To"), asViewer.body());
        assertEquals("(withheld)", viewed.get("Subject"), asViewer.body());
        assertEquals("it-privacy-dlq", viewed.get("X-Mms-Transaction-ID"), "what is no subscriber's stays");
        assertFalse(
                asViewer.body().contains("5112345678")
                        || asViewer.body().contains("7098765432")
                        || asViewer.body().contains("Alice"),
                asViewer.body());

        HttpResponse<String> asOperator = AdminClient.OPERATOR.get("/dead-letters/" + id);
        assertEquals(200, asOperator.statusCode(), asOperator.body());
        Map<String, String> full = headers(asOperator.body());
        assertEquals(SENDER + "/TYPE=PLMN", full.get("From"));
        assertEquals(RECIPIENT + "/TYPE=PLMN", full.get("To"));
        assertEquals(SUBJECT, full.get("Subject"));

        // Leave no dead letter behind for the next test class.
        mmscs.a().setBehaviour(Behaviour.HEALTHY);
        mmscs.b().setBehaviour(Behaviour.HEALTHY);
        await(
                "both MMSCs UP",
                Duration.ofSeconds(10),
                () -> "UP".equals(RouterTestSupport.stateOf("sim-a"))
                        && "UP".equals(RouterTestSupport.stateOf("sim-b")));
        assertEquals(
                200,
                AdminClient.OPERATOR.post("/dead-letters/" + id + "/replay").statusCode());
    }

    @Test
    void theRecordsFileHoldsTheSenderOnlyAsAKeyedHashAndAViewerSeesNotEvenThatInFull() throws Exception {
        byte[] pdu = new SendReqComposer()
                .transactionId("it-privacy-record")
                .from(SENDER + "/TYPE=PLMN")
                .to(RECIPIENT + "/TYPE=PLMN")
                .subject(SUBJECT)
                .compose();
        assertEquals(
                ResponseStatus.OK,
                SendConf.decode(RouterTestSupport.postMm(pdu).body()).responseStatus());
        await(
                "the MM's record is written",
                Duration.ofSeconds(10),
                () -> recordLine("it-privacy-record").isPresent());

        // The key was generated on first start, owner-only; the sender is HMAC-SHA256(key, its digits).
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(HASH_KEY)));
        String expected =
                hmac(HexFormat.of().parseHex(Files.readString(HASH_KEY).trim()), SENDER.substring(1));
        String line = recordLine("it-privacy-record").orElseThrow();
        assertEquals(
                expected,
                JsonParser.parseString(line).getAsJsonObject().get("sender").getAsString(),
                line);
        assertFalse(line.contains("5112345678"), line);

        JsonObject asOperator = onlyRecord(AdminClient.OPERATOR.get("/mms?transactionId=it-privacy-record"));
        assertEquals(expected, asOperator.get("sender").getAsString(), "the lookup shows the record as written");
        JsonObject asViewer = onlyRecord(AdminClient.VIEWER.get("/mms?transactionId=it-privacy-record"));
        assertEquals("***", asViewer.get("sender").getAsString(), asViewer.toString());
    }

    @Test
    void retrievalsBuiltToMakeTheOperatorsPatternsBacktrackAreAnsweredWithinASecond() throws Exception {
        String run = "a".repeat(40);
        retrieve("/redos/warm-up"); // first request of the class: connections, JIT
        // The control: these paths reach sim-a's rules (the path pattern, then the ID pattern on a path segment).
        long byRule = counter("byRule");
        assertEquals(404, retrieve("/redos/" + run).statusCode(), "sim-a owns it by rule and has no such message");
        assertEquals(404, retrieve("/mms/redos-" + run).statusCode());
        assertEquals(byRule + 2, counter("byRule"), "both went by sim-a's rules");

        // The attack: one character more makes a backtracking engine try every split of the run.
        long notFound = counter("notFound");
        for (String path : new String[] {"/redos/" + run + "!", "/mms/redos-" + run + "!"}) {
            long start = System.nanoTime();
            HttpResponse<String> answer = retrieve(path);
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            assertTrue(took.compareTo(Duration.ofSeconds(1)) < 0, path + " took " + took.toMillis() + " ms");
            assertEquals(404, answer.statusCode(), "no rule matched, no MMSC has it: " + answer.body());
        }
        assertEquals(notFound + 2, counter("notFound"), "the rules said no, so the router swept every MMSC");
    }

    private static HttpResponse<String> retrieve(String path) throws Exception {
        // A deadline well above the bound: with a backtracking engine this request would not end at all.
        return RouterTestSupport.HTTP.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + RouterTestSupport.HTTP_PORT + path))
                        .timeout(Duration.ofSeconds(10))
                        .header("User-Agent", "Handset/2.0")
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static String deadLetterId(String transactionId) throws Exception {
        HttpResponse<String> list = AdminClient.OPERATOR.get("/dead-letters?limit=1000");
        assertEquals(200, list.statusCode(), list.body());
        for (JsonElement element :
                JsonParser.parseString(list.body()).getAsJsonObject().getAsJsonArray("deadLetters")) {
            JsonObject letter = element.getAsJsonObject();
            if (letter.has("transactionId")
                    && transactionId.equals(letter.get("transactionId").getAsString())) {
                return letter.get("routerMessageId").getAsString();
            }
        }
        return null;
    }

    /** The dead letter's headers by name (each appears once in these MMs). */
    private static Map<String, String> headers(String body) {
        Map<String, String> byName = new LinkedHashMap<>();
        for (JsonElement pair : JsonParser.parseString(body).getAsJsonObject().getAsJsonArray("headers")) {
            JsonArray nameAndValue = pair.getAsJsonArray();
            byName.put(nameAndValue.get(0).getAsString(), nameAndValue.get(1).getAsString());
        }
        return byName;
    }

    private static Optional<String> recordLine(String transactionId) throws Exception {
        if (!Files.exists(RECORDS)) {
            return Optional.empty();
        }
        return Files.readAllLines(RECORDS).stream()
                .filter(line -> line.contains("\"" + transactionId + "\""))
                .findFirst();
    }

    private static JsonObject onlyRecord(HttpResponse<String> lookup) {
        assertEquals(200, lookup.statusCode(), lookup.body());
        JsonArray records =
                JsonParser.parseString(lookup.body()).getAsJsonObject().getAsJsonArray("records");
        assertEquals(1, records.size(), lookup.body());
        return records.get(0).getAsJsonObject();
    }

    private static String hmac(byte[] key, String digits) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        return HexFormat.of()
                .formatHex(mac.doFinal(digits.getBytes(StandardCharsets.UTF_8)))
                .substring(0, 32);
    }
}
