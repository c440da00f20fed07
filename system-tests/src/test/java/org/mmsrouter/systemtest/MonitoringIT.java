package org.mmsrouter.systemtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer.OrderAnnotation;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.mmsrouter.systemtest.harness.AdminApi;
import org.mmsrouter.systemtest.harness.Await;
import org.mmsrouter.systemtest.harness.Command;
import org.mmsrouter.systemtest.harness.GrafanaDashboard;
import org.mmsrouter.systemtest.harness.Installation;
import org.mmsrouter.systemtest.harness.Load;
import org.mmsrouter.systemtest.harness.Prerequisites;
import org.mmsrouter.systemtest.harness.PrometheusServer;
import org.mmsrouter.systemtest.harness.RouterNode;
import org.mmsrouter.systemtest.harness.Simulators;
import org.mmsrouter.systemtest.harness.SystemHarness;
import org.mmsrouter.systemtest.harness.SystemTest;

/**
 * The shipped monitoring (issue 20, {@code monitoring/}, docs/monitoring.md) against a real Prometheus
 * (Debian's {@code prometheus}, with {@code promtool}). {@code promtool check rules} and {@code promtool
 * test rules} pass on the shipped rules, and the example configuration's syntax is valid. A router with
 * two simulated MMSCs, each in its own process, is scraped by the real server every second over HTTPS
 * (the NOC listener's own certificate as the CA) with BASIC as a user of role {@code noc-metrics}, the
 * shipped rules loaded. While {@code tools load} runs (and DNS queries arrive), every template variable
 * of the shipped Grafana dashboard lists values and every panel's PromQL, the variables substituted as
 * Grafana does, returns data through {@code /api/v1/query}; no alert fires on that healthy router. Then
 * sim-a's process is killed, and {@code MmsRouterMmscDown} for sim-a must go to firing within a deadline
 * (its {@code for:} is 1 min) while sim-b keeps the router out of {@code MmsRouterAllMmscsDown}.
 *
 * <p>Ports: offset 300 (HTTP 8380, NOC 9743, management 10290), DNS 15523, sim-a 18301 (control 18300),
 * sim-b 18304 (control 18303), Prometheus 19390.
 */
@SystemTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(OrderAnnotation.class)
class MonitoringIT {

    @RegisterExtension
    static final SystemHarness harness = new SystemHarness();

    private static final int OFFSET = 300;
    private static final int DNS_PORT = 15523;
    private static final int SIM_A_CONTROL = 18300;
    private static final int SIM_B_CONTROL = 18303;
    private static final int PROMETHEUS_PORT = 19390;
    private static final String METRICS_USER = "it-prometheus";
    private static final String METRICS_PASSWORD = "it-prometheus-pw";
    /** MmsRouterMmscDown's for: is 1 min; DOWN takes ~1 s of failed probes, evaluation every second. */
    private static final Duration ALERT_LIMIT = Duration.ofSeconds(Long.getLong("monitoring.alert-limit-s", 150));

    private Path monitoring;
    private Simulators simA;
    private Simulators simB;
    private RouterNode router;
    private PrometheusServer prometheus;
    private Load load;

    @BeforeAll
    void start() {
        Prerequisites.command("prometheus", "prometheus");
        Prerequisites.command("promtool", "prometheus");
        monitoring = Installation.project().resolve("monitoring");
        // One process per simulator, so that stopping sim-a is a real stop (its port closes).
        simA = harness.simulators(Map.of("sim-a", SIM_A_CONTROL + 1), SIM_A_CONTROL);
        simB = harness.simulators(Map.of("sim-b", SIM_B_CONTROL + 1), SIM_B_CONTROL);
        router = harness.standaloneNode("router", OFFSET);
        RouterNode.addUser(router.base(), METRICS_USER, "noc-metrics", METRICS_PASSWORD);
        installNocKeyWithSubjectAltName(router.base());
        List<String> properties = new ArrayList<>(simA.routerProperties());
        properties.addAll(simB.routerProperties());
        properties.add("mmsrouter.dns.port=" + DNS_PORT);
        Duration took = router.start(properties.toArray(String[]::new));
        harness.figure("router deployed in %s", Await.seconds(took));
    }

    @Test
    @Order(1)
    void promtoolChecksTheShippedRulesAndTheirUnitTests() {
        Path rules = monitoring.resolve("prometheus");
        Command.Result check = PrometheusServer.promtool(rules, "check", "rules", "mms-router-rules.yml");
        Command.Result test = PrometheusServer.promtool(rules, "test", "rules", "mms-router-rules.test.yml");
        Command.Result config = PrometheusServer.promtool(rules, "check", "config", "--syntax-only", "prometheus.yml");
        harness.figure("promtool check rules: exit %d: %s", check.exitCode(), oneLine(check.output()));
        harness.figure("promtool test rules: exit %d: %s", test.exitCode(), oneLine(test.output()));
        harness.figure("promtool check config --syntax-only (example): exit %d", config.exitCode());
        assertEquals(0, check.exitCode(), "promtool check rules failed:\n" + check.output());
        assertEquals(0, test.exitCode(), "promtool test rules failed:\n" + test.output());
        assertEquals(0, config.exitCode(), "the example prometheus.yml is invalid:\n" + config.output());
    }

    @Test
    @Order(2)
    void prometheusScrapesTheRouterOverHttpsAsTheMetricsUserWithTheRulesLoaded() throws IOException {
        Path directory = harness.work().resolve("prometheus");
        Files.createDirectories(directory);
        Path certificate = directory.resolve("noc-certificate.pem");
        Files.writeString(certificate, pem(router.nocPort()));
        Path password = directory.resolve("metrics.password");
        Files.writeString(password, METRICS_PASSWORD);
        Files.setPosixFilePermissions(password, PosixFilePermissions.fromString("rw-------"));
        Path rules = monitoring.resolve("prometheus/mms-router-rules.yml");
        String configuration = String.join(
                "\n",
                "global:",
                "  scrape_interval: 1s",
                "  scrape_timeout: 1s",
                "  evaluation_interval: 1s",
                "rule_files:",
                "  - " + rules,
                "scrape_configs:",
                "  - job_name: mmsrouter",
                "    scheme: https",
                "    metrics_path: /admin/api/metrics",
                "    basic_auth:",
                "      username: " + METRICS_USER,
                "      password_file: " + password,
                "    tls_config:",
                "      ca_file: " + certificate,
                "    static_configs:",
                "      - targets: ['localhost:" + router.nocPort() + "']",
                "");
        prometheus = harness.track(PrometheusServer.start(directory, PROMETHEUS_PORT, configuration));
        harness.log("prometheus", prometheus.process().log());
        Command.Result checked = PrometheusServer.promtool(directory, "check", "config", "prometheus.yml");
        assertEquals(0, checked.exitCode(), "promtool check config of the test's configuration:\n" + checked.output());

        Await.until("Prometheus scrapes the router (target health up)", Duration.ofSeconds(30), () -> {
            JsonObject target = prometheus.targets().get(0).getAsJsonObject();
            if (!"up".equals(target.get("health").getAsString())) {
                throw new IllegalStateException("scrape: " + target.get("health") + " " + target.get("lastError"));
            }
            return true;
        });
        JsonObject target = prometheus.targets().get(0).getAsJsonObject();
        harness.figure(
                "target %s: health %s, last error '%s'",
                target.get("scrapeUrl").getAsString(),
                target.get("health").getAsString(),
                target.get("lastError").getAsString());

        int shipped = countAlertRules(rules);
        int loaded = 0;
        for (JsonElement group : prometheus.ruleGroups()) {
            for (JsonElement rule : group.getAsJsonObject().getAsJsonArray("rules")) {
                assertEquals(
                        "ok",
                        rule.getAsJsonObject().get("health").getAsString(),
                        "rule " + rule.getAsJsonObject().get("name") + " does not evaluate: " + rule);
                loaded++;
            }
        }
        harness.figure("rules loaded: %d of the %d alert rules shipped, all evaluating", loaded, shipped);
        assertEquals(shipped, loaded, "alert rules Prometheus loaded");
    }

    @Test
    @Order(3)
    void everyDashboardPanelReturnsDataWhileLoadRuns() {
        load = harness.load(
                router,
                "monitoring",
                "--concurrency",
                "4",
                "--rate",
                "40",
                "--warmup",
                "0s",
                "--duration",
                "120s",
                "--size",
                "2000");
        Await.until(
                "Prometheus sees MMs accepted under load",
                Duration.ofSeconds(60),
                () -> value(prometheus.query("sum(rate(mmsrouter_mm1_accepted_total[1m]))"))
                                .orElse(0.0)
                        > 0);
        sendDnsQueries(40);
        Await.pause(Duration.ofSeconds(5)); // a few more scrapes: rates need two samples of each new series

        String scrape = new AdminApi(router.nocPort(), METRICS_USER, METRICS_PASSWORD).get("/metrics");
        for (String name : List.of("mmsrouter_queue_mmsc_messages", "mmsrouter_queue_mmsc_oldest_age_seconds")) {
            assertTrue(
                    Pattern.compile("(?m)^" + name + "\\{mmsc=\"sim-a\"")
                            .matcher(scrape)
                            .find(),
                    "the router serves " + name + " for every configured MMSC");
        }

        GrafanaDashboard dashboard = GrafanaDashboard.read(monitoring.resolve("grafana/mms-router.json"));
        Map<String, String> values = new LinkedHashMap<>(
                Map.of("__rate_interval", "1m", "__interval", "15s", "__range", "5m", "__range_s", "300"));
        for (GrafanaDashboard.Variable variable : dashboard.variables()) {
            if (!"query".equals(variable.type())) {
                continue; // the data source: the panels name it, Prometheus does not see it
            }
            String promql = GrafanaDashboard.substitute(GrafanaDashboard.labelValuesQuery(variable.query()), values);
            String label = GrafanaDashboard.labelOf(variable.query());
            List<String> found = new ArrayList<>();
            for (JsonElement series : prometheus.query(promql)) {
                found.add(series.getAsJsonObject()
                        .getAsJsonObject("metric")
                        .get(label)
                        .getAsString());
            }
            harness.figure("variable $%s: %s lists %s", variable.name(), variable.query(), found);
            assertTrue(!found.isEmpty(), "dashboard variable $" + variable.name() + " lists nothing: " + promql);
            values.put(variable.name(), GrafanaDashboard.regexOf(found));
        }

        List<GrafanaDashboard.Target> targets = dashboard.targets();
        for (GrafanaDashboard.Target target : targets) {
            assertEquals(
                    "${DS_PROMETHEUS}",
                    target.datasourceUid(),
                    "panel '" + target.panel() + "' does not use the ${DS_PROMETHEUS} data source");
            assertTrue(!target.expr().isBlank(), "panel '" + target.panel() + "' has no PromQL");
        }
        Map<GrafanaDashboard.Target, String> empty = new LinkedHashMap<>();
        boolean complete = Await.holdsWithin(Duration.ofSeconds(60), () -> {
            empty.clear();
            for (GrafanaDashboard.Target target : targets) {
                String promql = GrafanaDashboard.substitute(target.expr(), values);
                if (prometheus.query(promql).isEmpty()) {
                    empty.put(target, promql);
                }
            }
            return empty.isEmpty();
        });
        List<String> missing = new ArrayList<>();
        for (GrafanaDashboard.Target target : targets) {
            String promql = GrafanaDashboard.substitute(target.expr(), values);
            harness.figure(
                    "panel '%s' %s: %d series%s",
                    target.panel(),
                    target.refId(),
                    prometheus.query(promql).size(),
                    empty.containsKey(target) ? " NO DATA" : "");
            if (empty.containsKey(target)) {
                missing.add("panel '" + target.panel() + "' " + target.refId() + ": " + promql);
            }
        }
        harness.figure(
                "%d panels, %d queries, %d empty, %d of them not allowed",
                dashboard.panelTitles().size(), targets.size(), empty.size(), missing.size());
        assertTrue(
                complete && missing.isEmpty(),
                "dashboard queries with no data while load runs:\n" + String.join("\n", missing));
        assertTrue(load.isRunning(), "tools load ended before every panel was evaluated: raise its --duration");

        List<String> firing = new ArrayList<>();
        List<String> pending = new ArrayList<>();
        for (JsonElement alert : prometheus.alerts()) {
            JsonObject a = alert.getAsJsonObject();
            String line = a.getAsJsonObject("labels").toString();
            ("firing".equals(a.get("state").getAsString()) ? firing : pending).add(line);
        }
        harness.figure("alerts on the healthy router under load: firing %s, pending %s", firing, pending);
        assertTrue(firing.isEmpty(), "alerts fire on a healthy router: " + firing);
    }

    @Test
    @Order(4)
    void stoppingAnMmscFiresMmscDownWithinTheDeadline() {
        assertTrue(alert("MmsRouterMmscDown", "sim-a").isEmpty(), "MmsRouterMmscDown active before sim-a stopped");
        long stopped = System.nanoTime();
        simA.close(); // kill -9 of sim-a's process: its port refuses connections
        Double pendingAfter = null;
        Double firingAfter = null;
        long deadline = stopped + ALERT_LIMIT.toNanos();
        while (System.nanoTime() < deadline && firingAfter == null) {
            Optional<JsonObject> active = alert("MmsRouterMmscDown", "sim-a");
            double seconds = (System.nanoTime() - stopped) / 1e9;
            if (active.isPresent() && pendingAfter == null) {
                pendingAfter = seconds;
            }
            if (active.isPresent() && "firing".equals(active.get().get("state").getAsString())) {
                firingAfter = seconds;
                harness.figure(
                        "MmsRouterMmscDown firing: %s; summary '%s'",
                        active.get().getAsJsonObject("labels"),
                        active.get()
                                .getAsJsonObject("annotations")
                                .get("summary")
                                .getAsString());
            }
            Await.pause(Duration.ofMillis(500));
        }
        harness.figure(
                "sim-a stopped: MmsRouterMmscDown pending after %.1f s, firing after %.1f s (limit %d s)",
                pendingAfter, firingAfter, ALERT_LIMIT.toSeconds());
        assertTrue(
                firingAfter != null,
                "MmsRouterMmscDown for sim-a did not fire within " + ALERT_LIMIT.toSeconds() + " s; alerts: "
                        + prometheus.alerts());
        assertTrue(alert("MmsRouterMmscDown", "sim-b").isEmpty(), "MmsRouterMmscDown for sim-b, which runs");
        assertTrue(
                alert("MmsRouterAllMmscsDown", null).isEmpty(),
                "MmsRouterAllMmscsDown active while sim-b is UP: " + prometheus.alerts());
        load.kill();
        harness.figure(
                "tools load stopped after the checks; MMs the router accepted during the run: %.0f",
                value(prometheus.query("sum(mmsrouter_mm1_accepted_total)")).orElse(-1.0));
    }

    /** The active alert {@code name} (for {@code mmsc}, when given), pending or firing. */
    private Optional<JsonObject> alert(String name, String mmsc) {
        for (JsonElement element : prometheus.alerts()) {
            JsonObject alert = element.getAsJsonObject();
            JsonObject labels = alert.getAsJsonObject("labels");
            if (name.equals(labels.get("alertname").getAsString())
                    && (mmsc == null
                            || (labels.has("mmsc")
                                    && mmsc.equals(labels.get("mmsc").getAsString())))) {
                return Optional.of(alert);
            }
        }
        return Optional.empty();
    }

    /** DNS queries to the router's responder: A for its zone (NOERROR) and one outside it (REFUSED). */
    private static void sendDnsQueries(int count) {
        try (DatagramSocket socket = new DatagramSocket()) {
            socket.setSoTimeout(1000);
            InetAddress localhost = InetAddress.getByName("127.0.0.1");
            for (int i = 0; i < count; i++) {
                byte[] query = dnsQuery(i, i % 4 == 0 ? "example.org" : "mms.operator.test");
                socket.send(new DatagramPacket(query, query.length, localhost, DNS_PORT));
                try {
                    socket.receive(new DatagramPacket(new byte[1500], 1500));
                } catch (SocketTimeoutException e) {
                    // A rate-limited or lost answer: the responder counted it all the same.
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("DNS queries to 127.0.0.1:" + DNS_PORT, e);
        }
    }

    /** A DNS query (RFC 1035 4.1): header with RD, one question {@code name} A IN. */
    private static byte[] dnsQuery(int id, String name) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {(byte) (id >> 8), (byte) id, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0});
        for (String label : name.split("\\.")) {
            byte[] bytes = label.getBytes(StandardCharsets.US_ASCII);
            out.write(bytes.length);
            out.writeBytes(bytes);
        }
        out.writeBytes(new byte[] {0, 0, 1, 0, 1});
        return out.toByteArray();
    }

    /**
     * The NOC listener's own key, as docs/security/management-plane.md tells an operator to install one: a
     * PKCS#12 file under the default name {@code mms-router-noc.p12} with the install's key store password,
     * made before the first start. Its certificate names localhost and 127.0.0.1 as subject alternative
     * names: Prometheus (Go) checks the host name against those only, and the key pair the router generates
     * by itself carries the name in its CN alone (Prometheus answers "x509: certificate relies on legacy
     * Common Name field").
     */
    private static void installNocKeyWithSubjectAltName(Path base) {
        Path configuration = base.resolve("configuration");
        String profile;
        try {
            profile = Files.readString(configuration.resolve("standalone-full.xml"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Matcher password = Pattern.compile("\\$\\{mmsrouter\\.noc\\.keystore\\.password:([^}]+)}")
                .matcher(profile);
        assertTrue(password.find(), "no default NOC key store password in standalone-full.xml");
        try {
            // A key pair the provisioned server made when it ran on its own (./run.sh) came along with the copy.
            Files.deleteIfExists(configuration.resolve("mms-router-noc.p12"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Command.of(
                        Path.of(System.getProperty("java.home"), "bin", "keytool")
                                .toString(),
                        "-genkeypair",
                        "-alias",
                        "noc",
                        "-keyalg",
                        "RSA",
                        "-keysize",
                        "2048",
                        "-validity",
                        "30",
                        "-dname",
                        "CN=localhost",
                        "-ext",
                        "SAN=dns:localhost,ip:127.0.0.1",
                        "-storetype",
                        "PKCS12",
                        "-keystore",
                        configuration.resolve("mms-router-noc.p12").toString(),
                        "-storepass:env",
                        "NOC_KEYSTORE_PASSWORD")
                .env("NOC_KEYSTORE_PASSWORD", password.group(1))
                .output();
    }

    /** The NOC listener's certificate in PEM, as Prometheus's tls_config ca_file wants it. */
    private static String pem(int port) {
        try {
            return "-----BEGIN CERTIFICATE-----\n"
                    + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                            .encodeToString(AdminApi.presented(port).getEncoded())
                    + "\n-----END CERTIFICATE-----\n";
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot read the NOC certificate on port " + port, e);
        }
    }

    private static int countAlertRules(Path rules) throws IOException {
        return (int) Files.readAllLines(rules).stream()
                .filter(line -> line.strip().startsWith("- alert:"))
                .count();
    }

    /** The value of a one-series instant result, if there is one. */
    private static Optional<Double> value(JsonArray result) {
        if (result.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(Double.parseDouble(
                result.get(0).getAsJsonObject().getAsJsonArray("value").get(1).getAsString()));
    }

    private static String oneLine(String output) {
        return output.strip().replaceAll("\\s+", " ");
    }
}
