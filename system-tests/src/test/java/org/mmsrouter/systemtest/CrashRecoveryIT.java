package org.mmsrouter.systemtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.mmsrouter.systemtest.harness.Await;
import org.mmsrouter.systemtest.harness.Command;
import org.mmsrouter.systemtest.harness.Installation;
import org.mmsrouter.systemtest.harness.Load;
import org.mmsrouter.systemtest.harness.RouterNode;
import org.mmsrouter.systemtest.harness.Simulators;
import org.mmsrouter.systemtest.harness.SystemHarness;
import org.mmsrouter.systemtest.harness.SystemTest;

/**
 * MMs the router answered Ok survive a {@code kill -9} of WildFly and are all delivered after the
 * restart: first a backlog taken while every MMSC refused connections (exactly once, and a run-time
 * registry edit survives too), then a kill under full load (every MM answered Ok delivered; duplicates
 * at most what the forwarding threads held uncommitted when the process died).
 *
 * <p>Sizes: {@code -Dcrash.n} MMs in the backlog (200), {@code -Dcrash.load-seconds} of load (16, the
 * kill half-way), {@code -Dcrash.concurrency} submitters (50).
 */
@SystemTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CrashRecoveryIT {

    private static final int N = Integer.getInteger("crash.n", 200);
    private static final int LOAD_SECONDS = Integer.getInteger("crash.load-seconds", 16);
    private static final int CONCURRENCY = Integer.getInteger("crash.concurrency", 50);
    /** mmsrouter.forward.consumers x batch (defaults): MMs a forwarding thread may hold uncommitted. */
    private static final int IN_FLIGHT = 8 * 4;

    @RegisterExtension
    static final SystemHarness harness = new SystemHarness();

    private Simulators sims;
    private RouterNode router;
    private String[] properties;

    @BeforeAll
    void startSimulatorsAndRouter() {
        sims = harness.simulators(Map.of("sim-a", 18281, "sim-b", 18282), 18280);
        sims.mode("refuse");
        router = harness.standaloneNode("router", 200);
        List<String> props = new ArrayList<>(sims.routerProperties());
        props.addAll(List.of("mmsrouter.dns.port=15453", "mmsrouter.mm1.answer-window-ms=0"));
        properties = props.toArray(String[]::new);
        router.start(properties);
    }

    @Test
    @Order(1)
    void aBacklogAnsweredOkWhileMmscsRefusedSurvivesKill9ExactlyOnce() {
        String submitted = Command.of(
                        "java",
                        "-jar",
                        Installation.toolsJar().toString(),
                        "submit",
                        "--url",
                        router.mm1().toString(),
                        "--count",
                        Integer.toString(N))
                .timeout(Duration.ofMinutes(5))
                .output();
        harness.figure(
                "submitted %d MMs with both MMSCs refusing connections: %s",
                N, submitted.lines().reduce((a, b) -> b).orElse(""));
        // A run-time registry edit and an MMSC added at run time (disabled: it never gets traffic) must survive too.
        router.admin()
                .send(
                        "PUT",
                        "/mmscs/sim-a/routing",
                        "{\"priority\":0,\"weight\":7,\"recipientPrefixes\":[\"+49151\"],\"adminState\":\"enabled\",\"maxRate\":0}");
        router.admin()
                .send(
                        "POST",
                        "/mmscs",
                        "{\"id\":\"sim-c\",\"url\":\"http://127.0.0.1:18283/mms\",\"adminState\":\"disabled\"}");

        router.kill();
        assertEquals(0, sims.receivedCount(), "an MMSC received something while refusing");

        router.start(properties);
        String registry = router.admin().get("/mmscs");
        String simA = entry(registry, "sim-a");
        String simC = entry(registry, "sim-c");
        assertTrue(
                simA.contains("\"weight\":7")
                        && simA.contains("\"+49151\"")
                        && simA.contains("\"updatedBy\":\"e2e-operator (api from "),
                "sim-a's run-time edit was lost: " + registry);
        assertTrue(simC.contains("\"adminState\":\"disabled\""), "sim-c, added at run time, was lost: " + registry);

        sims.mode("healthy");
        Duration drained = Await.until(
                N + " MMs delivered after the restart", Duration.ofSeconds(120), () -> sims.receivedCount() >= N);
        List<String> received = sims.receivedTransactionIds();
        harness.figure(
                "crash recovery: %d answered Ok before the crash, %d delivered after it (%d distinct), %s to drain",
                N, received.size(), new HashSet<>(received).size(), Await.seconds(drained));
        assertEquals(N, received.size(), "delivered");
        assertEquals(N, new HashSet<>(received).size(), "delivered once each");
    }

    @Test
    @Order(2)
    void everyMmAnsweredOkUnderFullLoadIsDeliveredAfterKill9() {
        sims.clearReceived();
        Load load = harness.load(
                router,
                "crash",
                "--concurrency",
                Integer.toString(CONCURRENCY),
                "--warmup",
                "0s",
                "--duration",
                LOAD_SECONDS + "s",
                "--size",
                "5000",
                "--timeout",
                "10s");
        Await.pause(Duration.ofSeconds(LOAD_SECONDS / 2));
        int beforeKill = sims.receivedCount();
        router.kill();
        harness.figure("killed under load with %d MMs delivered so far", beforeKill);
        // The rest of the load meets a dead port: errors, not Oks.
        Set<String> ok = load.await(Duration.ofSeconds(LOAD_SECONDS + 60L)).okIds();

        router.start(properties);
        Await.until(
                "the " + ok.size() + " MMs answered Ok delivered after the restart",
                Duration.ofSeconds(120),
                () -> missing(ok).isEmpty());
        // Whatever is redelivered after the last Ok lands within a moment: let it, so duplicates are all counted.
        Await.pause(Duration.ofSeconds(2));
        long duplicates = sims.receivedTransactionIds().stream()
                .filter(id -> id.startsWith("load-crash-"))
                .collect(Collectors.groupingBy(id -> id, Collectors.counting()))
                .values()
                .stream()
                .filter(c -> c > 1)
                .count();
        harness.figure(
                "kill under load: %d answered Ok, %d of them not delivered; %d delivered twice (at most %d allowed:"
                        + " what the forwarding threads held uncommitted when the process died)",
                ok.size(), missing(ok).size(), duplicates, IN_FLIGHT);
        assertTrue(ok.size() > 0, "the load got no Ok before the kill");
        assertTrue(duplicates <= IN_FLIGHT, duplicates + " duplicates: more than the MMs in flight");
    }

    private Set<String> missing(Set<String> ok) {
        Set<String> missing = new HashSet<>(ok);
        missing.removeAll(new HashSet<>(sims.receivedTransactionIds()));
        return missing;
    }

    /** The registry entry of MMSC {@code id} in the admin API's list (the object naming it). */
    private static String entry(String registry, String id) {
        Matcher matcher =
                Pattern.compile("\\{[^{}]*\"id\":\"" + id + "\"[^{}]*}").matcher(registry);
        return matcher.find() ? matcher.group() : "";
    }
}
