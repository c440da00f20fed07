package org.mmsrouter.systemtest.harness;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One router (standalone-full) in front of two simulated MMSCs, sim-a and sim-b, as the single-node
 * resource tests run it: answer window 0 (the ingress answers once the MM is stored), its own DNS
 * port, the simulators' control API on {@code controlPort} and the MMSCs on the two ports after it.
 */
public final class SingleRouter {

    private final RouterNode node;
    private final Simulators sims;
    private final int dnsPort;

    private SingleRouter(RouterNode node, Simulators sims, int dnsPort) {
        this.node = node;
        this.sims = sims;
        this.dnsPort = dnsPort;
    }

    /** The simulators (started now) and a node {@code name} at {@code offset}, not started yet. */
    public static SingleRouter create(SystemHarness harness, String name, int offset, int controlPort, int dnsPort) {
        return on(harness, simulators(harness, controlPort), name, offset, dnsPort);
    }

    /** The two simulators alone: sim-a on {@code controlPort + 1}, sim-b on {@code controlPort + 2}. */
    public static Simulators simulators(SystemHarness harness, int controlPort) {
        Map<String, Integer> ports = new LinkedHashMap<>();
        ports.put("sim-a", controlPort + 1);
        ports.put("sim-b", controlPort + 2);
        return harness.simulators(ports, controlPort);
    }

    /** A node {@code name} in front of simulators already running (e.g. one node per case of a test). */
    public static SingleRouter on(SystemHarness harness, Simulators sims, String name, int offset, int dnsPort) {
        return new SingleRouter(harness.standaloneNode(name, offset), sims, dnsPort);
    }

    public RouterNode node() {
        return node;
    }

    public Simulators sims() {
        return sims;
    }

    /** Starts the router with {@code properties} added to the common ones; returns once it is deployed. */
    public Duration start(String... properties) {
        List<String> all = new ArrayList<>(sims.routerProperties());
        all.add("mmsrouter.dns.port=" + dnsPort);
        all.add("mmsrouter.mm1.answer-window-ms=0");
        all.addAll(List.of(properties));
        return node.start(all.toArray(String[]::new));
    }

    /** {@code tools submit --count n} against the router: true when all n were answered Ok. */
    public boolean submit(int count) {
        return submitOutput("--count", Integer.toString(count)).endsWith(count + " answered Ok, 0 not");
    }

    /** {@code tools submit} with {@code options}; its last output line. */
    public String submitOutput(String... options) {
        List<String> command = new ArrayList<>(List.of(
                "java",
                "-jar",
                Installation.toolsJar().toString(),
                "submit",
                "--url",
                node.mm1().toString()));
        command.addAll(List.of(options));
        String[] lines = Command.of(command)
                .timeout(Duration.ofMinutes(10))
                .run()
                .output()
                .trim()
                .split("\n");
        return lines[lines.length - 1].trim();
    }

    /** Saves one composed m-send-req to {@code file} while submitting it; true when it was answered Ok. */
    public boolean submitSaving(Path file) {
        List<String> command = List.of(
                "java",
                "-jar",
                Installation.toolsJar().toString(),
                "submit",
                "--url",
                node.mm1().toString(),
                "--save",
                file.toString());
        return Command.of(command).run().succeeded();
    }

    /** The readiness answer (GET /admin/api/ready on the NOC listener). */
    public HttpResponse<String> readiness() {
        return node.admin().response("/ready");
    }

    /** Readiness as "HTTP status body", for figures; "(no answer: ...)" when the listener does not answer. */
    public String readinessLine() {
        try {
            HttpResponse<String> ready = readiness();
            return "HTTP " + ready.statusCode() + " " + ready.body().replace("\n", "");
        } catch (RuntimeException e) {
            return "(no answer: " + e.getMessage() + ")";
        }
    }

    /** The readiness status code, or -1 when the listener does not answer. */
    public int readinessStatus() {
        try {
            return readiness().statusCode();
        } catch (RuntimeException e) {
            return -1;
        }
    }

    /** The admin API's Prometheus text. */
    public String metrics() {
        return node.admin().get("/metrics");
    }
}
