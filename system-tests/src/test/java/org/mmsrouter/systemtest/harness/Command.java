package org.mmsrouter.systemtest.harness;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A short external command (dig, psql, jboss-cli, an operator script) run to its end with a
 * deadline; its exit code and output (standard output and error together) kept for assertions.
 */
public final class Command {

    private final List<String> command = new ArrayList<>();
    private final Map<String, String> environment = new HashMap<>();
    private Path directory = Path.of(".");
    private byte[] input = new byte[0];
    private Duration timeout = Duration.ofSeconds(60);

    private Command(List<String> command) {
        this.command.addAll(command);
    }

    public static Command of(String... command) {
        return new Command(List.of(command));
    }

    public static Command of(List<String> command) {
        return new Command(command);
    }

    public Command env(String name, String value) {
        environment.put(name, value);
        return this;
    }

    public Command env(Map<String, String> values) {
        environment.putAll(values);
        return this;
    }

    public Command in(Path workingDirectory) {
        this.directory = workingDirectory;
        return this;
    }

    /** Standard input (for secrets: never on a command line). */
    public Command input(String text) {
        this.input = text.getBytes(StandardCharsets.UTF_8);
        return this;
    }

    public Command timeout(Duration limit) {
        this.timeout = limit;
        return this;
    }

    /** Runs the command; a command still running at the deadline is killed and reported as exit -1. */
    public Result run() {
        try {
            ProcessBuilder builder =
                    new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true);
            builder.environment().putAll(environment);
            Process process = builder.start();
            CompletableFuture<byte[]> output = CompletableFuture.supplyAsync(() -> readAll(process.getInputStream()));
            try (var stdin = process.getOutputStream()) {
                stdin.write(input);
            } catch (IOException e) {
                // The command did not read its input: its exit code says whether that mattered.
            }
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                Pids.kill(process.toHandle());
                return new Result(
                        command,
                        -1,
                        new String(output.join(), StandardCharsets.UTF_8) + "\n(killed after " + timeout.toSeconds()
                                + " s)");
            }
            return new Result(command, process.exitValue(), new String(output.join(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted running " + command, e);
        }
    }

    /** Runs the command and returns its output; fails the test when it exits non-zero. */
    public String output() {
        return run().requireSuccess().output();
    }

    private static byte[] readAll(InputStream in) {
        try (in) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            in.transferTo(out);
            return out.toByteArray();
        } catch (IOException e) {
            return new byte[0];
        }
    }

    /** How a command ended. */
    public record Result(List<String> command, int exitCode, String output) {

        public boolean succeeded() {
            return exitCode == 0;
        }

        public Result requireSuccess() {
            if (exitCode != 0) {
                throw new AssertionError(String.join(" ", command) + " exited " + exitCode + ":\n" + output);
            }
            return this;
        }
    }
}
