package org.mmsrouter.systemtest;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer.OrderAnnotation;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.function.Executable;
import org.mmsrouter.systemtest.harness.Await;
import org.mmsrouter.systemtest.harness.Cluster;
import org.mmsrouter.systemtest.harness.ClusterNode;
import org.mmsrouter.systemtest.harness.Command;
import org.mmsrouter.systemtest.harness.ExternalProcess;
import org.mmsrouter.systemtest.harness.Installation;
import org.mmsrouter.systemtest.harness.LogTail;
import org.mmsrouter.systemtest.harness.Ports;
import org.mmsrouter.systemtest.harness.Postgres;
import org.mmsrouter.systemtest.harness.ProcessSampler;
import org.mmsrouter.systemtest.harness.SystemHarness;
import org.mmsrouter.systemtest.harness.SystemTest;

/**
 * The cluster plane is closed (issue 17; docs/security/cluster-plane.md). Two nodes made with cluster-node.sh
 * from the cluster profile on PostgreSQL; each check tries the way in as an attacker would:
 * <ul>
 * <li>cluster-node.sh refuses a cluster key others can read and a key the cluster password does not open;
 * the files it writes (properties, key) are mode 600;</li>
 * <li>no AJP (8009 + offset closed, the HTTP port open as the control); the admin API only on the TLS
 * management listener;</li>
 * <li>JGroups: a would-be member ({@code JGroupsProbe.java}: the server's own JGroups, the same stack) does
 * not join the nodes' view without the key, with another key, or with the key but a wrong AUTH password;
 * the control (key and password) does join, so the refusals are the key's and the password's doing;</li>
 * <li>the registry connections are TLS when PostgreSQL offers it (skipped, saying so, when it does not);</li>
 * <li>no secret in any process's arguments (every process's /proc/PID/cmdline sampled 5 times a second) while the nodes are made, run and
 * node-1 is restarted with cluster-restart.sh as a management user; a CLI with a wrong password is refused.</li>
 * </ul>
 * Ports: offsets 1000/1100 (HTTP 9080/9180, management 10990/11090, AJP would be 9009/9109), JGroups
 * 21600/21700, probes 21800-21807, DNS 17053/17153. {@code -Dcluster.restart=false} skips the restart.
 */
@SystemTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(OrderAnnotation.class)
class ClusterSecurityIT {

    @RegisterExtension
    static final SystemHarness harness = new SystemHarness();

    private static final int[] OFFSETS = {1000, 1100};
    /** Each probe: a port and the next (FD_SOCK2). */
    private static final int PROBE_BASE = 21800;

    private static final boolean RESTART = Boolean.parseBoolean(System.getProperty("cluster.restart", "true"));
    private static final String MANAGEMENT_USER = "e2e-admin";

    private final Postgres db = Postgres.fromEnvironment();
    private Cluster cluster;
    private Path otherKey;
    private Path otherPassword;
    private Path managementPassword;
    private ProcessSampler sampler;
    private boolean dbTls;
    private int probes;
    private long startedAt;

    @BeforeAll
    void secrets() {
        startedAt = System.nanoTime();
        cluster = Cluster.create(harness, db, OFFSETS);
        otherPassword = harness.work().resolve("other-password");
        otherKey = harness.work().resolve("other-key.p12");
        cluster.secret(otherPassword, "other-" + UUID.randomUUID());
        cluster.removeAfterwards(otherKey);
        cluster.nodeScript(
                        "--generate-cluster-key",
                        otherKey.toString(),
                        "--cluster-password-file",
                        otherPassword.toString())
                .requireSuccess();
    }

    @Test
    @Order(1)
    void theGeneratedKeyIsMode600() {
        assertEquals(
                "rw-------",
                mode(cluster.clusterKey()),
                "--generate-cluster-key made the key mode " + mode(cluster.clusterKey()));
    }

    @Test
    @Order(2)
    void clusterNodeRefusesAKeyOthersCanRead() throws IOException {
        Path key644 = harness.work().resolve("key-644.p12");
        cluster.removeAfterwards(key644);
        Files.copy(cluster.clusterKey(), key644);
        Files.setPosixFilePermissions(key644, PosixFilePermissions.fromString("rw-r--r--"));
        assertRefused(key644, "a secret must be readable by its owner only");
    }

    @Test
    @Order(3)
    void clusterNodeRefusesAKeyTheClusterPasswordDoesNotOpen() {
        assertRefused(otherKey, "is not a cluster key that");
    }

    @Test
    @Order(4)
    void theNodesSecretFilesAreMode600() {
        sampler = harness.track(ProcessSampler.start(harness.work().resolve("ps.log"), Duration.ofMillis(200)));
        dbTls = db.offersTls();
        cluster.prepare(db.jdbcUrl(dbTls));
        List<Executable> checks = new ArrayList<>();
        for (ClusterNode node : cluster.nodes()) {
            for (String file : List.of("cluster-node.properties", "cluster-key.p12")) {
                Path path = node.base().resolve("configuration").resolve(file);
                checks.add(() ->
                        assertEquals("rw-------", mode(path), node.name() + "'s " + file + " is mode " + mode(path)));
            }
        }
        assertAll(checks);
    }

    @Test
    @Order(5)
    void bothNodesEncryptedViewHasTheTwoOfThem() {
        cluster.startInTurn(Duration.ofSeconds(120));
        Await.until(
                "both nodes' JGroups view (SYM_ENCRYPT + AUTH) has the two of them",
                Duration.ofSeconds(60),
                this::twoMembers);
    }

    @Test
    @Order(6)
    void bothBackupsStandBy() {
        Await.until(
                "both backup brokers stand by for the other node's journal",
                Duration.ofSeconds(60),
                () -> cluster.node(1).backupStandingBy(1) && cluster.node(2).backupStandingBy(1));
    }

    @Test
    @Order(7)
    void noAjp() {
        assertAll(cluster.nodes().stream().map(node -> (Executable) () -> {
            int http = node.router().httpPort();
            int ajp = 8009 + node.router().offset();
            assertTrue(
                    Ports.listening(http) && !Ports.listening(ajp),
                    node.name() + ": AJP port " + ajp + " open, or HTTP port " + http + " closed");
        }));
    }

    @Test
    @Order(8)
    void theAdminApiIsOnlyOnTheTlsManagementListener() {
        // As in the single-node profile (ManagementPlaneSecurityIT): 404 on the subscriber listener, a login on "noc".
        assertAll(cluster.nodes().stream().map(node -> (Executable) () -> {
            String plain = status("http://127.0.0.1:" + node.router().httpPort() + "/admin/api/session");
            String tls = status("https://127.0.0.1:" + node.router().nocPort() + "/admin/api/session");
            assertTrue(
                    plain.equals("404") && tls.equals("401"),
                    node.name() + ": /admin answered " + plain + " on the subscriber listener and " + tls
                            + " on the management listener (404 and 401 expected)");
        }));
    }

    @Test
    @Order(9)
    void theRegistryConnectionsAreTls() {
        Assumptions.assumeTrue(
                dbTls,
                "PostgreSQL over TLS: the server at " + db.host() + ":" + db.port()
                        + " has ssl = off (docs/security/cluster-plane.md)");
        String[] counts = db.query(
                        "select count(*) filter (where s.ssl), count(*) filter (where not s.ssl) from pg_stat_ssl s"
                                + " join pg_stat_activity a using (pid) where a.usename = current_user and a.application_name = 'PostgreSQL JDBC Driver'")
                .split("\\|");
        harness.figure("the nodes' PostgreSQL connections: %s encrypted, %s plain", counts[0], counts[1]);
        assertTrue(
                Integer.parseInt(counts[0]) > 0 && Integer.parseInt(counts[1]) == 0,
                "the nodes' PostgreSQL connections (encrypted|plain): " + String.join("|", counts));
    }

    @Test
    @Order(10)
    void aMemberWithoutKeyOrPasswordIsKeptOut() {
        probe("a member without the key or password (the stack as the issue found it)", false);
    }

    @Test
    @Order(11)
    void aMemberWithAnotherKeyIsKeptOut() {
        probe(
                "a member with another cluster key (and the right AUTH password)",
                false,
                otherKey,
                otherPassword,
                cluster.clusterPassword());
    }

    @Test
    @Order(12)
    void aMemberWithTheKeyButAWrongAuthPasswordIsKeptOut() {
        probe(
                "a member with the cluster key but a wrong AUTH password",
                false,
                cluster.clusterKey(),
                cluster.clusterPassword(),
                otherPassword);
    }

    @Test
    @Order(13)
    void controlAMemberWithKeyAndPasswordJoins() {
        probe(
                "control: the same probe with the cluster key and password",
                true,
                cluster.clusterKey(),
                cluster.clusterPassword(),
                cluster.clusterPassword());
        Await.until("the nodes' view is back to the two of them", Duration.ofSeconds(30), this::twoMembers);
    }

    @Test
    @Order(14)
    void aManagementCliWithAWrongPasswordIsRefused() throws IOException {
        managementPassword = harness.work().resolve("mgmt-password");
        String password = "mgmt-" + UUID.randomUUID();
        cluster.secret(managementPassword, password);
        for (ClusterNode node : cluster.nodes()) {
            // The user add-user.sh -m would add (HEX(MD5(user:realm:password))), without a command line.
            Files.writeString(
                    node.base().resolve("configuration/mgmt-users.properties"),
                    "\n" + MANAGEMENT_USER + "=" + md5(MANAGEMENT_USER + ":ManagementRealm:" + password) + "\n",
                    StandardOpenOption.APPEND);
        }
        Path wrong = harness.work().resolve("wrong-client.xml");
        Files.writeString(wrong, """
                <configuration><authentication-client xmlns="urn:elytron:client:1.7">
                  <authentication-rules><rule use-configuration="c"/></authentication-rules>
                  <authentication-configurations><configuration name="c"><sasl-mechanism-selector selector="DIGEST-MD5"/>
                    <set-user-name name="%s"/><credentials><clear-password password="not-%s"/></credentials>
                  </configuration></authentication-configurations></authentication-client></configuration>
                """.formatted(MANAGEMENT_USER, password));
        Command.Result cli = Command.of(
                        Installation.server().resolve("bin/jboss-cli.sh").toString(),
                        "--connect",
                        "--controller=" + cluster.node(1).controller(),
                        "--command=:read-attribute(name=server-state)")
                .env("JAVA_OPTS", "-Dwildfly.config.url=" + wrong)
                .run();
        assertFalse(
                cli.succeeded(),
                "a management CLI with a wrong password in its client configuration was let in: " + cli.output());
    }

    @Test
    @Order(15)
    void clusterRestartAuthenticatesFromAPasswordFileAndLeavesNothingBehind() throws IOException {
        Assumptions.assumeTrue(RESTART, "restart skipped (-Dcluster.restart=false)");
        FileTime since = Files.getLastModifiedTime(managementPassword);
        harness.figure(
                "node-1 restarted by cluster-restart.sh as %s in %s",
                MANAGEMENT_USER,
                Await.seconds(cluster.restart(
                        1, "--user", MANAGEMENT_USER, "--password-file", managementPassword.toString())));
        Await.until("node-1 rejoined the encrypted view", Duration.ofSeconds(60), this::twoMembers);
        try (Stream<Path> tmp = Files.list(Path.of("/tmp"))) {
            List<Path> leftover = tmp.filter(p -> p.getFileName().toString().startsWith("cluster-restart-client."))
                    .filter(p -> modifiedAfter(p, since))
                    .toList();
            assertTrue(leftover.isEmpty(), "cluster-restart.sh left client configurations in /tmp: " + leftover);
        }
    }

    @Test
    @Order(16)
    void noSecretInAnyProcesssArguments() throws IOException {
        sampler.close();
        List<String> sampled = sampler.lines();
        String work = harness.work().toString();
        String server = Installation.server().toString();
        Set<String> ours = sampled.stream()
                .filter(l -> l.contains(work) || l.contains(server))
                .collect(Collectors.toSet());
        harness.figure("/proc sampled %d lines, %d distinct of this test's processes", sampled.size(), ours.size());
        boolean sawAll = (!RESTART || ours.stream().anyMatch(l -> l.contains("cluster-restart.sh")))
                && ours.stream().anyMatch(l -> l.contains("cluster-node.sh"))
                && ours.stream().anyMatch(l -> l.contains("jboss.server.base.dir"));
        assertTrue(sawAll, "the process sampler missed the scripts or nodes: its check would prove nothing");
        List<String> secrets = new ArrayList<>();
        for (Path file : List.of(cluster.clusterPassword(), managementPassword, otherPassword)) {
            secrets.add(Files.readString(file).trim());
        }
        Set<String> leaks = sampled.stream()
                .filter(l -> secrets.stream().anyMatch(l::contains))
                .collect(Collectors.toSet());
        ours.stream()
                .filter(l -> l.matches("(?i).*(--password[= ]|password=).*"))
                .forEach(leaks::add);
        assertTrue(leaks.isEmpty(), "secrets in process arguments: " + leaks);
        harness.figure("total %s", Await.seconds(Duration.ofNanos(System.nanoTime() - startedAt)));
    }

    /**
     * A would-be member holding {@code secrets} (key store, its password file, AUTH password file; or none)
     * tries to join for 8 s while node-1's view is polled: {@code joins} expects it in node-1's view and
     * the view it saw holding three; otherwise node-1's view stays at two and the probe got no view of
     * two or three.
     */
    private void probe(String description, boolean joins, Path... secrets) {
        int port = PROBE_BASE + 2 * probes;
        Path out = harness.work().resolve("probe-" + probes + ".txt");
        probes++;
        String cp = jar("org/jgroups/main", "jgroups-") + ":"
                + jar("org/jboss/as/clustering/jgroups/main", "wildfly-clustering-jgroups-extension-");
        String clusterName = cluster.node(1).cliResult("/subsystem=jgroups/channel=ee:read-attribute(name=cluster)");
        List<String> command = new ArrayList<>(List.of(
                "java",
                "-cp",
                cp,
                Installation.project()
                        .resolve("system-tests/src/test/probe/JGroupsProbe.java")
                        .toString(),
                clusterName,
                Integer.toString(port),
                cluster.members()));
        Stream.of(secrets).map(Path::toString).forEach(command::add);
        ExternalProcess probe =
                harness.track(ExternalProcess.start("probe " + probes, command, Map.of(), harness.work(), out));
        int most = 0;
        for (int i = 0; i < 5; i++) {
            Await.pause(Duration.ofMillis(1500));
            most = Math.max(most, cluster.node(1).viewMembers());
        }
        probe.waitFor(Duration.ofSeconds(60));
        probe.close();
        String seen = LogTail.linesFrom(out, 1).stream()
                .filter(l -> l.startsWith("VIEW") || l.startsWith("REFUSED"))
                .findFirst()
                .orElse("no answer (log " + out + ")");
        harness.figure("%s: node-1's view at most %d members; probe: %s", description, most, seen);
        if (joins) {
            assertTrue(
                    most == 3 && seen.startsWith("VIEW 3 "),
                    description + ": did not join (node-1's view at most " + most + " members; probe: " + seen + ")");
        } else {
            assertTrue(
                    most == 2 && !seen.startsWith("VIEW 3 ") && !seen.startsWith("VIEW 2 "),
                    description + ": got in (node-1's view up to " + most + " members; probe: " + seen + ")");
        }
    }

    /** cluster-node.sh, given {@code key}, exits 2 saying {@code why} and writes no properties. */
    private void assertRefused(Path key, String why) {
        Path base = harness.work().resolve("refused");
        Command.Result result = cluster.nodeScript(
                "--server",
                Installation.server().toString(),
                "--name",
                "nodeX",
                "--base",
                base.toString(),
                "--backup-of",
                "node1",
                "--members",
                "127.0.0.1:1,127.0.0.1:2",
                "--cluster-password-file",
                cluster.clusterPassword().toString(),
                "--cluster-key",
                key.toString(),
                "--db-url",
                "jdbc:postgresql://127.0.0.1/x",
                "--db-user",
                "x",
                "--db-password-file",
                cluster.dbPassword().toString());
        assertTrue(
                result.exitCode() == 2
                        && result.output().contains(why)
                        && !Files.exists(base.resolve("configuration/cluster-node.properties")),
                "cluster-node.sh took the key " + key + ": exit " + result.exitCode() + ", " + result.output());
    }

    private boolean twoMembers() {
        return cluster.node(1).viewMembers() == 2 && cluster.node(2).viewMembers() == 2;
    }

    private static String jar(String module, String prefix) {
        Path directory =
                Installation.server().resolve("modules/system/layers/base").resolve(module);
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(p -> p.getFileName().toString().startsWith(prefix)
                            && p.toString().endsWith(".jar"))
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException("no " + prefix + "*.jar in " + directory))
                    .toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The HTTP status curl gets (TLS certificate not checked: only the answer matters here). */
    private static String status(String url) {
        return Command.of(
                        "curl",
                        "-s",
                        "-o",
                        "/dev/null",
                        "-w",
                        "%{http_code}",
                        "--noproxy",
                        "*",
                        "--max-time",
                        "10",
                        "-k",
                        url)
                .run()
                .output()
                .trim();
    }

    private static String mode(Path file) {
        try {
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
            return PosixFilePermissions.toString(permissions);
        } catch (IOException e) {
            return "unreadable (" + e + ")";
        }
    }

    private static boolean modifiedAfter(Path file, FileTime since) {
        try {
            return Files.getLastModifiedTime(file).compareTo(since) > 0;
        } catch (IOException e) {
            return false;
        }
    }

    private static String md5(String text) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("MD5").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
