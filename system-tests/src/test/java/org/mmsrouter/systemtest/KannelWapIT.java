package org.mmsrouter.systemtest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer.OrderAnnotation;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mmsrouter.systemtest.harness.Await;
import org.mmsrouter.systemtest.harness.Command;
import org.mmsrouter.systemtest.harness.Dig;
import org.mmsrouter.systemtest.harness.ExternalProcess;
import org.mmsrouter.systemtest.harness.Installation;
import org.mmsrouter.systemtest.harness.LogTail;
import org.mmsrouter.systemtest.harness.Prerequisites;
import org.mmsrouter.systemtest.harness.RouterNode;
import org.mmsrouter.systemtest.harness.SystemHarness;
import org.mmsrouter.systemtest.harness.SystemTest;

/**
 * The DNS takeover behind a real WAP gateway and a real local resolver. A handset (Kannel's fakewap)
 * posts an m-send-req over WTP/WSP to Kannel (bearerbox + wapbox) for http://mms.operator.test/mms, as
 * a phone's MMS settings name the MMSC. wapbox resolves that name through the machine's resolver path
 * (glibc, nsswitch "files dns", /etc/resolv.conf) to a local dnsmasq that forwards only the MMS zone to
 * the router's DNS responder; the router answers with its own address, wapbox POSTs the MM to the
 * router on port 80, the router forwards it to a simulated MMSC and relays its m-send-conf back
 * through Kannel to fakewap. wapbox sees a private resolv.conf, bind-mounted in its own mount
 * namespace: the machine's file is never written.
 *
 * <p>Addresses (all loopback, specific so a resolver or WildFly on 127.0.0.1 does not clash):
 * dnsmasq on 127.77.0.1:53 (forwards mms.operator.test only, to 127.0.0.1:15953, the router's DNS
 * responder); the router on 127.77.0.2 (HTTP on port 80, no offset; the NOC listener stays on
 * 127.0.0.1:9443); bearerbox's WDP ports 9200/9201 on 127.77.0.3, its admin port 18783 (closed to
 * all), its wapbox port 18784; the simulators' control API on 18780, sim-a 18781, sim-b 18782.
 *
 * <p>Needs root (ports 80 and 53, a mount namespace), Debian's kannel, kannel-extras (fakewap),
 * dnsmasq-base and dnsutils.
 */
@SystemTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(OrderAnnotation.class)
class KannelWapIT {

    @RegisterExtension
    static final SystemHarness harness = new SystemHarness();

    private static final String ZONE = "mms.operator.test";
    private static final String RESOLVER = "127.77.0.1";
    private static final String ROUTER = "127.77.0.2";
    private static final String KANNEL = "127.77.0.3";
    private static final int DNS_PORT = 15953;
    private static final int CONTROL = 18780;
    private static final int KANNEL_ADMIN = 18783;
    private static final int KANNEL_BOX = 18784;
    private static final String MM1_URL = "http://" + ZONE + "/mms"; // as a handset asks: port 80
    private static final Path FAKEWAP = Path.of("/usr/lib/kannel/test/fakewap");
    private static final Path RESOLV_CONF = Path.of("/etc/resolv.conf");
    private static final Pattern NSSWITCH_BEFORE_DNS =
            Pattern.compile("files|myhostname|mdns[46]?_minimal|\\[NOTFOUND=return]");

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String transactionId = "kannel-wap-" + ProcessHandle.current().pid();
    private Path work;
    private String resolvBefore;
    private byte[] mm;
    private String mmSha;
    private Command.Result fakewap;
    private long fakewapMillis;
    private long started;

    @BeforeAll
    void startEverythingAndSendTheMm() throws IOException {
        started = System.nanoTime();
        checkMachine();
        work = harness.work();
        Path kannel = Files.createDirectories(work.resolve("kannel"));
        Path dns = Files.createDirectories(work.resolve("dns"));
        resolvBefore = sha256(Files.readAllBytes(RESOLV_CONF));

        // The router: every WildFly socket on its own address, HTTP on port 80.
        RouterNode router = harness.standaloneNode("router", 0);
        router.launch(
                "jboss.bind.address=" + ROUTER,
                "jboss.bind.address.management=" + ROUTER,
                "jboss.bind.address.unsecure=" + ROUTER,
                "jboss.http.port=80",
                "mmsrouter.dns.port=" + DNS_PORT,
                "mmsrouter.router.addresses=" + ROUTER,
                "mmsrouter.mms.domains=" + ZONE,
                "mmsrouter.mmsc.sim-a.url=http://127.0.0.1:18781/mms",
                "mmsrouter.mmsc.sim-b.url=http://127.0.0.1:18782/mms");
        harness.simulators(Map.of("sim-a", 18781, "sim-b", 18782), CONTROL);

        // The local resolver: the MMS zone goes to the router, nothing else goes anywhere. No cache:
        // every lookup of the zone, wapbox's too, reaches the router's responder.
        Path resolverLog = dns.resolve("dnsmasq.log");
        harness.log("dnsmasq", resolverLog);
        start(
                "dnsmasq",
                work.resolve("e2e.log"),
                "dnsmasq",
                "--keep-in-foreground",
                "--conf-file=/dev/null",
                "--no-resolv",
                "--no-hosts",
                "--no-poll",
                "--cache-size=0",
                "--listen-address=" + RESOLVER,
                "--bind-interfaces",
                "--port=53",
                "--server=/" + ZONE + "/127.0.0.1#" + DNS_PORT,
                "--log-queries",
                "--log-facility=" + resolverLog,
                "--pid-file=" + dns.resolve("dnsmasq.pid"));
        Path resolvConf = Files.writeString(
                dns.resolve("resolv.conf"), "nameserver " + RESOLVER + "\noptions timeout:2 attempts:2\n");

        // Kannel: bearerbox (WDP over UDP) and wapbox (WTP/WSP, HTTP to the MMSC URL).
        Path conf = Files.writeString(kannel.resolve("kannel.conf"), kannelConf(kannel));
        harness.log("bearerbox", kannel.resolve("bearerbox.log"));
        harness.log("wapbox", kannel.resolve("wapbox.log"));
        start("bearerbox", kannel.resolve("bearerbox.out"), "bearerbox", conf.toString());
        Await.until(
                "bearerbox (UDP " + KANNEL + ":9201, TCP " + KANNEL_BOX + ")",
                Duration.ofSeconds(15),
                () -> listening("u", KANNEL + ":9201") && listening("t", ":" + KANNEL_BOX));
        // wapbox in a private mount namespace whose /etc/resolv.conf names only the local resolver
        // (unshare and sh exec: the PID tracked is wapbox's).
        start(
                "wapbox",
                kannel.resolve("wapbox.out"),
                "unshare",
                "--mount",
                "--propagation",
                "private",
                "sh",
                "-c",
                "mount --bind \"$1\" /etc/resolv.conf && exec wapbox \"$2\"",
                "sh",
                resolvConf.toString(),
                conf.toString());

        composeMm();

        Await.until("dnsmasq on " + RESOLVER + ":53", Duration.ofSeconds(10), () -> listening("u", RESOLVER + ":53"));
        Await.until(
                "wapbox to connect to bearerbox",
                Duration.ofSeconds(15),
                () -> LogTail.contains(kannel.resolve("wapbox.log"), 1, "Connected to bearerbox"));
        router.awaitDeployed(Duration.ofSeconds(120));
        // Traffic goes to sim-a (priority 0) once the router's probes see it up.
        Pattern simAUp = Pattern.compile("\"id\":\"sim-a\"[^}]*\"state\":\"UP\"");
        Await.until(
                "the router to see sim-a up",
                Duration.ofSeconds(20),
                () -> simAUp.matcher(router.admin().get("/status")).find());
        harness.figure("all up after %s", Await.seconds(Duration.ofNanos(System.nanoTime() - started)));

        // The handset's MM over WTP/WSP (connection-oriented, UDP 9201). Nothing has asked the resolver
        // anything yet, so what it logs next is wapbox's lookup.
        long sent = System.nanoTime();
        fakewap = Command.of(
                        FAKEWAP.toString(),
                        "-g",
                        KANNEL,
                        "-p",
                        "9201",
                        "-C",
                        "mms",
                        "-P",
                        work.resolve("mm.pdu").toString(),
                        "-w",
                        work.resolve("m-send-conf.pdu").toString(),
                        "-D",
                        "1",
                        MM1_URL)
                .timeout(Duration.ofSeconds(40))
                .run();
        fakewapMillis = Duration.ofNanos(System.nanoTime() - sent).toMillis();
        Files.writeString(work.resolve("fakewap.log"), fakewap.output());
        harness.log("fakewap", work.resolve("fakewap.log"));
        harness.figure(
                "fakewap exited %d after %d ms; it printed:%n%s",
                fakewap.exitCode(), fakewapMillis, indent(fakewap.output()));
    }

    @Order(1)
    @Test
    void wapboxLookedUpTheZoneThroughTheResolverAtTheRoutersResponder() {
        Path wapboxLog = work.resolve("kannel/wapbox.log");
        // dnsmasq writes its log lines as it answers: give it a moment, then look.
        boolean found = holdsWithin(
                Duration.ofSeconds(2),
                () -> resolverLog().contains("forwarded " + ZONE + " to 127.0.0.1#" + DNS_PORT)
                        && resolverLog().contains("reply " + ZONE + " is " + ROUTER)
                        && LogTail.contains(wapboxLog, 1, "Opening connection to `" + ZONE + ":80'"));
        harness.figure("the resolver's log:%n%s", indent(resolverLog()));
        assertTrue(
                found,
                "wapbox's lookup of " + ZONE + " did not go through " + RESOLVER + " to the router (answer " + ROUTER
                        + ") and on to " + ZONE + ":80; wapbox said:\n"
                        + LogTail.linesFrom(wapboxLog, 1).stream()
                                .filter(line ->
                                        line.matches(".*(Opening connection|HTTP: .*fail|gethostbyname|resolve).*"))
                                .collect(Collectors.joining("\n")));
    }

    @Order(2)
    @Test
    void theResolverAnswersTheZoneWithTheRoutersAddress() {
        String answer = Dig.at(RESOLVER, 53).timeout(3).query(ZONE, "A");
        assertTrue(
                Pattern.compile("(?m)^" + Pattern.quote(ZONE) + "\\.\\s+[0-9]+\\s+IN\\s+A\\s+" + Pattern.quote(ROUTER)
                                + "$")
                        .matcher(answer)
                        .find(),
                "dig @" + RESOLVER + " " + ZONE + " A should answer " + ROUTER + ":\n" + answer);
    }

    @Order(3)
    @ParameterizedTest(name = "the resolver resolves nothing else: {0}")
    @ValueSource(strings = {"www.example.com", "example.com"})
    void theResolverResolvesNothingElse(String name) {
        String answer = Dig.at(RESOLVER, 53).timeout(3).query(name, "A");
        var status = Pattern.compile("status: (REFUSED|SERVFAIL)").matcher(answer);
        assertTrue(
                status.find() && answer.contains("ANSWER: 0"),
                "dig @" + RESOLVER + " " + name + " A must not be resolved:\n" + answer);
        harness.figure("dig @%s %s A: %s, no answer (no upstream, no recursion)", RESOLVER, name, status.group());
    }

    @Order(4)
    @Test
    void theMmscReceivedFakewapsMmByteForByte() throws IOException {
        JsonObject received = receivedBySimA()
                .orElseThrow(() -> new AssertionError("no simulated MMSC received fakewap's MM (SHA-256 " + mmSha
                        + "); sim-a: " + control("/sim-a/received") + "; sim-b: " + control("/sim-b/received")));
        int sequence = received.get("sequence").getAsInt();
        assertArrayEquals(
                mm, controlBytes("/sim-a/received/" + sequence), "sim-a's MM #" + sequence + " byte for byte");
        harness.figure("sim-a received fakewap's MM byte for byte (%d bytes, SHA-256 %s)", mm.length, mmSha);
    }

    @Order(5)
    @Test
    void fakewapGotTheMmscsMSendConfThroughTheRouterAndKannel() throws IOException {
        Path conf = work.resolve("m-send-conf.pdu");
        assertEquals(0, fakewap.exitCode(), "fakewap's exit code (its output is in the figures above)");
        assertTrue(fakewap.output().contains("Received WSP Reply with status code 200OK"), "fakewap got a WSP 200");
        assertTrue(Files.isRegularFile(conf) && Files.size(conf) > 0, "fakewap wrote the m-send-conf it got");
        String messageId =
                receivedBySimA().map(mm -> mm.get("messageId").getAsString()).orElse("");
        String dump = Command.of("java", "-jar", Installation.toolsJar().toString(), "dump", conf.toString())
                .run()
                .output();
        assertTrue(
                dump.contains("\"messageType\":\"m-send-conf\"")
                        && dump.contains("\"responseStatus\":\"0x80\"")
                        && dump.contains("\"transactionId\":\"" + transactionId + "\"")
                        && !messageId.isEmpty()
                        && dump.contains("\"messageId\":\"" + messageId + "\""),
                "fakewap's reply is not an Ok m-send-conf for " + transactionId + " with the MMSC's Message-ID ("
                        + messageId + "):\n" + dump);
        harness.figure(
                "fakewap got WSP 200 with the m-send-conf: Ok, Transaction-ID %s, the MMSC's Message-ID %s",
                transactionId, messageId);
    }

    @Order(6)
    @Test
    void theMachinesResolvConfIsUntouched() throws IOException {
        assertEquals(resolvBefore, sha256(Files.readAllBytes(RESOLV_CONF)), "/etc/resolv.conf changed during the test");
    }

    @AfterAll
    void totalTime() {
        harness.figure("kannel-wap: %s", Await.seconds(Duration.ofNanos(System.nanoTime() - started)));
    }

    /** What wapbox's resolution path needs from this machine; anything else skips (or, required, fails). */
    private static void checkMachine() throws IOException {
        Prerequisites.root();
        Prerequisites.command("bearerbox", "kannel");
        Prerequisites.command("wapbox", "kannel");
        Prerequisites.require(Files.isExecutable(FAKEWAP), FAKEWAP + " is installed (apt-get install kannel-extras)");
        Prerequisites.command("dnsmasq", "dnsmasq-base");
        Prerequisites.command("dig", "dnsutils");
        Prerequisites.command("unshare", "util-linux");
        Prerequisites.command("ss", "iproute2");
        // wapbox resolves with glibc: the name must reach DNS (the resolver in resolv.conf). nsswitch's
        // hosts: line may put only files, myhostname and mdns*_minimal (which answer *.local names only)
        // before dns; /etc/hosts must not know the name; no nscd may answer from outside wapbox's namespace.
        String hosts = Files.readAllLines(Path.of("/etc/nsswitch.conf")).stream()
                .filter(line -> line.startsWith("hosts:"))
                .findFirst()
                .orElse("");
        Prerequisites.require(dnsAfterFilesOnly(hosts), "/etc/nsswitch.conf reaches dns after files only: " + hosts);
        Prerequisites.require(
                !Pattern.compile("\\b" + Pattern.quote(ZONE) + "\\b")
                        .matcher(Files.readString(Path.of("/etc/hosts")))
                        .find(),
                "/etc/hosts does not name " + ZONE + " (else DNS would never be asked)");
        Prerequisites.require(
                !Files.exists(Path.of("/var/run/nscd/socket")),
                "no nscd runs (it would resolve for wapbox with the machine's resolv.conf)");
    }

    private static boolean dnsAfterFilesOnly(String hosts) {
        for (String source : hosts.replaceFirst("^hosts:", "").trim().split("\\s+")) {
            if (source.equals("dns")) {
                return true;
            }
            if (!NSSWITCH_BEFORE_DNS.matcher(source).matches()) {
                return false;
            }
        }
        return false;
    }

    private static String kannelConf(Path kannel) {
        return String.join(
                "\n",
                "group = core",
                "admin-port = " + KANNEL_ADMIN,
                "admin-interface = \"" + KANNEL + "\"",
                "admin-password = e2e",
                "admin-deny-ip = \"*.*.*.*\"",
                "admin-allow-ip = \"\"",
                "wapbox-port = " + KANNEL_BOX,
                "box-deny-ip = \"*.*.*.*\"",
                "box-allow-ip = \"127.*.*.*\"",
                "wdp-interface-name = \"" + KANNEL + "\"",
                "log-file = \"" + kannel.resolve("bearerbox.log") + "\"",
                "log-level = 0",
                "",
                "group = wapbox",
                "bearerbox-host = 127.0.0.1",
                "log-file = \"" + kannel.resolve("wapbox.log") + "\"",
                "log-level = 0",
                "http-timeout = 20",
                "");
    }

    /**
     * The MM a handset would send: about 8 KB, as one with a small picture, so more than one WTP segment
     * and Kannel reassembles it (SAR). fakewap encodes Content-Length in 16 bits: keep it below 64 KB.
     */
    private void composeMm() throws IOException {
        Files.writeString(
                work.resolve("body.txt"),
                IntStream.rangeClosed(1, 170)
                        .mapToObj(i -> "line " + i + " of an MM sent through a real WAP gateway\n")
                        .collect(Collectors.joining()));
        Files.writeString(
                work.resolve("mm.json"),
                "{\"messageType\":\"m-send-req\",\"mmsVersion\":\"1.2\",\"transactionId\":\""
                        + transactionId
                        + "\",\"from\":\"#insert\",\n \"to\":[\"+491510000001/TYPE=PLMN\"],\"subject\":\"through Kannel\","
                        + "\"contentType\":\"application/vnd.wap.multipart.mixed\",\n \"parts\":[{\"contentType\":\"text/plain\","
                        + "\"charset\":\"utf-8\",\"file\":\"body.txt\"}]}\n");
        Command.of("java", "-jar", Installation.toolsJar().toString(), "compose", "-o", "mm.pdu", "mm.json")
                .in(work)
                .output();
        mm = Files.readAllBytes(work.resolve("mm.pdu"));
        mmSha = sha256(mm);
    }

    private void start(String name, Path log, String... command) {
        harness.log(name + " output", log);
        harness.track(ExternalProcess.start(name, List.of(command), Map.of(), work, log));
    }

    private String resolverLog() {
        return LogTail.linesFrom(work.resolve("dns/dnsmasq.log"), 1).stream()
                .filter(line -> line.matches(".*(query|forwarded|reply|config).*"))
                .collect(Collectors.joining("\n"));
    }

    private Optional<JsonObject> receivedBySimA() {
        for (JsonElement mm : JsonParser.parseString(control("/sim-a/received")).getAsJsonArray()) {
            JsonObject received = mm.getAsJsonObject();
            if (received.has("sha256") && mmSha.equals(received.get("sha256").getAsString())) {
                return Optional.of(received);
            }
        }
        return Optional.empty();
    }

    private String control(String path) {
        return new String(controlBytes(path), StandardCharsets.UTF_8);
    }

    private byte[] controlBytes(String path) {
        try {
            HttpResponse<byte[]> response = http.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + CONTROL + "/sims" + path))
                            .timeout(Duration.ofSeconds(5))
                            .build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertEquals(200, response.statusCode(), "simulator control " + path);
            return response.body();
        } catch (IOException e) {
            throw new AssertionError("simulator control " + path + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** Whether something listens on {@code address} (e.g. "127.77.0.1:53", or ":18784" for any address); u = UDP, t = TCP. */
    private static boolean listening(String protocol, String address) {
        String port = address.substring(address.lastIndexOf(':') + 1);
        return Command.of("ss", "-Hln" + protocol, "sport = :" + port)
                .run()
                .output()
                .contains(address);
    }

    private static boolean holdsWithin(Duration limit, BooleanSupplier condition) {
        try {
            Await.until("condition", limit, condition);
            return true;
        } catch (AssertionError e) {
            return false;
        }
    }

    private static String sha256(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String indent(String text) {
        return text.lines().map(line -> "     " + line).collect(Collectors.joining("\n"));
    }
}
