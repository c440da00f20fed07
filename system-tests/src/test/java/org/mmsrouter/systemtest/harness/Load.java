package org.mmsrouter.systemtest.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The load client ({@code tools load}) as its own process against one MM1 URL: its report in a file,
 * the Transaction-IDs it got Ok for in another, its {@code RESULT} line read back as fields.
 */
public final class Load implements AutoCloseable {

    private final ExternalProcess process;
    private final Path report;
    private final Path okLog;

    private Load(ExternalProcess process, Path report, Path okLog) {
        this.process = process;
        this.report = report;
        this.okLog = okLog;
    }

    /**
     * Starts {@code tools load --url target --run-id runId --ok-log <dir>/ok-<runId>.txt} with
     * {@code options} (e.g. "--concurrency", "50", "--duration", "16s"); the report goes to
     * {@code <dir>/load-<runId>.txt}.
     */
    public static Load start(URI target, String runId, Path directory, String... options) {
        Path report = directory.resolve("load-" + runId + ".txt");
        Path okLog = directory.resolve("ok-" + runId + ".txt");
        List<String> command = new ArrayList<>(List.of(
                "java",
                "-jar",
                Installation.toolsJar().toString(),
                "load",
                "--url",
                target.toString(),
                "--run-id",
                runId,
                "--ok-log",
                okLog.toString()));
        command.addAll(List.of(options));
        return new Load(ExternalProcess.start("load " + runId, command, Map.of(), directory, report), report, okLog);
    }

    /** Waits for the run to end (at most {@code within}) and returns its result. */
    public Result await(Duration within) {
        if (process.waitFor(within).isEmpty()) {
            process.kill();
            throw new AssertionError("load " + report + " still running after " + within.toSeconds() + " s");
        }
        return result();
    }

    /** The run's result as it stands (after it ended: its RESULT line; before, no fields). */
    public Result result() {
        return new Result(fields(report), okIds(okLog), report);
    }

    /** Ends the run now (SIGKILL): what it got Ok for so far is in {@link Result#okIds()}. */
    public Result kill() {
        process.kill();
        return result();
    }

    public boolean isRunning() {
        return process.isAlive();
    }

    @Override
    public void close() {
        process.close();
    }

    private static Map<String, String> fields(Path report) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (String line : LogTail.linesFrom(report, 1)) {
            if (line.startsWith("RESULT ")) {
                for (String field : line.substring(7).trim().split("\\s+")) {
                    int equals = field.indexOf('=');
                    if (equals > 0) {
                        fields.put(field.substring(0, equals), field.substring(equals + 1));
                    }
                }
            }
        }
        return fields;
    }

    private static Set<String> okIds(Path okLog) {
        if (!Files.exists(okLog)) {
            return Set.of();
        }
        try {
            Set<String> ids = new TreeSet<>();
            for (String line : Files.readAllLines(okLog)) {
                if (!line.isBlank()) {
                    ids.add(line.trim());
                }
            }
            return ids;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What a load run reported: its RESULT fields and the Transaction-IDs answered Ok. */
    public record Result(Map<String, String> fields, Set<String> okIds, Path report) {

        /** A numeric RESULT field; fails the test when the run printed none (it crashed). */
        public double number(String field) {
            String value = fields.get(field);
            if (value == null) {
                throw new AssertionError(
                        "the load report has no " + field + " (no RESULT line?):\n" + LogTail.of(report, 20));
            }
            return Double.parseDouble(value);
        }

        public long count(String field) {
            return (long) number(field);
        }

        /** Every submission got an Ok m-send-conf (none refused, none failed). */
        public boolean allOk() {
            return count("errors") == 0 && count("not_ok") == 0 && count("ok") > 0;
        }
    }
}
