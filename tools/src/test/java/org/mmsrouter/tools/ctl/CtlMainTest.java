package org.mmsrouter.tools.ctl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code mmsrouterctl} as a script runs it, against {@link FakeAdminApi} playing the admin API's documented
 * answers: the tables it prints, {@code --json} passing the API's JSON through, the two-step confirmation,
 * the credentials file's permission check, and the exit code of each kind of failure.
 */
class CtlMainTest {

    static final String MMSCS = """
            {"mmscs":[{"id":"sim-a","url":"http://127.0.0.1:18081/mms","probeUrl":"http://127.0.0.1:18081/mms",\
            "health":"UP","priority":0,"weight":100,"recipientPrefixes":[],"adminState":"enabled","maxRate":0,\
            "updatedAt":"2026-12-05T10:00:00Z","updatedBy":"settings file"},\
            {"id":"sim-b","url":"http://127.0.0.1:18082/mms","probeUrl":"http://127.0.0.1:18082/mms",\
            "health":"DOWN","priority":1,"weight":7,"recipientPrefixes":["+4479","+4477"],"adminState":"draining",\
            "maxRate":250,"updatedAt":"2026-12-05T10:01:00Z","updatedBy":"alice (api from 10.0.0.9)"}]}""";

    @TempDir
    Path dir;

    FakeAdminApi api;
    Map<String, String> env;
    String out;
    String err;

    @BeforeEach
    void start() throws IOException {
        api = FakeAdminApi.start();
        env = new HashMap<>(Map.of(
                "MMSROUTER_URL", "http://127.0.0.1:" + api.port(),
                "MMSROUTER_USER", FakeAdminApi.USER,
                "MMSROUTER_PASSWORD", FakeAdminApi.PASSWORD));
    }

    @AfterEach
    void stop() {
        api.close();
    }

    int ctlWithInput(String stdin, String... args) {
        CtlRun run = CtlRun.of(env, stdin, args);
        out = run.out();
        err = run.err();
        return run.code();
    }

    int ctl(String... args) {
        return ctlWithInput("", args);
    }

    // ---- tables and --json --------------------------------------------------------------------------

    @Test
    void mmscsPrintsATableWithNumbersRightAligned() {
        api.answer("GET", "/mmscs", 200, MMSCS);
        assertEquals(0, ctl("mmscs"), err);
        assertEquals("""
                MMSC   HEALTH  ADMIN     PRIORITY  WEIGHT  MAX RATE  PREFIXES     URL                         UPDATED BY
                sim-a  UP      enabled          0     100         0  (any)        http://127.0.0.1:18081/mms  settings file
                sim-b  DOWN    draining         1       7       250  +4479,+4477  http://127.0.0.1:18082/mms  alice (api from 10.0.0.9)
                """, out);
        assertEquals("", err);
    }

    @Test
    void jsonPrintsTheApisAnswerAsItIs() {
        api.answer("GET", "/mmscs", 200, MMSCS);
        assertEquals(0, ctl("mmscs", "--json"), err);
        assertEquals(MMSCS + "\n", out);
        assertEquals(0, ctl("--json", "mmscs"), "the global option before the verb too");
        assertEquals(MMSCS + "\n", out);
    }

    @Test
    void statusShowsAdmissionTotalsMmscsQueuesAndNodes() {
        api.answer("GET", "/overview", 200, """
                {"node":"n1","at":"2026-12-05T11:00:00Z","admission":{"accepting":true,"since":"2026-12-05T09:00:00Z",\
                "brokerUp":true},"mmscs":[{"id":"sim-a","url":"http://x/mms","health":"UP","since":"2026-12-05T09:00:05Z",\
                "adminState":"enabled","priority":0,"weight":100,"forwardedPerSecond":12.5,"failedPerSecond":0.5,\
                "errorRate":0.0385,"lastProbe":{"at":"2026-12-05T10:59:59Z","ok":true,"latencyMs":3.2,"detail":"HTTP 200"}}],\
                "queues":[{"name":"MmsSubmissions","depth":42,"inFlight":3,"scheduled":5,"oldestAgeSeconds":620.5,\
                "enqueuedPerSecond":13.0,"consumers":8},{"name":"MmsDeadLetters","depth":2,"inFlight":0,"scheduled":0,\
                "oldestAgeSeconds":null,"enqueuedPerSecond":0,"consumers":0}],\
                "totals":{"acceptedPerSecond":13.0,"forwardedPerSecond":12.5,"failedPerSecond":0.5,"deadLetters":2},\
                "nodes":[{"name":"n1","addresses":["10.0.0.1"],"live":true,"self":true,"startedAt":"2026-12-05T09:00:00Z",\
                "lastBeatSeen":"2026-12-05T10:59:58Z","mmscHealth":{}}],"dns":{}}""");
        assertEquals(0, ctl("status"), err);
        assertEquals("""
                node n1: accepting since 2026-12-05T09:00:00Z
                accepted 13.0/s, forwarded 12.5/s, failed 0.5/s, dead letters 2

                MMSC   HEALTH  SINCE                 ADMIN    PRIORITY  WEIGHT  FWD/S  ERRORS  LAST PROBE
                sim-a  UP      2026-12-05T09:00:05Z  enabled         0     100   12.5      4%  ok 3 ms HTTP 200

                QUEUE           DEPTH  IN FLIGHT  SCHEDULED  OLDEST  ENQUEUED/S  CONSUMERS
                MmsSubmissions     42          3          5  10m20s        13.0          8
                MmsDeadLetters      2          0          0       -         0.0          0

                NODE  LIVE  SELF  ADDRESSES  STARTED               LAST BEAT
                n1    yes   yes   10.0.0.1   2026-12-05T09:00:00Z  2026-12-05T10:59:58Z
                """, out);
    }

    @Test
    void queuePassesEveryFilterAndPagingAndPrintsTheItems() {
        String query = "/queue?mmsc=sim-a&sender=%2B4479&recipient=%2B4915&olderThan=10m&newerThan=2h&state=waiting"
                + "&kind=submission&page=2&size=20";
        api.answer("GET", query, 200, """
                {"node":"n1","total":21,"page":2,"size":20,"items":[{"routerMessageId":"9f0c","transactionId":"t-1",\
                "kind":"submission","state":"waiting","sender":"+4479*****12","recipients":2,"sizeBytes":30000,\
                "arrival":"2026-12-05T10:50:00Z","ageSeconds":620,"attempts":3,"nextAttempt":"2026-12-05T11:01:00Z",\
                "lastError":"HTTP 500","mmsc":"sim-a"}]}""");
        int code = ctl(
                "queue",
                "--mmsc",
                "sim-a",
                "--sender",
                "+4479",
                "--recipient",
                "+4915",
                "--older",
                "10m",
                "--newer",
                "2h",
                "--state",
                "waiting",
                "--kind",
                "submission",
                "--page",
                "2",
                "--size",
                "20");
        assertEquals(0, code, err);
        assertEquals("""
                node n1: 21 queued MMs match; page 2 of 2 (20 a page)
                ROUTER ID  TRANSACTION ID  KIND        STATE    SENDER        RCPT   SIZE     AGE  ATTEMPTS  NEXT ATTEMPT          MMSC   LAST ERROR
                9f0c       t-1             submission  waiting  +4479*****12     2  30000  10m20s         3  2026-12-05T11:01:00Z  sim-a  HTTP 500
                """, out);
    }

    @Test
    void qshapePrintsBucketsPerMmscWithATotalRow() {
        api.answer("GET", "/queue/shape?olderThan=1m", 200, """
                {"node":"n1","asOf":"2026-12-05T11:00:03Z","buckets":["0-1m","1-5m","5-10m","10-20m","20-40m","40-80m","80-160m","160m+"],\
                "rows":[{"mmsc":"sim-a","counts":[0,4,3,0,0,0,0,1],"total":8},\
                {"mmsc":"(none)","counts":[0,10,0,0,0,0,0,0],"total":10}],"total":18}""");
        assertEquals(0, ctl("qshape", "--older", "1m"), err);
        assertEquals("""
                node n1, as of 2026-12-05T11:00:03Z
                MMSC    TOTAL  0-1m  1-5m  5-10m  10-20m  20-40m  40-80m  80-160m  160m+
                sim-a       8     0     4      3       0       0       0        0      1
                (none)     10     0    10      0       0       0       0        0      0
                TOTAL      18     0    14      3       0       0       0        0      1
                """, out);
    }

    @Test
    void deadLettersAndRecordsAsTables() {
        api.answer("GET", "/dead-letters?limit=1", 200, """
                {"deadLetters":[{"routerMessageId":"ab12","transactionId":"t-9","arrival":"2026-12-05T10:00:00Z",\
                "expiresAt":"2026-12-06T10:00:00Z","deadLetteredAt":"2026-12-05T10:00:01Z","sourceAddress":"10.1.1.1",\
                "sizeBytes":1234,"reason":"rejected by sim-a: 0xE3"}],"total":3,"purgeToken":"tok"}""");
        assertEquals(0, ctl("dead-letters", "--limit", "1"), err);
        assertEquals("""
                3 dead letters, the oldest 1 shown
                ROUTER ID  TRANSACTION ID  ARRIVAL               DEAD-LETTERED         SIZE  SOURCE    REASON
                ab12       t-9             2026-12-05T10:00:00Z  2026-12-05T10:00:01Z  1234  10.1.1.1  rejected by sim-a: 0xE3
                """, out);

        api.answer("GET", "/mms?transactionId=t%201", 200, """
                {"records":[{"time":"2026-12-05T10:00:00.250Z","node":"n1","routerMessageId":"9f0c","transactionId":"t 1",\
                "messageId":"sim-a-1@mmsc.sim","sender":"4915*****09","recipients":2,"size":30123,"mmsc":"sim-a",\
                "outcome":"delivered","latencyMs":250,"attempts":1}]}""");
        assertEquals(0, ctl("records", "--tid", "t 1"), err);
        assertTrue(out.startsWith("TIME                      NODE  ROUTER ID  TRANSACTION ID  MESSAGE ID"), out);
        assertTrue(
                out.endsWith("sim-a-1@mmsc.sim  4915*****09     2  30123  sim-a  delivered         250         1\n"),
                out);

        api.answer("GET", "/mms?messageId=none", 200, "{\"records\":[]}");
        assertEquals(0, ctl("records", "--message-id", "none"), err);
        assertTrue(out.startsWith("no per-MM record found"), out);
        assertEquals(1, ctl("records"), "one of --tid and --message-id is required");
        assertEquals(1, ctl("records", "--tid", "a", "--message-id", "b"), "not both");
    }

    // ---- actions, CSRF, confirmation ----------------------------------------------------------------

    @Test
    void drainPostsTheAdminStateWithTheSessionsCsrfToken() {
        api.answer("POST", "/mmscs/sim-b/admin-state?set=draining", 200, """
                {"id":"sim-b","url":"u","probeUrl":"u","health":"UP","priority":1,"weight":7,"recipientPrefixes":[],\
                "adminState":"draining","maxRate":0,"updatedAt":"t","updatedBy":"noc-op (api from 127.0.0.1)"}""");
        assertEquals(0, ctl("mmsc", "drain", "sim-b"), err);
        assertEquals("sim-b: admin state draining, priority 1, weight 7, max rate 0 (health UP)\n", out);
        FakeAdminApi.Seen post = api.seen().get(0);
        assertEquals(FakeAdminApi.CSRF, post.csrf());
        assertTrue(post.cookie().contains("JSESSIONID=fake-session"), post.cookie());
    }

    @Test
    void weightPutsEveryRoutingAttributeWithTheNewWeight() {
        api.answer("GET", "/mmscs", 200, MMSCS);
        api.answer("PUT", "/mmscs/sim-b/routing", 200, """
                {"id":"sim-b","health":"DOWN","priority":1,"weight":3,"recipientPrefixes":["+4479","+4477"],\
                "adminState":"draining","maxRate":250}""");
        assertEquals(0, ctl("mmsc", "weight", "sim-b", "3"), err);
        FakeAdminApi.Seen put = api.seen().get(1);
        assertEquals("PUT", put.method());
        assertEquals(
                JsonParser.parseString("{\"priority\":1,\"weight\":3,\"recipientPrefixes\":[\"+4479\",\"+4477\"],"
                        + "\"adminState\":\"draining\",\"maxRate\":250}"),
                JsonParser.parseString(put.body()));
        assertEquals(0, ctl("mmsc", "weight", "sim-b"));
        assertEquals("sim-b: weight 7\n", out);
        assertEquals(2, ctl("mmsc", "weight", "sim-x", "3"));
        assertTrue(err.contains("no MMSC sim-x"), err);
    }

    @Test
    void holdWithYesConfirmsWithTheTokenForTheSameFilters() {
        api.answer("POST", "/queue/hold?sender=%2B4479", 409, """
                {"action":"hold","selected":123,"confirm":"tok/1+2","error":"confirm with confirm=tok/1+2"}""");
        api.answer("POST", "/queue/hold?sender=%2B4479&confirm=tok%2F1%2B2", 200, """
                {"action":"hold","selected":123,"done":120}""");
        assertEquals(0, ctl("hold", "--sender", "+4479", "--yes"), err);
        assertEquals(
                "hold: 120 of 123 selected MMs done (the others left the selection meanwhile, e.g. forwarded)\n", out);
        assertEquals(2, api.seen().size());
        assertEquals("", err, "nothing asked with --yes");
    }

    @Test
    void purgeAsksAndDoesNothingUnlessTheAnswerIsYes() {
        api.answer("POST", "/queue/purge?mmsc=sim-a&olderThan=10m", 409, """
                {"action":"purge","selected":5,"confirm":"t1","error":"confirm"}""");
        api.answer("POST", "/queue/purge?mmsc=sim-a&olderThan=10m&confirm=t1", 200, """
                {"action":"purge","selected":5,"done":5}""");
        assertEquals(2, ctlWithInput("n\n", "purge", "--mmsc", "sim-a", "--older", "10m"));
        assertTrue(err.startsWith("purge: 5 MMs selected. Go ahead? [y/N] "), err);
        assertTrue(err.contains("not confirmed, nothing done"), err);
        assertEquals(1, api.seen().size(), "no confirming POST");

        assertEquals(2, ctlWithInput("", "purge", "--mmsc", "sim-a", "--older", "10m"), "end of input is no");
        assertEquals(2, api.seen().size());

        assertEquals(0, ctlWithInput("yes\n", "purge", "--mmsc", "sim-a", "--older", "10m"), err);
        assertEquals("purge: 5 of 5 selected MMs done\n", out);
        assertEquals(4, api.seen().size());
    }

    @Test
    void aStaleConfirmationIsRefusedWithExit2AndJsonShowsTheAnswer() {
        api.answer("POST", "/queue/requeue?state=waiting", 409, """
                {"action":"requeue","selected":5,"confirm":"t1","error":"confirm"}""");
        api.answer("POST", "/queue/requeue?state=waiting&confirm=t1", 409, """
                {"action":"requeue","selected":6,"confirm":"t2","error":"the selection changed: look again"}""");
        assertEquals(2, ctl("requeue", "--state", "waiting", "-y", "--json"));
        assertTrue(err.contains("HTTP 409: the selection changed: look again"), err);
        assertEquals(1, err.lines().count(), err);
        JsonObject printed = JsonParser.parseString(out).getAsJsonObject();
        assertEquals("t2", printed.get("confirm").getAsString());
    }

    @Test
    void anEmptySelectionNeedsNoConfirmation() {
        api.answer(
                "POST", "/queue/release?mmsc=sim-a", 409, "{\"action\":\"release\",\"selected\":0,\"confirm\":\"t\"}");
        assertEquals(0, ctl("release", "--mmsc", "sim-a"), err);
        assertEquals("release: 0 MMs selected: nothing to do\n", out);
        assertEquals(1, api.seen().size());
    }

    @Test
    void anActionOnTheWholeQueueNeedsAll() {
        assertEquals(1, ctl("purge"));
        assertTrue(err.contains("give a filter"), err);
        assertEquals(1, ctl("purge", "--all", "--mmsc", "a"));
        assertTrue(api.seen().isEmpty(), "nothing sent");
        api.answer("POST", "/queue/hold", 409, "{\"action\":\"hold\",\"selected\":2,\"confirm\":\"t\"}");
        api.answer("POST", "/queue/hold?confirm=t", 200, "{\"action\":\"hold\",\"selected\":2,\"done\":2}");
        assertEquals(0, ctl("hold", "--all", "--yes"), err);
    }

    @Test
    void replayOneAllOrByFilter() {
        api.answer("POST", "/dead-letters/ab12/replay", 200, "{\"routerMessageId\":\"ab12\",\"result\":\"REPLAYED\"}");
        assertEquals(0, ctl("replay", "ab12"), err);
        assertEquals("replayed ab12\n", out);
        api.answer("POST", "/dead-letters/gone/replay", 404, "{\"error\":\"no dead letter gone\"}");
        assertEquals(2, ctl("replay", "gone"));
        assertEquals("mmsrouterctl: POST /admin/api/dead-letters/gone/replay: HTTP 404: no dead letter gone\n", err);
        api.answer("POST", "/dead-letters/replay-all", 200, "{\"replayed\":3,\"expired\":1,\"vanished\":0}");
        assertEquals(0, ctl("replay", "--all"), err);
        assertEquals("replayed 3, expired (left in place) 1, vanished 0\n", out);
        api.answer(
                "POST",
                "/dead-letters/replay?mmsc=sim-a",
                409,
                "{\"action\":\"replay\",\"selected\":2,\"confirm\":\"r\"}");
        api.answer(
                "POST",
                "/dead-letters/replay?mmsc=sim-a&confirm=r",
                200,
                "{\"action\":\"replay\",\"selected\":2,\"done\":2}");
        assertEquals(0, ctl("replay", "--mmsc", "sim-a", "--yes"), err);
        assertEquals("replay: 2 of 2 selected MMs done\n", out);
        assertEquals(1, ctl("replay"));
        assertEquals(1, ctl("replay", "ab12", "--all"));
    }

    @Test
    void reloadReportsWhatItAppliedOrWhatWasRefused() {
        api.answer("POST", "/reload", 200, "{\"applied\":[\"mmscs\",\"health\"],\"unchanged\":false}");
        assertEquals(0, ctl("reload"), err);
        assertEquals("reloaded: applied mmscs, health\n", out);
    }

    @Test
    void aRefusedReloadExits2WithTheReasons() throws IOException {
        api.answer(
                "POST", "/reload", 409, "{\"error\":\"needs a restart\",\"refused\":[\"mm1.port: needs a restart\"]}");
        assertEquals(2, ctl("reload"));
        assertEquals(
                "mmsrouterctl: POST /admin/api/reload: HTTP 409: needs a restart [mm1.port: needs a restart]\n", err);
        api.answer("POST", "/reload", 400, "{\"error\":\"line 12: bad value\"}");
    }

    // ---- exit codes ---------------------------------------------------------------------------------

    @Test
    void exitCodesTellWhatFailed() throws IOException {
        api.answer("GET", "/mmscs", 500, "{\"error\":\"boom\"}");
        assertEquals(ExitCode.SERVER, ctl("mmscs"));
        assertEquals("mmsrouterctl: GET /admin/api/mmscs: HTTP 500: boom\n", err);

        api.answer("GET", "/overview", 200, "<html>not the API</html>");
        assertEquals(ExitCode.SERVER, ctl("status"));
        assertTrue(err.contains("not JSON"), err);

        api.answer("POST", "/mmscs/sim-a/admin-state?set=disabled", 403, "{\"error\":\"forbidden\"}");
        assertEquals(ExitCode.AUTH, ctl("mmsc", "disable", "sim-a"));
        assertTrue(err.contains("HTTP 403") && err.contains("noc-operator"), err);

        env.put("MMSROUTER_PASSWORD", "wrong");
        assertEquals(ExitCode.AUTH, ctl("mmscs"));
        assertEquals("mmsrouterctl: GET /admin/api/mmscs: HTTP 401 (user or password wrong)\n", err);

        env.remove("MMSROUTER_PASSWORD");
        assertEquals(ExitCode.USAGE, ctl("mmscs"));
        assertTrue(err.contains("MMSROUTER_PASSWORD"), err);
        env.put("MMSROUTER_PASSWORD", FakeAdminApi.PASSWORD);

        assertEquals(ExitCode.USAGE, ctl("mmscs", "--no-such-option"));
        assertEquals(1, err.lines().count(), err);
        assertEquals(ExitCode.USAGE, ctl("no-such-verb"));
        assertEquals(ExitCode.USAGE, ctl());
        assertEquals(ExitCode.OK, ctl("--help"));
        assertTrue(out.contains("Exit codes"), out);

        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        assertEquals(ExitCode.CONNECT, ctl("mmscs", "--url", "http://127.0.0.1:" + closed));
        assertEquals("mmsrouterctl: cannot connect to http://127.0.0.1:" + closed + ": connection refused\n", err);

        assertEquals(ExitCode.USAGE, ctl("mmscs", "--url", "http://192.0.2.1:9443"), "no password in clear");
        assertTrue(err.contains("plain http"), err);
        assertEquals(ExitCode.USAGE, ctl("mmscs", "--url", "https://192.0.2.1:9443", "--insecure"));
        assertTrue(err.contains("only for a loopback"), err);
    }

    @Test
    void noStackTraceEvenForAnUnexpectedAnswerShape() {
        api.answer("GET", "/mmscs", 200, "{\"mmscs\":[{\"id\":[1,2],\"weight\":{}}]}");
        assertEquals(0, ctl("mmscs"), err);
        assertFalse(err.contains("\tat "), err);
    }

    // ---- credentials file ---------------------------------------------------------------------------

    @Test
    void aCredentialsFileReadableByOthersIsRefusedLikeAnSshKey() throws IOException {
        api.answer("GET", "/mmscs", 200, MMSCS);
        env.remove("MMSROUTER_USER");
        env.remove("MMSROUTER_PASSWORD");
        Path file = dir.resolve("noc.credentials");
        // The password verbatim, '=' and '\' included (no properties escapes).
        Files.writeString(file, "# NOC\nuser = " + FakeAdminApi.USER + "\npassword=" + FakeAdminApi.PASSWORD + "\n");
        for (String mode : List.of("rw-r--r--", "rw-r-----", "rw----r--", "rw--w----")) {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(mode));
            assertEquals(ExitCode.USAGE, ctl("mmscs", "--credentials", file.toString()), mode);
            assertTrue(err.contains("too open") && err.contains("chmod 600"), err);
            assertTrue(api.seen().isEmpty(), "nothing sent with " + mode);
        }
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        assertEquals(ExitCode.OK, ctl("mmscs", "--credentials", file.toString()), err);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("r--------"));
        assertEquals(ExitCode.OK, ctl("mmscs", "--credentials", file.toString()), err);

        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        Files.writeString(file, "user=x\n");
        assertEquals(ExitCode.USAGE, ctl("mmscs", "--credentials", file.toString()));
        assertTrue(err.contains("needs user= and password="), err);
        assertEquals(
                ExitCode.USAGE,
                ctl("mmscs", "--credentials", dir.resolve("missing").toString()));
    }

    @Test
    void theFileWinsOverTheEnvironment() throws IOException {
        api.answer("GET", "/mmscs", 200, MMSCS);
        env.put("MMSROUTER_PASSWORD", "wrong");
        Path file = dir.resolve("c");
        Files.writeString(file, "user=" + FakeAdminApi.USER + "\npassword=" + FakeAdminApi.PASSWORD + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        assertEquals(ExitCode.OK, ctl("--credentials", file.toString(), "mmscs"), err);
        assertEquals(ExitCode.AUTH, ctl("mmscs"), "the environment's wrong password");
    }
}
