package org.mmsrouter.tools.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.mmsrouter.tools.cli.LoadCommand;
import picocli.CommandLine;

/** {@code tools load} arguments: defaults, units, and refusals, without sending anything. */
class LoadOptionsTest {

    private static LoadConfig parse(String... args) {
        LoadCommand command = new LoadCommand();
        new CommandLine(command).parseArgs(args);
        return command.config();
    }

    @Test
    void defaultsAreTheDocumentedOnes() {
        LoadConfig config = parse();

        assertEquals(URI.create("http://127.0.0.1:8080/mms"), config.url());
        assertEquals(50, config.concurrency());
        assertEquals(Duration.ofSeconds(30), config.duration());
        assertEquals(0, config.rate());
        assertTrue(config.closedLoop());
        assertEquals(30_000, config.size());
        assertEquals(Duration.ofSeconds(5), config.warmup());
        assertEquals(Duration.ofSeconds(30), config.timeout());
        assertEquals(0, config.count());
        assertTrue(config.runId().matches("[0-9a-f]{8}"), config.runId());
        assertNull(config.source(), "the system chooses the source address");
    }

    @Test
    void everyOptionIsRead() {
        LoadConfig config = parse(
                "--url",
                "http://127.0.0.1:8380/mms",
                "--concurrency",
                "20",
                "--duration",
                "60s",
                "--rate",
                "250.5",
                "--size",
                "1000",
                "--warmup",
                "500ms",
                "--timeout",
                "2m",
                "--count",
                "10000",
                "--run-id",
                "bench1",
                "--source",
                "127.0.0.2");

        assertEquals(URI.create("http://127.0.0.1:8380/mms"), config.url());
        assertEquals(20, config.concurrency());
        assertEquals(Duration.ofSeconds(60), config.duration());
        assertEquals(250.5, config.rate());
        assertEquals(1000, config.size());
        assertEquals(Duration.ofMillis(500), config.warmup());
        assertEquals(Duration.ofMinutes(2), config.timeout());
        assertEquals(10_000, config.count());
        assertEquals("bench1", config.runId());
        assertEquals("127.0.0.2", config.source().getHostAddress());
    }

    @Test
    void durationsAcceptTheUsualUnits() {
        assertEquals(Duration.ofSeconds(60), Durations.parse("60s"));
        assertEquals(Duration.ofSeconds(30), Durations.parse("30"));
        assertEquals(Duration.ofMillis(1500), Durations.parse("1.5s"));
        assertEquals(Duration.ofMillis(250), Durations.parse("250ms"));
        assertEquals(Duration.ofMinutes(2), Durations.parse("2m"));
        assertEquals(Duration.ofHours(1), Durations.parse("1h"));
        assertEquals(Duration.ofSeconds(45), Durations.parse("PT45S"));
        assertEquals(Duration.ZERO, Durations.parse("0s"));
        assertThrows(IllegalArgumentException.class, () -> Durations.parse("10x"));
        assertThrows(IllegalArgumentException.class, () -> Durations.parse("-5s"));
        assertThrows(IllegalArgumentException.class, () -> Durations.parse("soon"));
        assertEquals("30 s", Durations.format(Duration.ofSeconds(30)));
        assertEquals("500 ms", Durations.format(Duration.ofMillis(500)));
        assertEquals("1.500 s", Durations.format(Duration.ofMillis(1500)));
    }

    @Test
    void impossibleValuesAreUsageErrorsNamingTheOption() {
        assertUsageError("--concurrency must be 1 or more", "--concurrency", "0");
        assertUsageError("--duration must be positive", "--duration", "0s");
        assertUsageError("--rate must be 0", "--rate", "-1");
        assertUsageError("--size must not be negative", "--size", "-1");
        assertUsageError("--timeout must be positive", "--timeout", "0");
        assertUsageError("--count must be 1 or more", "--count", "-3");
        assertUsageError("not a duration: 10x", "--duration", "10x");
    }

    private static void assertUsageError(String expected, String... args) {
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new LoadCommand());
        cli.setErr(new PrintWriter(err));
        cli.setOut(new PrintWriter(new StringWriter()));

        int exit = cli.execute(args);

        assertEquals(2, exit, err.toString());
        assertTrue(err.toString().contains(expected), err.toString());
    }
}
