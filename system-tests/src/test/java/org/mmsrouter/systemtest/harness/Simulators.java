package org.mmsrouter.systemtest.harness;

import com.google.gson.JsonElement;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The simulated MMSCs ({@code tools mmsc-sim}) as their own process, steered through their control
 * API: each plays an operator's MMSC on its own port; the test sets their mode (healthy, refuse, ...)
 * and reads what they received.
 */
public final class Simulators implements AutoCloseable {

    private final ExternalProcess process;
    private final Map<String, Integer> ports;
    private final URI control;
    private final HttpClient client =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private Simulators(ExternalProcess process, Map<String, Integer> ports, int controlPort) {
        this.process = process;
        this.ports = ports;
        this.control = URI.create("http://127.0.0.1:" + controlPort + "/sims");
    }

    /** Starts simulators named as {@code ports}' keys on their ports; returns once the control API answers. */
    public static Simulators start(Map<String, Integer> ports, int controlPort, Path log) {
        List<String> command =
                new ArrayList<>(List.of("java", "-jar", Installation.toolsJar().toString(), "mmsc-sim"));
        ports.forEach((name, port) -> command.addAll(List.of("--mmsc", name + "=" + port)));
        command.addAll(List.of("--control-port", Integer.toString(controlPort)));
        Simulators sims = new Simulators(
                ExternalProcess.start("simulators", command, Map.of(), log.getParent(), log),
                new LinkedHashMap<>(ports),
                controlPort);
        Await.until("the MMSC simulators answer on " + sims.control, Duration.ofSeconds(20), () -> {
            if (!sims.process.isAlive()) {
                throw new AssertionError("the MMSC simulators exited:\n" + LogTail.of(log, 20));
            }
            return sims.call("GET", "").statusCode() == 200;
        });
        return sims;
    }

    /** The URL a router is given for {@code sim} ({@code mmsrouter.mmsc.<sim>.url}). */
    public String url(String sim) {
        return "http://127.0.0.1:" + ports.get(sim) + "/mms";
    }

    /** The router properties that point it at every simulator. */
    public List<String> routerProperties() {
        return ports.keySet().stream()
                .map(sim -> "mmsrouter.mmsc." + sim + ".url=" + url(sim))
                .toList();
    }

    /** Sets every simulator's mode. */
    public void mode(String mode) {
        ports.keySet().forEach(sim -> mode(sim, mode));
    }

    /** Sets one simulator's mode (healthy, refuse, error, slow ...: see tools' SimMode). */
    public void mode(String sim, String mode) {
        require(call("POST", "/" + sim + "/mode?set=" + mode), "mode " + mode + " for " + sim);
    }

    /** MMs all simulators hold. */
    public int receivedCount() {
        int total = 0;
        for (JsonElement sim :
                JsonParser.parseString(require(call("GET", ""), "list")).getAsJsonArray()) {
            total += sim.getAsJsonObject().get("received").getAsInt();
        }
        return total;
    }

    /** The Transaction-IDs of every MM all simulators hold, repeated when one arrived twice. */
    public List<String> receivedTransactionIds() {
        List<String> ids = new ArrayList<>();
        for (String sim : ports.keySet()) {
            for (JsonElement mm : JsonParser.parseString(require(call("GET", "/" + sim + "/received"), "received"))
                    .getAsJsonArray()) {
                ids.add(mm.getAsJsonObject().get("transactionId").getAsString());
            }
        }
        return ids;
    }

    /** Forgets what every simulator received. */
    public void clearReceived() {
        ports.keySet().forEach(sim -> require(call("DELETE", "/" + sim + "/received"), "clear " + sim));
    }

    public ExternalProcess process() {
        return process;
    }

    @Override
    public void close() {
        process.close();
    }

    private HttpResponse<String> call(String method, String path) {
        try {
            return client.send(
                    HttpRequest.newBuilder(URI.create(control + path))
                            .timeout(Duration.ofSeconds(10))
                            .method(method, HttpRequest.BodyPublishers.noBody())
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(method + " " + control + path + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static String require(HttpResponse<String> response, String what) {
        if (response.statusCode() != 200) {
            throw new AssertionError(
                    "simulator control: " + what + " answered " + response.statusCode() + ": " + response.body());
        }
        return response.body();
    }
}
