package org.mmsrouter.systemtest.harness;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The real Prometheus server (Debian's {@code prometheus}) as its own process: its configuration and
 * time-series database in a directory of the test's, its web API on 127.0.0.1 at a port of the test's,
 * asked through the HTTP API ({@code /api/v1/query}, {@code /api/v1/alerts}, {@code /api/v1/targets})
 * as Grafana and operators ask it. {@link #promtool} runs its companion checker.
 */
public final class PrometheusServer implements AutoCloseable {

    private final ExternalProcess process;
    private final URI base;
    private final HttpClient client =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private PrometheusServer(ExternalProcess process, int port) {
        this.process = process;
        this.base = URI.create("http://127.0.0.1:" + port);
    }

    /**
     * Writes {@code configuration} to {@code directory/prometheus.yml}, starts {@code prometheus} on
     * 127.0.0.1:{@code port} with its database in {@code directory/data}, and returns once it says it
     * is ready (its log is {@code directory/prometheus.log}).
     */
    public static PrometheusServer start(Path directory, int port, String configuration) {
        Path config = directory.resolve("prometheus.yml");
        Path log = directory.resolve("prometheus.log");
        try {
            Files.createDirectories(directory);
            Files.writeString(config, configuration);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (Ports.listening(port)) {
            throw new AssertionError("port " + port + " is taken: another Prometheus or test runs");
        }
        PrometheusServer server = new PrometheusServer(
                ExternalProcess.start(
                        "prometheus",
                        List.of(
                                "prometheus",
                                "--config.file=" + config,
                                "--storage.tsdb.path=" + directory.resolve("data"),
                                "--web.listen-address=127.0.0.1:" + port),
                        Map.of(),
                        directory,
                        log),
                port);
        Await.until("Prometheus ready on " + server.base, Duration.ofSeconds(30), () -> {
            if (!server.process.isAlive()) {
                throw new AssertionError("prometheus exited:\n" + LogTail.of(log, 20));
            }
            return server.get("/-/ready").statusCode() == 200;
        });
        return server;
    }

    /** {@code promtool arguments...} run in {@code directory} (rule tests name their rule files relatively). */
    public static Command.Result promtool(Path directory, String... arguments) {
        List<String> command = new ArrayList<>(List.of("promtool"));
        command.addAll(List.of(arguments));
        return Command.of(command).in(directory).timeout(Duration.ofMinutes(2)).run();
    }

    /**
     * An instant query's result ({@code data.result}: one object per series, {@code metric} and
     * {@code value}); a query Prometheus refuses (bad PromQL) fails with its error.
     */
    public JsonArray query(String promql) {
        JsonObject data = data("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
        return data.getAsJsonArray("result");
    }

    /** The active alerts (pending and firing): {@code labels}, {@code annotations}, {@code state}, {@code activeAt}. */
    public JsonArray alerts() {
        return data("/api/v1/alerts").getAsJsonArray("alerts");
    }

    /** The active scrape targets: {@code health} ("up", "down"), {@code lastError}, {@code scrapeUrl}. */
    public JsonArray targets() {
        return data("/api/v1/targets").getAsJsonArray("activeTargets");
    }

    /** The loaded rule groups ({@code name}, {@code rules} with each rule's {@code name} and {@code health}). */
    public JsonArray ruleGroups() {
        return data("/api/v1/rules").getAsJsonArray("groups");
    }

    public ExternalProcess process() {
        return process;
    }

    @Override
    public void close() {
        process.close();
    }

    private JsonObject data(String path) {
        HttpResponse<String> response = get(path);
        JsonElement body;
        try {
            body = JsonParser.parseString(response.body());
        } catch (RuntimeException e) {
            throw new AssertionError(
                    "Prometheus " + path + " answered " + response.statusCode() + ": " + response.body());
        }
        JsonObject answer = body.getAsJsonObject();
        if (!"success".equals(answer.get("status").getAsString())) {
            throw new AssertionError("Prometheus " + path + " answered " + response.statusCode() + ": "
                    + answer.get("errorType") + " " + answer.get("error"));
        }
        return answer.getAsJsonObject("data");
    }

    private HttpResponse<String> get(String path) {
        try {
            return client.send(
                    HttpRequest.newBuilder(URI.create(base + path))
                            .timeout(Duration.ofSeconds(30))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException("GET " + base + path + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
