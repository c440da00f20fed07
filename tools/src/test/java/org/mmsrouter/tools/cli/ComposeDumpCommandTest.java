package org.mmsrouter.tools.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/** {@code tools compose} and {@code tools dump} through the command line, as a user runs them. */
class ComposeDumpCommandTest {

    private static final byte[] SMIL =
            "<smil><body><par><img src=\"cat.gif\"/><text src=\"hello.txt\"/></par></body></smil>".getBytes(UTF_8);
    private static final byte[] TEXT = "Grüße aus dem Router ☀".getBytes(UTF_8);
    private static final byte[] GIF = Base64.getDecoder().decode("R0lGODlhAQABAIAAAP///wAAACwAAAAAAQABAAACAkQBADs=");

    private static final String SEND_REQ = """
            {"messageType":"m-send-req","transactionId":"T-0001","mmsVersion":"1.2","date":1700000000,
             "from":"#insert","to":["+15550001111/TYPE=PLMN","alice@example.com"],"cc":["+15550002222/TYPE=PLMN"],
             "bcc":["audit@example.com"],"subject":"Grüße ☀",
             "contentType":"application/vnd.wap.multipart.related",
             "parts":[
               {"contentType":"application/smil","contentId":"<smil>","contentLocation":"smil.xml","file":"smil.xml"},
               {"contentType":"text/plain","contentId":"<text>","contentLocation":"hello.txt","file":"hello.txt"},
               {"contentType":"image/gif","contentLocation":"cat.gif","name":"cat.gif","file":"media/cat.gif"}
             ]}
            """;

    @TempDir
    Path dir;

    // ---- (a) dump of composed PDUs ------------------------------------------------------------------

    @Test
    void dumpOfComposedSendReqHasTheExpectedKeysAndParts() throws Exception {
        Path pdu = composeSendReq();
        Run dump = run("dump", pdu.toString());
        assertEquals(0, dump.code(), dump.err());
        List<String> lines = dump.lines();
        assertEquals(1, lines.size(), dump.outText());
        JsonObject json = JsonParser.parseString(lines.get(0)).getAsJsonObject();
        assertAll(
                () -> assertEquals(pdu.toString(), json.get("file").getAsString()),
                () -> assertTrue(json.get("ok").getAsBoolean()),
                () -> assertEquals("m-send-req", json.get("messageType").getAsString()),
                () -> assertEquals("1.2", json.get("mmsVersion").getAsString()),
                () -> assertEquals("T-0001", json.get("transactionId").getAsString()),
                () -> assertEquals("#insert", json.get("from").getAsString()),
                () -> assertEquals(List.of("+15550001111/TYPE=PLMN", "alice@example.com"), strings(json.get("to"))),
                () -> assertEquals(List.of("+15550002222/TYPE=PLMN"), strings(json.get("cc"))),
                () -> assertEquals(List.of("audit@example.com"), strings(json.get("bcc"))),
                () -> assertEquals("Grüße ☀", json.get("subject").getAsString()),
                () -> assertEquals(1_700_000_000L, json.get("date").getAsLong()),
                () -> assertEquals(
                        "application/vnd.wap.multipart.related",
                        json.get("contentType").getAsString()),
                () -> assertFalse(json.has("messageId") || json.has("responseStatus") || json.has("status")));

        JsonArray parts = json.getAsJsonArray("parts");
        assertEquals(3, parts.size());
        assertEquals(
                object(Map.of(
                        "contentType",
                        "application/smil",
                        "size",
                        SMIL.length,
                        "contentId",
                        "<smil>",
                        "contentLocation",
                        "smil.xml")),
                parts.get(0));
        assertEquals(
                object(Map.of(
                        "contentType",
                        "text/plain",
                        "size",
                        TEXT.length,
                        "contentId",
                        "<text>",
                        "contentLocation",
                        "hello.txt")),
                parts.get(1));
        assertEquals(
                object(Map.of(
                        "contentType",
                        "image/gif",
                        "size",
                        GIF.length,
                        "contentLocation",
                        "cat.gif",
                        "name",
                        "cat.gif")),
                parts.get(2));

        List<String> headerNames = json.getAsJsonArray("headers").asList().stream()
                .map(h -> h.getAsJsonObject().get("name").getAsString())
                .toList();
        assertEquals(
                List.of(
                        "X-Mms-Message-Type",
                        "X-Mms-Transaction-ID",
                        "X-Mms-MMS-Version",
                        "Date",
                        "From",
                        "To",
                        "To",
                        "Cc",
                        "Bcc",
                        "Subject",
                        "Content-Type"),
                headerNames);
    }

    @Test
    void dumpOfGarbagePrintsOkFalseWithErrorAndOffsetZero() throws Exception {
        Path garbage = Files.write(dir.resolve("garbage.bin"), new byte[] {0x00, 0x13, 0x37, (byte) 0xFF});
        Run dump = run("dump", garbage.toString());
        assertEquals(1, dump.code());
        assertEquals(1, dump.lines().size(), dump.outText());
        JsonObject json = JsonParser.parseString(dump.lines().get(0)).getAsJsonObject();
        assertEquals(garbage.toString(), json.get("file").getAsString());
        assertFalse(json.get("ok").getAsBoolean());
        assertFalse(json.get("error").getAsString().isBlank());
        assertEquals(0, json.get("offset").getAsInt());
        assertFalse(json.has("messageType"));
    }

    @Test
    void dumpOfAGoodAndAnEmptyFilePrintsALineEachAndExitsOne() throws Exception {
        Path pdu = composeSendReq();
        Path empty = Files.write(dir.resolve("empty.bin"), new byte[0]);
        Run dump = run("dump", pdu.toString(), empty.toString());
        assertEquals(1, dump.code());
        assertEquals(2, dump.lines().size(), dump.outText());
        assertTrue(JsonParser.parseString(dump.lines().get(0))
                .getAsJsonObject()
                .get("ok")
                .getAsBoolean());
        JsonObject failure = JsonParser.parseString(dump.lines().get(1)).getAsJsonObject();
        assertFalse(failure.get("ok").getAsBoolean());
        assertEquals(0, failure.get("offset").getAsInt());
    }

    // ---- (b) compose → dump → compose ---------------------------------------------------------------

    static Stream<Arguments> messages() {
        return Stream.of(
                Arguments.of("m-send-req, multipart.related, insert-address", SEND_REQ),
                Arguments.of("m-send-conf", """
                        {"messageType":"m-send-conf","transactionId":"T-0001","mmsVersion":"1.2","responseStatus":"0x80",
                         "messageId":"MSG-123@mmsc.test"}
                        """),
                Arguments.of("m-notification-ind", """
                        {"messageType":"m-notification-ind","transactionId":"N-7","mmsVersion":"1.3",
                         "from":"+15550003333/TYPE=PLMN","subject":"Ein Foto für dich",
                         "contentLocation":"http://mmsc.operator.test/mms?id=abc"}
                        """),
                Arguments.of("m-delivery-ind", """
                        {"messageType":"m-delivery-ind","mmsVersion":"1.0","messageId":"MSG-123@mmsc.test",
                         "to":["+15550001111/TYPE=PLMN"],"date":1234567890,"status":"0x81"}
                        """),
                Arguments.of("m-retrieve-conf, single-part text", """
                        {"messageType":"m-retrieve-conf","transactionId":"R-1","mmsVersion":"1.1","messageId":"M-9",
                         "date":1,"from":"Zoë <zoe@example.com>","to":["bob@example.com"],"retrieveStatus":"0x80",
                         "contentType":"text/plain","parts":[{"contentType":"text/plain","file":"hello.txt"}]}
                        """),
                Arguments.of("m-send-req, multipart.mixed, one empty part", """
                        {"messageType":"m-send-req","transactionId":"E","mmsVersion":"1.2","from":"+15550004444/TYPE=PLMN",
                         "to":["+15550001111/TYPE=PLMN"],"contentType":"application/vnd.wap.multipart.mixed",
                         "parts":[{"contentType":"application/octet-stream","base64":""}]}
                        """));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("messages")
    void composeDumpComposeGivesTheSameBytes(String description, String json) throws Exception {
        writeMedia(dir.resolve("in"));
        Path input = Files.writeString(dir.resolve("in/message.json"), json);
        Path first = dir.resolve("first.pdu");
        Run compose = run("compose", "-o", first.toString(), input.toString());
        assertEquals(0, compose.code(), compose.err());
        byte[] firstBytes = Files.readAllBytes(first);

        Run dump = run("dump", first.toString());
        assertEquals(0, dump.code(), dump.outText());
        JsonObject dumped = JsonParser.parseString(dump.lines().get(0)).getAsJsonObject();
        addPartData(dumped, JsonParser.parseString(json).getAsJsonObject());
        Files.createDirectories(dir.resolve("again"));
        Path again = Files.writeString(dir.resolve("again/dumped.json"), dumped.toString());

        Path second = dir.resolve("second.pdu");
        Run recompose = run("compose", "--output", second.toString(), again.toString());
        assertEquals(0, recompose.code(), recompose.err());
        assertArrayEquals(firstBytes, Files.readAllBytes(second), () -> "dump printed " + dumped);
    }

    @Test
    void charsetAndTopParamsAreNotInTheDumpSoTheRoundTripNeedsThemGivenAgain() throws Exception {
        writeMedia(dir);
        JsonObject original = JsonParser.parseString(SEND_REQ).getAsJsonObject();
        JsonObject params = new JsonObject();
        params.addProperty("type", "application/smil");
        params.addProperty("start", "<smil>");
        original.add("params", params);
        original.getAsJsonArray("parts").get(1).getAsJsonObject().addProperty("charset", "utf-8");
        Path input = Files.writeString(dir.resolve("with-params.json"), original.toString());
        Path first = dir.resolve("first.pdu");
        assertEquals(0, run("compose", "-o", first.toString(), input.toString()).code());

        JsonObject dumped = JsonParser.parseString(
                        run("dump", first.toString()).lines().get(0))
                .getAsJsonObject();
        assertFalse(dumped.has("params"), "dump does not print the content type's parameters");
        addPartData(dumped, original);
        Path plain = Files.writeString(dir.resolve("plain.json"), dumped.toString());
        Path withoutParams = dir.resolve("without.pdu");
        assertEquals(
                0,
                run("compose", "-o", withoutParams.toString(), plain.toString()).code());
        assertFalse(Arrays.equals(Files.readAllBytes(first), Files.readAllBytes(withoutParams)));

        dumped.add("params", params);
        dumped.getAsJsonArray("parts").get(1).getAsJsonObject().addProperty("charset", "utf-8");
        Path full = Files.writeString(dir.resolve("full.json"), dumped.toString());
        Path withParams = dir.resolve("with.pdu");
        assertEquals(
                0, run("compose", "-o", withParams.toString(), full.toString()).code());
        assertArrayEquals(Files.readAllBytes(first), Files.readAllBytes(withParams));
    }

    @Test
    void composeReadsStandardInputAndWritesStandardOutput() throws Exception {
        writeMedia(dir);
        Path input = Files.writeString(dir.resolve("message.json"), SEND_REQ);
        Path file = dir.resolve("file.pdu");
        assertEquals(0, run("compose", "-o", file.toString(), input.toString()).code());

        JsonObject inline = JsonParser.parseString(SEND_REQ).getAsJsonObject();
        addPartData(inline, inline);
        inline.getAsJsonArray("parts").forEach(p -> p.getAsJsonObject().remove("file"));
        Run piped = runWithInput(inline.toString().getBytes(UTF_8), "compose", "-");
        assertEquals(0, piped.code(), piped.err());
        assertEquals("", piped.err());
        assertArrayEquals(Files.readAllBytes(file), piped.out());
    }

    // ---- (c) bad input ------------------------------------------------------------------------------

    @Test
    void composeRejectsAnUnknownMessageTypeWithExitTwo() throws Exception {
        Path input = Files.writeString(dir.resolve("bad.json"), """
                {"messageType":"m-send-request","to":["+15550001111/TYPE=PLMN"]}
                """);
        Path out = dir.resolve("never.pdu");
        Run compose = run("compose", "-o", out.toString(), input.toString());
        assertEquals(2, compose.code());
        assertTrue(compose.err().contains("messageType"), compose.err());
        assertTrue(compose.err().contains("m-send-request"), compose.err());
        assertNoStackTrace(compose);
        assertEquals(0, compose.out().length);
        assertFalse(Files.exists(out), "nothing is written for bad input");
    }

    static Stream<Arguments> badInputs() {
        return Stream.of(
                Arguments.of("responseStatus", "{\"messageType\":\"m-send-conf\",\"responseStatus\":\"Ok\"}"),
                Arguments.of(
                        "parts[0].file",
                        "{\"messageType\":\"m-send-req\",\"parts\":[{\"contentType\":\"image/jpeg\",\"file\":\"gone.jpg\"}]}"),
                Arguments.of("bad JSON", "{\"messageType\":\"m-send-req\",\"to\":[\"a\"}"),
                Arguments.of("subjekt", "{\"messageType\":\"m-send-req\",\"subjekt\":\"typo\"}"),
                Arguments.of("messageType", "{\"to\":[\"+15550001111/TYPE=PLMN\"]}"));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("badInputs")
    void composeRejectsBadInputNamingTheProblem(String named, String json) throws Exception {
        Path input = Files.writeString(dir.resolve("bad.json"), json);
        Run compose = run("compose", input.toString());
        assertEquals(2, compose.code());
        assertTrue(compose.err().startsWith("compose: ") && compose.err().contains(named), compose.err());
        assertNoStackTrace(compose);
        assertEquals(0, compose.out().length);
    }

    @Test
    void composeRejectsAMissingJsonFile() {
        Run compose = run("compose", dir.resolve("nothing-here.json").toString());
        assertEquals(2, compose.code());
        assertTrue(compose.err().contains("no such file"), compose.err());
        assertNoStackTrace(compose);
    }

    // ---- helpers ------------------------------------------------------------------------------------

    private Path composeSendReq() throws Exception {
        writeMedia(dir);
        Path input = Files.writeString(dir.resolve("send-req.json"), SEND_REQ);
        Path pdu = dir.resolve("send-req.pdu");
        Run compose = run("compose", "-o", pdu.toString(), input.toString());
        assertEquals(0, compose.code(), compose.err());
        return pdu;
    }

    private static void writeMedia(Path folder) throws Exception {
        Files.createDirectories(folder.resolve("media"));
        Files.write(folder.resolve("smil.xml"), SMIL);
        Files.write(folder.resolve("hello.txt"), TEXT);
        Files.write(folder.resolve("media/cat.gif"), GIF);
    }

    /** Gives each part of {@code target} the data of the same part in {@code source}, as base64. */
    private static void addPartData(JsonObject target, JsonObject source) {
        if (!source.has("parts")) {
            return;
        }
        Map<String, byte[]> files = Map.of("smil.xml", SMIL, "hello.txt", TEXT, "media/cat.gif", GIF);
        JsonArray from = source.getAsJsonArray("parts");
        JsonArray to = target.getAsJsonArray("parts");
        assertEquals(from.size(), to.size());
        for (int i = 0; i < from.size(); i++) {
            JsonObject part = from.get(i).getAsJsonObject();
            byte[] data = part.has("file")
                    ? files.get(part.get("file").getAsString())
                    : Base64.getDecoder().decode(part.get("base64").getAsString());
            to.get(i)
                    .getAsJsonObject()
                    .addProperty("base64", Base64.getEncoder().encodeToString(data));
        }
    }

    private static List<String> strings(JsonElement array) {
        return array.getAsJsonArray().asList().stream()
                .map(JsonElement::getAsString)
                .toList();
    }

    private static JsonObject object(Map<String, Object> fields) {
        JsonObject object = new JsonObject();
        fields.forEach((k, v) -> {
            if (v instanceof Number n) {
                object.addProperty(k, n);
            } else {
                object.addProperty(k, (String) v);
            }
        });
        return JsonParser.parseString(object.toString()).getAsJsonObject();
    }

    private static void assertNoStackTrace(Run run) {
        assertFalse(run.err().contains("Exception") || run.err().contains("\tat "), run.err());
    }

    private record Run(int code, byte[] out, String err) {
        String outText() {
            return new String(out, UTF_8);
        }

        List<String> lines() {
            return outText().lines().toList();
        }
    }

    private static Run run(String... args) {
        return runWithInput(null, args);
    }

    /** Runs {@code tools ARGS} with standard output, error (and input, when given) redirected. */
    private static synchronized Run runWithInput(byte[] stdin, String... args) {
        PrintStream savedOut = System.out;
        PrintStream savedErr = System.err;
        InputStream savedIn = System.in;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        StringWriter err = new StringWriter();
        try {
            System.setOut(new PrintStream(out, true, UTF_8));
            System.setErr(new PrintStream(stderr, true, UTF_8));
            if (stdin != null) {
                System.setIn(new ByteArrayInputStream(stdin));
            }
            CommandLine tools = new CommandLine(new ToolsMain());
            tools.setErr(new PrintWriter(err, true));
            int code = tools.execute(args);
            System.out.flush();
            return new Run(code, out.toByteArray(), err + stderr.toString(UTF_8));
        } finally {
            System.setOut(savedOut);
            System.setErr(savedErr);
            System.setIn(savedIn);
        }
    }
}
