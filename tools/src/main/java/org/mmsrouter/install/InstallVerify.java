package org.mmsrouter.install;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Hashtable;
import java.util.List;
import java.util.function.IntFunction;
import java.util.function.Supplier;
import javax.naming.Context;
import javax.naming.NamingException;
import javax.naming.directory.Attribute;
import javax.naming.directory.InitialDirContext;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * The installer's last step: asks a started node whether it works as the installation guide promises —
 * the router deployed (the deployment scanner's marker), a DNS answer for the MMS domain over real UDP, MM1
 * answering on the subscriber listener, and a console login on the NOC listener. Each check prints one
 * line; any failure makes the run fail.
 */
public final class InstallVerify {

    /** What to ask and where. */
    public record Target(
            Path deployments,
            String dnsServer,
            int dnsPort,
            String domain,
            URI mm1,
            URI noc,
            String user,
            String password,
            Duration deploymentWait) {}

    /** One check's outcome. */
    public record Outcome(String check, boolean ok, String detail) {
        @Override
        public String toString() {
            return (ok ? "ok      " : "FAILED  ") + check + ": " + detail;
        }
    }

    private InstallVerify() {}

    /** Runs every check; the deployment is waited for up to {@link Target#deploymentWait}. */
    public static List<Outcome> run(Target target) {
        List<Outcome> outcomes = new ArrayList<>();
        Outcome deployed = deployment(target);
        outcomes.add(deployed);
        if (!deployed.ok()) {
            return outcomes;
        }
        outcomes.add(settled(() -> dns(target)));
        outcomes.add(settled(() -> mm1(target)));
        outcomes.add(login(target)); // once: a wrong password tried again would be throttled
        return outcomes;
    }

    private static Outcome deployment(Target target) {
        Path marker = target.deployments().resolve("mms-router.ear.deployed");
        Path failed = target.deployments().resolve("mms-router.ear.failed");
        long deadline = System.nanoTime() + target.deploymentWait().toNanos();
        Path ear = target.deployments().resolve("mms-router.ear");
        while (System.nanoTime() < deadline) {
            // A marker older than the EAR is the previous version's: the scanner has not redeployed yet.
            if (Files.exists(marker) && !olderThan(marker, ear)) {
                return new Outcome("deployment", true, marker + " exists");
            }
            if (Files.exists(failed)) {
                return new Outcome("deployment", false, failed + ": " + readQuietly(failed));
            }
            pause();
        }
        return new Outcome(
                "deployment",
                false,
                "no " + marker + " after " + target.deploymentWait().toSeconds() + " s (is the server started?)");
    }

    private static boolean olderThan(Path file, Path other) {
        try {
            return Files.exists(other)
                    // in milliseconds: the scanner stamps its marker with the deployment's time, so truncated
                    && Files.getLastModifiedTime(file).toMillis()
                            < Files.getLastModifiedTime(other).toMillis();
        } catch (IOException e) {
            return false;
        }
    }

    /** A check that may fail while the node finishes starting: tried again for up to 15 s. */
    private static Outcome settled(Supplier<Outcome> check) {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        Outcome outcome = check.get();
        while (!outcome.ok() && System.nanoTime() < deadline) {
            pause();
            outcome = check.get();
        }
        return outcome;
    }

    private static Outcome dns(Target target) {
        Hashtable<String, String> environment = new Hashtable<>();
        environment.put(Context.INITIAL_CONTEXT_FACTORY, "com.sun.jndi.dns.DnsContextFactory");
        environment.put(Context.PROVIDER_URL, "dns://" + hostForUri(target.dnsServer()) + ":" + target.dnsPort());
        environment.put("com.sun.jndi.dns.timeout.initial", "2000");
        environment.put("com.sun.jndi.dns.timeout.retries", "2");
        String where = target.domain() + " A at " + target.dnsServer() + ":" + target.dnsPort();
        try {
            InitialDirContext context = new InitialDirContext(environment);
            try {
                Attribute a = context.getAttributes(target.domain(), new String[] {"A"})
                        .get("A");
                if (a == null || a.size() == 0) {
                    return new Outcome("dns", false, where + ": no A record in the answer");
                }
                List<String> addresses = new ArrayList<>();
                for (int i = 0; i < a.size(); i++) {
                    addresses.add(String.valueOf(a.get(i)));
                }
                return new Outcome("dns", true, where + " -> " + String.join(", ", addresses));
            } finally {
                context.close();
            }
        } catch (NamingException e) {
            return new Outcome("dns", false, where + ": " + e);
        }
    }

    private static Outcome mm1(Target target) {
        return get("mm1", target.mm1(), false, "", status -> "");
    }

    private static Outcome login(Target target) {
        URI overview = target.noc().resolve("/admin/api/overview");
        if (!isLoopback(overview.getHost())) {
            return new Outcome(
                    "console login",
                    false,
                    overview.getHost() + " is not this host: the check sends the password only to a loopback"
                            + " address (the node's own certificate is not verified there)");
        }
        String credentials = Base64.getEncoder()
                .encodeToString((target.user() + ":" + target.password()).getBytes(StandardCharsets.UTF_8));
        return get(
                "console login",
                overview,
                true,
                "Basic " + credentials,
                status -> status == 401 ? " (user or password wrong)" : "");
    }

    /**
     * One GET that must answer 200; {@code authorization} is the header's value ("" for none) and
     * {@code hint} adds a word on a status that is not 200.
     */
    private static Outcome get(
            String check, URI uri, boolean ownNocCertificate, String authorization, IntFunction<String> hint) {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).GET();
        if (!authorization.isEmpty()) {
            request.header("Authorization", authorization);
        }
        try {
            int status = client(ownNocCertificate)
                    .send(request.build(), HttpResponse.BodyHandlers.discarding())
                    .statusCode();
            boolean ok = status == 200;
            String why = ok ? "" : hint.apply(status).isEmpty() ? " (200 expected)" : hint.apply(status);
            return new Outcome(check, ok, "GET " + uri + " -> HTTP " + status + why);
        } catch (IOException e) {
            return new Outcome(check, false, "GET " + uri + ": " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Outcome(check, false, "interrupted");
        }
    }

    /**
     * A client; for the NOC listener on this host one that takes the node's self-signed certificate
     * (generated on first start): the check proves the login works, the operator's trust in the
     * certificate is another matter (docs/security/management-plane.md).
     */
    private static HttpClient client(boolean ownNocCertificate) {
        HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5));
        if (ownNocCertificate) {
            try {
                SSLContext context = SSLContext.getInstance("TLS");
                context.init(null, new TrustManager[] {new ThisHostsCertificate()}, new SecureRandom());
                builder.sslContext(context);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }
        return builder.build();
    }

    private static boolean isLoopback(String host) {
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (IOException e) {
            return false;
        }
    }

    private static String hostForUri(String host) {
        return host.contains(":") ? "[" + host + "]" : host;
    }

    private static String readQuietly(Path file) {
        try {
            return Files.readString(file).strip();
        } catch (IOException e) {
            return "(unreadable: " + e.getMessage() + ")";
        }
    }

    private static void pause() {
        try {
            Thread.sleep(500);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Accepts the certificate a node on this host presents (only used towards loopback addresses): an
     * extended manager, because the JDK checks the host name against a plain one's certificates.
     */
    private static final class ThisHostsCertificate extends X509ExtendedTrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
            throw new UnsupportedOperationException("client side only");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {
            throw new UnsupportedOperationException("client side only");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
            throw new UnsupportedOperationException("client side only");
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
            // The loopback check in login() is the guard: this manager is used for this host only.
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {
            // As above.
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
            // As above.
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
