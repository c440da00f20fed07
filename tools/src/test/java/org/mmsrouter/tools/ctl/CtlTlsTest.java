package org.mmsrouter.tools.ctl;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code mmsrouterctl}'s trust in the management listener's certificate, against an HTTPS server with
 * key pairs made by the JDK's keytool: a self-signed one naming {@code localhost} as the node generates
 * (pinned with {@code --trust}: accepted under any URL host), and one signed by a CA (chained: the host
 * name must match). Without trust, or trusting another certificate, the exit is 4.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CtlTlsTest {

    private static final String STORE_PASSWORD = "changeit";

    @TempDir
    static Path dir;

    private FakeAdminApi selfSigned;
    private FakeAdminApi caSigned;
    private String out;
    private String err;

    @BeforeAll
    void makeKeysAndServers() throws Exception {
        keytool(
                "-genkeypair",
                "-alias",
                "noc",
                "-keyalg",
                "RSA",
                "-keysize",
                "2048",
                "-dname",
                "CN=localhost",
                "-validity",
                "2",
                "-keystore",
                store("noc.p12"));
        keytool("-exportcert", "-rfc", "-alias", "noc", "-keystore", store("noc.p12"), "-file", file("noc.pem"));
        keytool(
                "-genkeypair",
                "-alias",
                "other",
                "-keyalg",
                "RSA",
                "-keysize",
                "2048",
                "-dname",
                "CN=localhost",
                "-validity",
                "2",
                "-keystore",
                store("other.p12"));
        keytool("-exportcert", "-rfc", "-alias", "other", "-keystore", store("other.p12"), "-file", file("other.pem"));
        // A CA and a server key pair it signs (CN=localhost): trusted through the chain, not pinned.
        keytool(
                "-genkeypair",
                "-alias",
                "ca",
                "-keyalg",
                "RSA",
                "-keysize",
                "2048",
                "-dname",
                "CN=NOC CA",
                "-ext",
                "bc:c",
                "-validity",
                "2",
                "-keystore",
                store("ca.p12"));
        keytool("-exportcert", "-rfc", "-alias", "ca", "-keystore", store("ca.p12"), "-file", file("ca.pem"));
        keytool(
                "-genkeypair",
                "-alias",
                "server",
                "-keyalg",
                "RSA",
                "-keysize",
                "2048",
                "-dname",
                "CN=localhost",
                "-validity",
                "2",
                "-keystore",
                store("server.p12"));
        keytool("-certreq", "-alias", "server", "-keystore", store("server.p12"), "-file", file("server.csr"));
        keytool(
                "-gencert",
                "-alias",
                "ca",
                "-keystore",
                store("ca.p12"),
                "-infile",
                file("server.csr"),
                "-outfile",
                file("server.pem"),
                "-rfc",
                "-validity",
                "2",
                "-ext",
                "san=dns:localhost");
        keytool("-importcert", "-noprompt", "-alias", "ca", "-file", file("ca.pem"), "-keystore", store("server.p12"));
        keytool("-importcert", "-alias", "server", "-file", file("server.pem"), "-keystore", store("server.p12"));

        selfSigned = https("noc.p12");
        caSigned = https("server.p12");
        selfSigned.answer("GET", "/mmscs", 200, CtlMainTest.MMSCS);
        caSigned.answer("GET", "/mmscs", 200, CtlMainTest.MMSCS);
    }

    @AfterAll
    void stop() {
        selfSigned.close();
        caSigned.close();
    }

    @Test
    void withoutTrustTheNodesOwnCertificateIsRefusedWithExit4() {
        assertEquals(ExitCode.CONNECT, ctl(Map.of(), "--url", url("127.0.0.1", selfSigned), "mmscs"));
        assertTrue(err.startsWith("mmsrouterctl: TLS with https://127.0.0.1:") && err.contains("--trust FILE"), err);
        assertEquals(1, err.lines().count(), err);
    }

    @Test
    void thePinnedCertificateIsTrustedUnderAnyHostOfTheUrl() {
        assertEquals(0, ctl(Map.of(), "--url", url("127.0.0.1", selfSigned), "--trust", file("noc.pem"), "mmscs"), err);
        assertEquals(0, ctl(Map.of(), "--url", url("localhost", selfSigned), "--trust", file("noc.pem"), "mmscs"), err);
        assertEquals(
                0,
                ctl(Map.of("MMSROUTER_TRUST", file("noc.pem")), "--url", url("127.0.0.1", selfSigned), "mmscs"),
                err);
        assertEquals(
                0,
                ctl(
                        Map.of("MMSROUTER_TRUST_PASSWORD", STORE_PASSWORD),
                        "--url",
                        url("127.0.0.1", selfSigned),
                        "--trust",
                        file("noc.p12"),
                        "mmscs"),
                err);
    }

    @Test
    void anotherCertificateIsNotTrusted() {
        assertEquals(
                ExitCode.CONNECT,
                ctl(Map.of(), "--url", url("localhost", selfSigned), "--trust", file("other.pem"), "mmscs"));
        assertEquals(
                ExitCode.USAGE,
                ctl(Map.of(), "--url", url("localhost", selfSigned), "--trust", file("server.csr"), "mmscs"),
                "a file without a certificate");
    }

    @Test
    void aChainedCertificateMustNameTheHost() {
        assertEquals(0, ctl(Map.of(), "--url", url("localhost", caSigned), "--trust", file("ca.pem"), "mmscs"), err);
        assertEquals(
                ExitCode.CONNECT,
                ctl(Map.of(), "--url", url("127.0.0.1", caSigned), "--trust", file("ca.pem"), "mmscs"),
                "127.0.0.1 is not in the certificate");
        assertTrue(err.contains("TLS"), err);
    }

    @Test
    void insecureOnlyTowardsLoopback() {
        assertEquals(0, ctl(Map.of(), "--url", url("127.0.0.1", selfSigned), "--insecure", "mmscs"), err);
        assertEquals(
                ExitCode.USAGE,
                ctl(
                        Map.of(),
                        "--url",
                        url("127.0.0.1", selfSigned),
                        "--insecure",
                        "--trust",
                        file("noc.pem"),
                        "mmscs"));
    }

    private int ctl(Map<String, String> extraEnv, String... args) {
        Map<String, String> env =
                new HashMap<>(Map.of("MMSROUTER_USER", FakeAdminApi.USER, "MMSROUTER_PASSWORD", FakeAdminApi.PASSWORD));
        env.putAll(extraEnv);
        CtlRun run = CtlRun.of(env, "", args);
        out = run.out();
        err = run.err();
        return run.code();
    }

    private static String url(String host, FakeAdminApi server) {
        return "https://" + host + ":" + server.port();
    }

    private FakeAdminApi https(String keyStore) throws IOException, GeneralSecurityException {
        KeyStore keys = KeyStore.getInstance(dir.resolve(keyStore).toFile(), STORE_PASSWORD.toCharArray());
        KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        factory.init(keys, STORE_PASSWORD.toCharArray());
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(factory.getKeyManagers(), null, null);
        HttpsServer server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(context));
        return FakeAdminApi.start(server);
    }

    private String store(String name) {
        return dir.resolve(name).toString();
    }

    private String file(String name) {
        return dir.resolve(name).toString();
    }

    private void keytool(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        command.addAll(List.of("-storepass", STORE_PASSWORD, "-storetype", "PKCS12"));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + ":\n" + output);
        }
    }
}
