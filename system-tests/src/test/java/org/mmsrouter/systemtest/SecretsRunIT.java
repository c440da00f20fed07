package org.mmsrouter.systemtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer.OrderAnnotation;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.mmsrouter.systemtest.harness.Await;
import org.mmsrouter.systemtest.harness.ExternalProcess;
import org.mmsrouter.systemtest.harness.Installation;
import org.mmsrouter.systemtest.harness.LogTail;
import org.mmsrouter.systemtest.harness.Ports;
import org.mmsrouter.systemtest.harness.ProcessSampler;
import org.mmsrouter.systemtest.harness.SystemHarness;
import org.mmsrouter.systemtest.harness.SystemTest;

/**
 * Secrets (issue 17): while {@code ./run.sh --no-build} adds its console user, starts WildFly and the
 * simulators, no process's arguments hold a secret (the console password, the NOC key store's password,
 * the embedded database's password), and the files holding secrets are owner-only. Every process's
 * arguments are sampled every 0.1 s from before run.sh starts until the router answers (and 2 s more);
 * the samples are searched afterwards. run.sh runs from the project root on its own ports (8080, 9443,
 * 9990, 5353, 18080-18082) with a fresh console user, and is stopped by its PID (SIGTERM: its trap
 * stops WildFly and the simulators), whatever of its children is left killed by PID.
 */
@SystemTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(OrderAnnotation.class)
class SecretsRunIT {

    @RegisterExtension
    static final SystemHarness harness = new SystemHarness();

    private static final Duration START_LIMIT = Duration.ofSeconds(120);
    private static final List<Integer> RUN_PORTS = List.of(8080, 9443, 9990, 18080, 18081, 18082);

    private final Path config = Installation.server().resolve("standalone/configuration");
    private final Path passwordFile = Installation.project().resolve("target/run/console-password");
    // The realm keeps user noc in n/o/noc-NZXWG.xml: the name, then its base32 form.
    private final Path userFile = config.resolve("mms-router-users/n/o/noc-NZXWG.xml");
    private ProcessSampler sampler;
    private String consolePassword;
    private String keystorePassword;
    private String databasePassword;

    @BeforeAll
    void runTheRouterWhileSampling() throws IOException {
        for (int port : RUN_PORTS) {
            assertFalse(Ports.listening(port), "port " + port + " is free for run.sh (something else listens on it)");
        }
        // A fresh console user: run.sh makes the password and adds the user as on a first run.
        Files.deleteIfExists(passwordFile);
        Files.deleteIfExists(userFile);

        sampler = harness.track(ProcessSampler.start(harness.work().resolve("ps-samples"), Duration.ofMillis(100)));
        Path out = harness.work().resolve("run.out");
        harness.log("run.sh", out);
        harness.log("WildFly (run.sh)", Installation.server().resolve("standalone/log/server.log"));
        ExternalProcess run = ExternalProcess.start(
                "run.sh", List.of("./run.sh", "--no-build"), Map.of(), Installation.project(), out);
        harness.track((AutoCloseable) () -> run.stopWithDescendants(Duration.ofSeconds(60)));
        Duration started = Await.until("run.sh prints 'MMS Router is running'", START_LIMIT, () -> {
            if (!run.isAlive()) {
                throw new AssertionError("run.sh exited:\n" + LogTail.of(out, 30));
            }
            return LogTail.contains(out, 1, "MMS Router is running");
        });
        Await.pause(Duration.ofSeconds(2)); // the processes of a running router sampled as well
        sampler.close();
        harness.figure(
                "router running after %s; %d process lines sampled in %d samples",
                Await.seconds(started), sampler.lines().size(), sampler.samples());

        consolePassword = Files.readString(passwordFile).strip();
        String standalone = Files.readString(config.resolve("standalone-full.xml"));
        keystorePassword = first(Pattern.compile("mmsrouter\\.noc\\.keystore\\.password:([^}]*)}"), standalone);
        int datasource = standalone.indexOf("pool-name=\"MmsRouterDS\"");
        String datasourceLines = datasource < 0
                ? ""
                : String.join(
                        "\n", standalone.substring(datasource).lines().limit(13).toList());
        databasePassword =
                first(Pattern.compile("<security user-name=\"[^\"]*\" password=\"([^\"]*)\""), datasourceLines);
    }

    @Order(1)
    @Test
    void theConsolePasswordExists() {
        harness.figure("console password: %d chars", consolePassword.length());
        assertTrue(consolePassword.length() >= 12, "console password of " + consolePassword.length() + " chars");
    }

    @Order(2)
    @Test
    void theNocKeyStorePasswordIsPerInstall() {
        harness.figure("NOC key store password: %d chars", keystorePassword.length());
        assertTrue(keystorePassword.length() >= 24, "key store password of " + keystorePassword.length() + " chars");
        assertFalse(keystorePassword.contains("@"), "the build replaced the key store password's placeholder");
    }

    @Order(3)
    @Test
    void theEmbeddedDatabasePasswordIsPerInstall() {
        harness.figure("embedded database password: %d chars", databasePassword.length());
        assertTrue(databasePassword.length() >= 24, "database password of " + databasePassword.length() + " chars");
        assertNotEquals("sa", databasePassword);
    }

    @Order(4)
    @Test
    void noProcessArgumentHoldsTheConsolePassword() {
        assertFalse(sampler.anyContains(consolePassword), "a process's arguments held the console password");
    }

    @Order(5)
    @Test
    void noProcessArgumentHoldsTheKeyStorePassword() {
        assertFalse(sampler.anyContains(keystorePassword), "a process's arguments held the key store password");
    }

    @Order(6)
    @Test
    void noProcessArgumentHoldsTheDatabasePassword() {
        assertFalse(sampler.anyContains(databasePassword), "a process's arguments held the database password");
    }

    @Order(7)
    @Test
    void theUserToolRanWhileSampled() {
        assertTrue(
                sampler.anyContains("mmsrouter-user") || sampler.anyContains("jboss-cli"),
                "the samples caught the user tool (else the checks above prove nothing about it)");
    }

    @Order(8)
    @Test
    void theConsolePasswordFileIsOwnerOnly() throws IOException {
        assertMode("600", passwordFile);
    }

    @Order(9)
    @Test
    void theConfigurationDirectoryIsOwnerOnly() throws IOException {
        assertMode("700", config);
    }

    @Order(10)
    @Test
    void standaloneFullXmlIsOwnerOnly() throws IOException {
        assertMode("600", config.resolve("standalone-full.xml"));
    }

    @Order(11)
    @Test
    void theConsoleUsersFileIsOwnerOnly() throws IOException {
        assertMode("600", userFile);
    }

    @Order(12)
    @Test
    void itsPasswordIsASaltedBcryptHash() throws IOException {
        String user = Files.readString(userFile);
        assertTrue(user.contains("algorithm=\"bcrypt\""), "bcrypt in " + userFile);
        assertFalse(user.contains(consolePassword), "the console password in clear in " + userFile);
    }

    @Order(13)
    @Test
    void theGeneratedNocKeyStoreExistsAndIsOwnerOnly() throws IOException {
        Path keystore = config.resolve("mms-router-noc.p12");
        assertTrue(Files.isRegularFile(keystore), keystore + " exists");
        assertMode("600", keystore);
    }

    private void assertMode(String expected, Path file) throws IOException {
        String mode = mode(Files.getPosixFilePermissions(file));
        harness.figure("%s is %s", Installation.project().relativize(file), mode);
        assertEquals(expected, mode, file.toString());
    }

    /** The octal mode, as {@code stat -c %a} prints it. */
    private static String mode(Set<PosixFilePermission> permissions) {
        int mode = 0;
        for (PosixFilePermission permission : permissions) {
            mode |= 1 << (8 - permission.ordinal());
        }
        return Integer.toOctalString(mode);
    }

    private static String first(Pattern pattern, String text) {
        Matcher matcher = pattern.matcher(text);
        return matcher.find() ? matcher.group(1) : "";
    }
}
