package org.mmsrouter.systemtest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
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
import org.mmsrouter.systemtest.harness.Cluster;
import org.mmsrouter.systemtest.harness.Command;
import org.mmsrouter.systemtest.harness.Dig;
import org.mmsrouter.systemtest.harness.Installation;
import org.mmsrouter.systemtest.harness.Ports;
import org.mmsrouter.systemtest.harness.Postgres;
import org.mmsrouter.systemtest.harness.Prerequisites;
import org.mmsrouter.systemtest.harness.RouterNode;
import org.mmsrouter.systemtest.harness.Simulators;
import org.mmsrouter.systemtest.harness.SystemHarness;
import org.mmsrouter.systemtest.harness.SystemTest;

/**
 * The installation guide (docs/install.md) followed as an operator would, from the pristine
 * {@code wildfly-dist} zip and the distribution archive {@code mvn package} builds: the settings checker
 * rejects each kind of mistake naming the key; a single node installed offline starts, passes the
 * installer's verification (deployment, DNS, MM1, console login) and forwards an MM; a second offline run
 * leaves the profile byte for byte as it was; an online install into a running stock server reloads it
 * and verifies; a server with an HA policy of its own is refused untouched; two cluster nodes from two
 * pristine unzips, on PostgreSQL (the second with a PostgreSQL driver module of its own, which the installer
 * uses instead of deploying one), form a cluster (each sees the other, each backup broker stands by, each
 * DNS answer holds both nodes) and forward an MM. Needs PostgreSQL (as RegistryPostgresIT), unzip, tar, dig.
 * Offsets 1200, 1210, 1220, 1230; DNS 16200, 16210, 16221, 16222; simulators 18620-18622.
 */
@SystemTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(OrderAnnotation.class)
class InstallIT {

    @RegisterExtension
    static final SystemHarness harness = new SystemHarness();

    private static final String SINGLE = "standalone-full.xml";
    private static final String CLUSTER = "standalone-full-ha.xml";
    private static final int CONTROL = 18620;
    private static final Duration INSTALL_LIMIT = Duration.ofMinutes(5);

    private final Postgres postgres = Postgres.fromEnvironment();
    private Path installer;
    private Path passwordFile;
    private Simulators sims;

    @BeforeAll
    void unpackTheArchive() throws IOException {
        Prerequisites.command("unzip", "unzip");
        Prerequisites.command("tar", "tar");
        Prerequisites.command("psql", "postgresql-client");
        Prerequisites.command("dig", "dnsutils");
        Prerequisites.require(
                postgres.reachable(),
                "PostgreSQL " + postgres.user() + "@" + postgres.host() + ":" + postgres.port() + "/"
                        + postgres.database() + " is reachable");
        Path dist = harness.work().resolve("dist");
        Files.createDirectories(dist);
        Command.of("tar", "xzf", Installation.distribution().toString(), "-C", dist.toString())
                .output();
        String name = Installation.distribution().getFileName().toString().replace(".tar.gz", "");
        installer = dist.resolve(name).resolve("install.sh");
        assertTrue(Files.isExecutable(installer), "the archive holds an executable install.sh");
        passwordFile = secret("operator-password", RouterNode.OPERATOR_PASSWORD);
        Map<String, Integer> ports = new LinkedHashMap<>();
        ports.put("sim-a", CONTROL + 1);
        ports.put("sim-b", CONTROL + 2);
        sims = harness.simulators(ports, CONTROL);
    }

    @Test
    @Order(1)
    void theCheckerNamesEachMistakeByItsKey() throws IOException {
        Map<String, String> good = clusterSettings(1, 1220);
        Path file = settingsFile("check-good", good);
        Command.Result ok = install("--check-node-settings", file.toString(), "--profile", CLUSTER);
        assertEquals(0, ok.exitCode(), ok.output());

        Map<String, String> multiHost = with(good, "mmsrouter.cluster.member.2.host", "10.0.0.2");
        List<Map.Entry<String, Map<String, String>>> mistakes = List.of(
                Map.entry("mmsrouter.cluster.password", without(good, "mmsrouter.cluster.password")),
                Map.entry("jboss.bind.address.private", with(good, "mmsrouter.cluster.member.1.port", "9999")),
                Map.entry("mmsrouter.cluster.member.2.host", without(good, "mmsrouter.cluster.member.2.host")),
                Map.entry("mmsrouter.cluster.ha.journal", with(good, "mmsrouter.cluster.ha.journal", "router-node-1")),
                Map.entry("mmsrouter.dns.prot", with(good, "mmsrouter.dns.prot", "53")),
                Map.entry("jboss.bind.address.private", multiHost));
        for (Map.Entry<String, Map<String, String>> mistake : mistakes) {
            Command.Result refused = install(
                    "--check-node-settings",
                    settingsFile("check-bad", mistake.getValue()).toString(),
                    "--profile",
                    CLUSTER);
            assertEquals(2, refused.exitCode(), refused.output());
            assertTrue(
                    refused.output().contains(": " + mistake.getKey() + ": "),
                    "names " + mistake.getKey() + ":\n" + refused.output());
        }
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        Command.Result readable = install("--check-node-settings", file.toString(), "--profile", CLUSTER);
        assertEquals(2, readable.exitCode(), readable.output());
        assertTrue(readable.output().contains("mmsrouter.cluster.password: a secret in a file others can read"));
    }

    @Test
    @Order(2)
    void aSingleNodeInstalledOfflineWorksAndASecondRunChangesNothing() throws IOException {
        Path home = unzipWildFly("single");
        Map<String, String> settings = singleSettings(1200, 16200);
        Path file = settingsFile("single", settings);
        Command.Result installed =
                installWithOperator("--jboss-home", home.toString(), "--node-settings", file.toString());
        assertEquals(0, installed.exitCode(), installed.output());
        assertTrue(
                installed
                        .output()
                        .contains("-P " + home.resolve("standalone/configuration/mms-router-node.properties")),
                "prints the start command:\n" + installed.output());
        assertEquals("rw-------", mode(home.resolve("standalone/configuration/mms-router-node.properties")));
        assertTrue(Files.exists(home.resolve("standalone/configuration/" + SINGLE + ".before-mms-router")));

        RouterNode node = start("single", home, 1200, SINGLE);
        verify(home);
        assertTrue(submitDelivered(node), "an MM submitted to the installed node reaches an MMSC");
        node.stop(Duration.ofSeconds(60));

        byte[] profile = Files.readAllBytes(home.resolve("standalone/configuration/" + SINGLE));
        Command.Result again = installWithOperator("--jboss-home", home.toString(), "--node-settings", file.toString());
        assertEquals(0, again.exitCode(), again.output());
        assertTrue(again.output().contains("console user " + RouterNode.OPERATOR + " exists: kept"), again.output());
        assertFalse(again.output().contains("installed /"), "a second run copies nothing:\n" + again.output());
        assertArrayEquals(
                profile,
                Files.readAllBytes(home.resolve("standalone/configuration/" + SINGLE)),
                "a second run leaves the profile byte for byte as it was");
    }

    @Test
    @Order(3)
    void anOnlineInstallIntoARunningStockServerReloadsAndVerifies() throws IOException {
        Path home = unzipWildFly("online");
        Path file = settingsFile("online", singleSettings(1210, 16210));
        // The operator's server, running with its properties file but without the router.
        RouterNode node =
                harness.node(RouterNode.installed("online", home, 1210, List.of("-c", SINGLE, "-P", file.toString())));
        node.launch();
        Await.until(
                "the stock server's management port answers",
                Duration.ofSeconds(120),
                () -> Ports.listening(9990 + 1210));
        Command.Result installed =
                installWithOperator("--jboss-home", home.toString(), "--online", "--node-settings", file.toString());
        assertEquals(0, installed.exitCode(), installed.output());
        assertTrue(
                installed.output().contains("reload-required after these changes: reloading it now"),
                installed.output());
        assertTrue(installed.output().contains("the node works"), installed.output());
        assertTrue(submitDelivered(node), "an MM submitted to the node installed online reaches an MMSC");
        node.stop(Duration.ofSeconds(60));
    }

    @Test
    @Order(4)
    void aServerWithAnHaPolicyOfItsOwnIsRefusedUntouched() throws IOException {
        Path home = unzipWildFly("conflict");
        Command.of(
                        home.resolve("bin/jboss-cli.sh").toString(),
                        "--commands=embed-server --server-config=" + CLUSTER
                                + ",/subsystem=messaging-activemq/server=default/ha-policy=live-only:add,stop-embedded-server")
                .timeout(INSTALL_LIMIT)
                .output();
        Path profile = home.resolve("standalone/configuration/" + CLUSTER);
        byte[] before = Files.readAllBytes(profile);
        Path key = clusterKey();
        Command.Result refused = install(
                "--jboss-home",
                home.toString(),
                "--profile",
                CLUSTER,
                "--node-settings",
                settingsFile("conflict", clusterSettings(1, 1220)).toString(),
                "--cluster-key",
                key.toString());
        assertEquals(3, refused.exitCode(), refused.output());
        assertTrue(refused.output().contains("broker 'default' has HA policy 'live-only'"), refused.output());
        assertArrayEquals(before, Files.readAllBytes(profile), "the profile is untouched");
        assertFalse(Files.exists(Path.of(profile + ".before-mms-router")));
    }

    @Test
    @Order(5)
    void twoClusterNodesFromTwoPristineUnzipsFormACluster() throws IOException {
        postgres.execute(
                "drop table if exists mmsc; drop table if exists router_node; drop table if exists audit_event");
        Cluster.dropJournals(postgres);
        Path key = clusterKey();
        List<RouterNode> nodes = new ArrayList<>();
        List<Path> homes = new ArrayList<>();
        for (int n = 1; n <= 2; n++) {
            Path home = unzipWildFly("cluster-" + n);
            if (n == 2) {
                addOperatorsOwnPostgresDriver(home);
            }
            int offset = 1210 + 10 * n;
            Command.Result installed = installWithOperator(
                    "--jboss-home",
                    home.toString(),
                    "--profile",
                    CLUSTER,
                    "--node-settings",
                    settingsFile("node" + n, clusterSettings(n, offset)).toString(),
                    "--cluster-key",
                    key.toString());
            assertEquals(0, installed.exitCode(), installed.output());
            assertTrue(installed.output().contains("the cluster profile lists 2 members"), installed.output());
            if (n == 2) {
                assertTrue(
                        installed.output().contains("using the server's PostgreSQL driver 'postgresql' (a module)"),
                        installed.output());
                assertFalse(Files.exists(home.resolve("standalone/deployments/postgresql.jar")), "no second driver");
            }
            homes.add(home);
        }
        for (int n = 1; n <= 2; n++) {
            Path home = homes.get(n - 1);
            nodes.add(harness.node(RouterNode.installed(
                    "node" + n,
                    home,
                    1210 + 10 * n,
                    List.of(
                            "-c",
                            CLUSTER,
                            "-P",
                            home.resolve("standalone/configuration/mms-router-node.properties")
                                    .toString()))));
            nodes.get(n - 1).launch();
        }
        for (int n = 1; n <= 2; n++) {
            nodes.get(n - 1).awaitDeployed(Duration.ofSeconds(240));
        }
        for (int n = 1; n <= 2; n++) {
            Dig dns = Dig.at("127.0.0.1", 16220 + n);
            Await.until(
                    "node" + n + "'s DNS answer holds both nodes",
                    Duration.ofSeconds(60),
                    () -> dns.addresses(Dig.NAME).containsAll(List.of("127.0.12.1", "127.0.12.2")));
            String verified = verify(homes.get(n - 1));
            assertTrue(
                    verified.contains("ok      cluster view:")
                            && verified.contains("node1")
                            && verified.contains("node2"),
                    verified);
            assertTrue(verified.contains("ok      broker backup: standing by for journal node" + (3 - n)), verified);
        }
        assertTrue(submitDelivered(nodes.get(1)), "an MM submitted to node 2 reaches an MMSC");
        for (RouterNode node : nodes) {
            node.stop(Duration.ofSeconds(90));
        }
    }

    // --- the operator's steps -------------------------------------------------------------------

    /** install.sh with {@code arguments} and the console operator (name and password file). */
    private Command.Result installWithOperator(String... arguments) {
        List<String> all = new ArrayList<>(List.of(arguments));
        all.addAll(List.of("--operator", RouterNode.OPERATOR, "--operator-password-file", passwordFile.toString()));
        return install(all.toArray(String[]::new));
    }

    private Command.Result install(String... arguments) {
        List<String> command = new ArrayList<>(List.of(installer.toString()));
        command.addAll(List.of(arguments));
        Command.Result result = Command.of(command).timeout(INSTALL_LIMIT).run();
        harness.figure("install.sh %s -> exit %d", String.join(" ", arguments), result.exitCode());
        return result;
    }

    private String verify(Path home) {
        Command.Result verified = installWithOperator("--jboss-home", home.toString(), "--verify-only");
        assertEquals(0, verified.exitCode(), verified.output());
        for (String check : List.of("deployment", "dns", "mm1", "console login")) {
            assertTrue(
                    verified.output().contains("ok      " + check + ":"), check + " verified:\n" + verified.output());
        }
        return verified.output();
    }

    private RouterNode start(String name, Path home, int offset, String profile) {
        RouterNode node = harness.node(RouterNode.installed(
                name,
                home,
                offset,
                List.of(
                        "-c",
                        profile,
                        "-P",
                        home.resolve("standalone/configuration/mms-router-node.properties")
                                .toString())));
        node.start();
        return node;
    }

    private boolean submitDelivered(RouterNode node) {
        int before = sims.receivedCount();
        String last = Command.of(
                        "java",
                        "-jar",
                        Installation.toolsJar().toString(),
                        "submit",
                        "--url",
                        node.mm1().toString())
                .timeout(Duration.ofMinutes(2))
                .output()
                .strip();
        harness.figure("submit to %s: %s", node.name(), last.substring(last.lastIndexOf('\n') + 1));
        return Await.holdsWithin(Duration.ofSeconds(30), () -> sims.receivedCount() > before);
    }

    private Path unzipWildFly(String name) throws IOException {
        Path directory = harness.work().resolve(name);
        Files.createDirectories(directory);
        Command.of("unzip", "-q", "-o", Installation.wildflyZip().toString(), "-d", directory.toString())
                .timeout(INSTALL_LIMIT)
                .output();
        try (var entries = Files.list(directory)) {
            return entries.filter(p -> p.getFileName().toString().startsWith("wildfly-"))
                    .findFirst()
                    .orElseThrow();
        }
    }

    /**
     * The driver module an operator's server may already have (as WildFly's guide makes one): module
     * org.postgresql with the archive's jar, and a jdbc-driver "postgresql" in the cluster profile.
     */
    private void addOperatorsOwnPostgresDriver(Path home) throws IOException {
        Path module = home.resolve("modules/org/postgresql/main");
        Files.createDirectories(module);
        Files.copy(installer.getParent().resolve("jdbc/postgresql.jar"), module.resolve("postgresql.jar"));
        Files.writeString(module.resolve("module.xml"), """
                <module xmlns="urn:jboss:module:1.9" name="org.postgresql">
                    <resources><resource-root path="postgresql.jar"/></resources>
                    <dependencies><module name="java.se"/><module name="jakarta.transaction.api"/></dependencies>
                </module>
                """);
        Command.of(home.resolve("bin/jboss-cli.sh").toString())
                .input("embed-server --server-config=" + CLUSTER + "\n"
                        + "/subsystem=datasources/jdbc-driver=postgresql:add(driver-name=postgresql,"
                        + " driver-module-name=org.postgresql, driver-class-name=org.postgresql.Driver)\n"
                        + "stop-embedded-server\n")
                .timeout(INSTALL_LIMIT)
                .output();
    }

    private Path clusterKey() throws IOException {
        Path key = harness.work().resolve("cluster-key.p12");
        if (!Files.exists(key)) {
            Path password = secret("cluster-password", "install-it-cluster-secret");
            Command.of(
                            installer
                                    .getParent()
                                    .resolve("scripts/cluster-node.sh")
                                    .toString(),
                            "--generate-cluster-key",
                            key.toString(),
                            "--cluster-password-file",
                            password.toString())
                    .timeout(INSTALL_LIMIT)
                    .output();
        }
        return key;
    }

    // --- settings as the template leads an operator to write them ----------------------------------

    private Map<String, String> singleSettings(int offset, int dnsPort) {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("jboss.bind.address", "127.0.0.1");
        settings.put("jboss.bind.address.noc", "127.0.0.1");
        settings.put("jboss.socket.binding.port-offset", Integer.toString(offset));
        settings.put("mmsrouter.mms.domains", "mms.operator.test");
        settings.put("mmsrouter.router.addresses", "127.0.0.1");
        settings.put("mmsrouter.dns.bind-address", "127.0.0.1");
        settings.put("mmsrouter.dns.port", Integer.toString(dnsPort));
        settings.put("mmsrouter.mmscs", "sim-a,sim-b");
        settings.put("mmsrouter.mmsc.sim-a.url", sims.url("sim-a"));
        settings.put("mmsrouter.mmsc.sim-b.url", sims.url("sim-b"));
        return settings;
    }

    /** Node {@code n} of two on this host: members 127.0.0.1:8820 and :8830 (JGroups 7600 + offset). */
    private Map<String, String> clusterSettings(int n, int offset) {
        Map<String, String> settings = singleSettings(offset, 16220 + n);
        settings.put("mmsrouter.router.addresses", "127.0.12." + n);
        settings.put("jboss.node.name", "node" + n);
        settings.put("jboss.tx.node.id", "node" + n);
        settings.put("jboss.bind.address.private", "127.0.0.1");
        settings.put("mmsrouter.cluster.jgroups.port", "7600");
        settings.put("mmsrouter.cluster.member.1.host", "127.0.0.1");
        settings.put("mmsrouter.cluster.member.1.port", "8820");
        settings.put("mmsrouter.cluster.member.2.host", "127.0.0.1");
        settings.put("mmsrouter.cluster.member.2.port", "8830");
        settings.put("mmsrouter.cluster.password", "install-it-cluster-secret");
        settings.put("mmsrouter.cluster.ha.journal", "node" + n);
        settings.put("mmsrouter.cluster.ha.backup-journal", "node" + (3 - n));
        settings.put("mmsrouter.db.url", postgres.jdbcUrl());
        settings.put("mmsrouter.db.user", postgres.user());
        settings.put("mmsrouter.db.password", postgres.password());
        return settings;
    }

    private static Map<String, String> with(Map<String, String> settings, String key, String value) {
        Map<String, String> changed = new LinkedHashMap<>(settings);
        changed.put(key, value);
        return changed;
    }

    private static Map<String, String> without(Map<String, String> settings, String key) {
        Map<String, String> changed = new LinkedHashMap<>(settings);
        changed.remove(key);
        return changed;
    }

    private Path settingsFile(String name, Map<String, String> settings) throws IOException {
        StringBuilder text = new StringBuilder("# written by InstallIT from node-settings.properties' keys\n");
        settings.forEach(
                (key, value) -> text.append(key).append('=').append(value).append('\n'));
        return secret(name + ".properties", text.toString());
    }

    private Path secret(String name, String content) throws IOException {
        Path file = harness.work().resolve(name);
        Files.deleteIfExists(file);
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(file, content.endsWith("\n") ? content : content + "\n");
        return file;
    }

    private static String mode(Path file) {
        try {
            return PosixFilePermissions.toString(Files.getPosixFilePermissions(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
