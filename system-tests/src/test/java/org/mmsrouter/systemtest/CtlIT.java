package org.mmsrouter.systemtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer.OrderAnnotation;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.mmsrouter.systemtest.harness.Await;
import org.mmsrouter.systemtest.harness.Command;
import org.mmsrouter.systemtest.harness.Installation;
import org.mmsrouter.systemtest.harness.RouterNode;
import org.mmsrouter.systemtest.harness.SingleRouter;
import org.mmsrouter.systemtest.harness.SystemHarness;
import org.mmsrouter.systemtest.harness.SystemTest;

/**
 * {@code mmsrouterctl} (docs/mmsrouterctl.md) through its launcher script, {@code
 * tools/src/main/scripts/mmsrouterctl}, against a running router with two simulated MMSCs: every verb the
 * admin API has on this branch, its tables, {@code --json}, and the exit codes a script tests. The node's
 * certificate is fetched with openssl as the guide tells an operator and given with {@code --trust};
 * the operator's password is in an owner-only credentials file.
 *
 * <p>The queue verbs (queue, qshape, hold, release, requeue, purge) and reload run against the real queue
 * and reload API as well.
 */
@SystemTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(OrderAnnotation.class)
class CtlIT {

    @RegisterExtension
    static final SystemHarness harness = new SystemHarness();

    private static final int OFFSET = 330; // HTTP 8410, NOC 9773, management 10320
    private static final int CONTROL = 18330; // simulators 18331, 18332
    private static final int DNS_PORT = 15553;
    private static final String VIEWER = "ctl-viewer";
    private static final String VIEWER_PASSWORD = "ctl-viewer-pw";

    private SingleRouter router;
    private Path credentials;
    private Path certificate;
    private String url;

    @BeforeAll
    void start() throws IOException {
        router = SingleRouter.create(harness, "ctl", OFFSET, CONTROL, DNS_PORT);
        router.sims().mode("healthy");
        router.start();
        url = "https://127.0.0.1:" + router.node().nocPort();
        credentials = ownerOnly(
                "operator.credentials", "user=" + RouterNode.OPERATOR + "\npassword=" + RouterNode.OPERATOR_PASSWORD);
        // As docs/security/management-plane.md tells an operator: fetch the certificate once, then trust it.
        certificate = harness.work().resolve("noc.pem");
        Command.of(
                        "bash",
                        "-c",
                        "openssl s_client -connect 127.0.0.1:" + router.node().nocPort()
                                + " </dev/null 2>/dev/null | openssl x509 > " + certificate)
                .output();
        assertTrue(Files.readString(certificate).startsWith("-----BEGIN CERTIFICATE-----"), "no certificate fetched");
    }

    @Test
    @Order(1)
    void statusAndMmscsShowTheNodeAndItsMmscs() {
        Await.until(
                "both MMSCs probed UP",
                Duration.ofSeconds(60),
                () -> ctl("mmscs").output().matches("(?s).*\nsim-a +UP .*\nsim-b +UP .*"));
        Command.Result mmscs = ctl("mmscs");
        assertEquals(0, mmscs.exitCode(), mmscs.output());
        assertTrue(
                mmscs.output().startsWith("MMSC   HEALTH  ADMIN    PRIORITY  WEIGHT  MAX RATE  PREFIXES"),
                mmscs.output());
        harness.figure("mmsrouterctl mmscs:%n%s", mmscs.output());

        Command.Result status = ctl("status");
        assertEquals(0, status.exitCode(), status.output());
        assertTrue(status.output().startsWith("node "), status.output());
        assertTrue(status.output().contains("accepting since"), status.output());
        assertTrue(status.output().contains("\nMmsSubmissions "), status.output());
        assertTrue(status.output().matches("(?s).*\nsim-a +UP .*"), status.output());
        harness.figure("mmsrouterctl status:%n%s", status.output());

        JsonObject json = json(ctl("status", "--json"));
        assertTrue(json.has("queues") && json.has("mmscs") && json.has("node"), json.toString());
        assertEquals(2, json(ctl("--json", "mmscs")).getAsJsonArray("mmscs").size());
    }

    @Test
    @Order(2)
    void drainEnableDisableAndWeightChangeTheRegistry() {
        Command.Result drained = ctl("mmsc", "drain", "sim-b");
        assertEquals(0, drained.exitCode(), drained.output());
        assertTrue(drained.output().startsWith("sim-b: admin state draining"), drained.output());
        assertEquals("draining", mmsc("sim-b").get("adminState").getAsString());

        assertEquals(0, ctl("mmsc", "disable", "sim-b").exitCode());
        assertEquals("disabled", mmsc("sim-b").get("adminState").getAsString());
        assertEquals(0, ctl("mmsc", "enable", "sim-b").exitCode());
        assertEquals("enabled", mmsc("sim-b").get("adminState").getAsString());

        Command.Result weight = ctl("mmsc", "weight", "sim-a", "7");
        assertEquals(0, weight.exitCode(), weight.output());
        JsonObject simA = mmsc("sim-a");
        assertEquals(7, simA.get("weight").getAsInt());
        assertTrue(
                simA.get("updatedBy").getAsString().startsWith(RouterNode.OPERATOR + " (api from "), simA.toString());
        assertEquals("sim-a: weight 7\n", ctl("mmsc", "weight", "sim-a").output());

        // Audited as the operator who ran the command.
        String audit = router.node().admin().get("/audit?limit=10");
        assertTrue(audit.contains("\"mmsc.routing\"") && audit.contains("\"mmsc.admin-state\""), audit);
    }

    @Test
    @Order(3)
    void aDeadLetterIsListedReplayedAndItsRecordsFound() {
        router.sims().mode("status&status=0xE3"); // both MMSCs reject for good: the MM is dead-lettered
        // Whatever the answer (the router's Ok, or sim's rejection relayed), the MM ends as a dead letter.
        harness.figure("one MM while both MMSCs reject: %s", router.submitOutput("--count", "1"));
        Await.until(
                "a dead letter",
                Duration.ofSeconds(30),
                () -> json(ctl("dead-letters", "--json")).get("total").getAsInt() == 1);
        Command.Result listed = ctl("dead-letters");
        assertEquals(0, listed.exitCode(), listed.output());
        assertTrue(listed.output().startsWith("1 dead letter\nROUTER ID"), listed.output());
        harness.figure("mmsrouterctl dead-letters:%n%s", listed.output());
        JsonObject letter = json(ctl("dead-letters", "--json"))
                .getAsJsonArray("deadLetters")
                .get(0)
                .getAsJsonObject();
        String id = letter.get("routerMessageId").getAsString();
        String transactionId = letter.get("transactionId").getAsString();

        router.sims().mode("healthy");
        Command.Result replayed = ctl("replay", id);
        assertEquals(0, replayed.exitCode(), replayed.output());
        assertEquals("replayed " + id + "\n", replayed.output());
        Await.until(
                "the replayed MM delivered",
                Duration.ofSeconds(30),
                () -> router.sims().receivedTransactionIds().contains(transactionId));
        Command.Result all = ctl("replay", "--all");
        assertEquals(0, all.exitCode(), all.output());
        assertEquals("replayed 0, expired (left in place) 0, vanished 0\n", all.output());

        Await.until(
                "a delivered record for " + transactionId,
                Duration.ofSeconds(30),
                () -> ctl("records", "--tid", transactionId).output().contains(" delivered "));
        Command.Result records = ctl("records", "--tid", transactionId);
        assertEquals(0, records.exitCode(), records.output());
        assertTrue(records.output().contains(" rejected "), "the first journey's record: " + records.output());
        harness.figure("mmsrouterctl records --tid %s:%n%s", transactionId, records.output());
        String messageId = null;
        for (JsonElement record :
                json(ctl("records", "--tid", transactionId, "--json")).getAsJsonArray("records")) {
            if ("delivered".equals(record.getAsJsonObject().get("outcome").getAsString())) {
                messageId = record.getAsJsonObject().get("messageId").getAsString();
            }
        }
        Command.Result byMessageId = ctl("records", "--message-id", messageId);
        assertEquals(0, byMessageId.exitCode(), byMessageId.output());
        assertTrue(byMessageId.output().contains(messageId), byMessageId.output());
    }

    @Test
    @Order(4)
    void exitCodesScriptsCanTest() throws IOException {
        // 2: the server refused (404 here)
        Command.Result noMmsc = ctl("mmsc", "drain", "no-such-mmsc");
        assertEquals(2, noMmsc.exitCode(), noMmsc.output());
        assertEquals(
                "mmsrouterctl: POST /admin/api/mmscs/no-such-mmsc/admin-state?set=draining: HTTP 404: no MMSC no-such-mmsc\n",
                noMmsc.output());
        assertEquals(2, ctl("replay", "0123456789abcdef").exitCode());

        // 3: a wrong password; a viewer acting
        Path wrong = ownerOnly("wrong.credentials", "user=" + RouterNode.OPERATOR + "\npassword=not-it");
        Command.Result refused = ctlWith(wrong, url, certificate, "mmscs");
        assertEquals(3, refused.exitCode(), refused.output());
        assertTrue(refused.output().contains("HTTP 401"), refused.output());
        RouterNode.addUser(router.node().base(), VIEWER, "noc-viewer", VIEWER_PASSWORD);
        Path viewer = ownerOnly("viewer.credentials", "user=" + VIEWER + "\npassword=" + VIEWER_PASSWORD);
        assertEquals(0, ctlWith(viewer, url, certificate, "mmscs").exitCode(), "a viewer reads");
        Command.Result viewerActing = ctlWith(viewer, url, certificate, "mmsc", "drain", "sim-a");
        assertEquals(3, viewerActing.exitCode(), viewerActing.output());
        assertTrue(viewerActing.output().contains("HTTP 403"), viewerActing.output());
        assertEquals("enabled", mmsc("sim-a").get("adminState").getAsString(), "the viewer changed nothing");

        // 4: the node's self-signed certificate without --trust; nobody listening
        Command.Result untrusted = ctlWith(credentials, url, null, "status");
        assertEquals(4, untrusted.exitCode(), untrusted.output());
        assertTrue(untrusted.output().startsWith("mmsrouterctl: TLS with " + url), untrusted.output());
        assertEquals(
                4,
                ctlWith(credentials, "https://127.0.0.1:" + (router.node().nocPort() + 1), certificate, "status")
                        .exitCode());
        // ... and the same node by name: the pinned certificate, whatever the URL's host
        assertEquals(
                0,
                ctlWith(credentials, "https://localhost:" + router.node().nocPort(), certificate, "status")
                        .exitCode());

        // 1: usage, and a credentials file others may read
        assertEquals(1, ctl("mmsc", "drain").exitCode());
        assertEquals(1, ctl("purge").exitCode(), "purge needs a filter or --all");
        Path open = harness.work().resolve("open.credentials");
        Files.copy(credentials, open);
        Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rw-r--r--"));
        Command.Result tooOpen = ctlWith(open, url, certificate, "status");
        assertEquals(1, tooOpen.exitCode(), tooOpen.output());
        assertTrue(tooOpen.output().contains("too open"), tooOpen.output());
    }

    /**
     * While both MMSCs refuse: lists and shapes the backlog, holds it (a declined confirmation changes
     * nothing), releases, requeues and purges it, each with the two-step confirmation.
     */
    @Test
    @Order(5)
    void queueVerbsAgainstTheQueueApi() {
        router.sims().mode("refuse");
        assertTrue(router.submit(20), "MMs not answered Ok");
        // Queued, and none in a forwarding thread's hands any more (both MMSCs seen down: the threads take none).
        Await.until(
                "20 MMs queued, ready or waiting",
                Duration.ofSeconds(30),
                () -> json(ctl("queue", "--state", "ready,waiting", "--json"))
                                .get("total")
                                .getAsInt()
                        == 20);
        Command.Result queue = ctl("queue", "--size", "5");
        assertEquals(0, queue.exitCode(), queue.output());
        assertTrue(queue.output().contains("20 queued MMs match; page 1 of 4 (5 a page)"), queue.output());
        Command.Result shape = ctl("qshape");
        assertEquals(0, shape.exitCode(), shape.output());
        assertTrue(shape.output().contains("\nTOTAL "), shape.output());

        Command.Result declined = ctl("hold", "--all"); // no input: not confirmed
        assertEquals(2, declined.exitCode(), declined.output());
        // An MM a forwarding thread holds at that moment is not held: the hold is repeated until all are.
        Await.until("all 20 held", Duration.ofSeconds(30), () -> {
            Command.Result held = ctl("hold", "--all", "--yes");
            assertEquals(0, held.exitCode(), held.output());
            return json(ctl("queue", "--state", "held", "--json")).get("total").getAsInt() == 20;
        });
        assertEquals(0, ctl("release", "--state", "held", "--yes").exitCode());
        assertEquals(0, ctl("requeue", "--state", "waiting", "--yes").exitCode());
        assertEquals(0, ctl("purge", "--all", "--yes").exitCode());
        assertEquals(0, json(ctl("queue", "--json")).get("total").getAsInt());
        Command.Result badFilter = ctl("queue", "--older", "yesterday");
        assertEquals(2, badFilter.exitCode(), badFilter.output());
        router.sims().mode("healthy");
    }

    @Test
    @Order(6)
    void reloadAgainstTheReloadApi() {
        Command.Result unchanged = ctl("reload");
        assertEquals(0, unchanged.exitCode(), unchanged.output());
        assertEquals("reloaded: nothing changed\n", unchanged.output());
        // What a reload applies, refuses and rejects is ReloadIT's (wildfly-config): here the verb and its exit code.
    }

    private Command.Result ctl(String... args) {
        return ctlWith(credentials, url, certificate, args);
    }

    /** The launcher with {@code args} after --url, --credentials and --trust (none when {@code trust} is null). */
    private static Command.Result ctlWith(Path credentialsFile, String target, Path trust, String... args) {
        List<String> command = new ArrayList<>(List.of(
                Installation.project()
                        .resolve("tools/src/main/scripts/mmsrouterctl")
                        .toString(),
                "--url",
                target,
                "--credentials",
                credentialsFile.toString()));
        if (trust != null) {
            command.addAll(List.of("--trust", trust.toString()));
        }
        command.addAll(List.of(args));
        Map<String, String> env = new HashMap<>();
        env.put("MMSROUTER_TOOLS_JAR", Installation.toolsJar().toString());
        return Command.of(command).env(env).timeout(Duration.ofSeconds(60)).run();
    }

    private JsonObject mmsc(String id) {
        JsonArray mmscs = JsonParser.parseString(router.node().admin().get("/mmscs"))
                .getAsJsonObject()
                .getAsJsonArray("mmscs");
        for (JsonElement mmsc : mmscs) {
            if (id.equals(mmsc.getAsJsonObject().get("id").getAsString())) {
                return mmsc.getAsJsonObject();
            }
        }
        throw new AssertionError("no MMSC " + id + " in " + mmscs);
    }

    private static JsonObject json(Command.Result result) {
        assertEquals(0, result.exitCode(), result.output());
        return JsonParser.parseString(result.output()).getAsJsonObject();
    }

    private static Path ownerOnly(String name, String content) {
        try {
            Path file = harness.work().resolve(name);
            Files.writeString(file, content + "\n");
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
