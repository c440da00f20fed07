package org.mmsrouter.systemtest.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A process a test started, its output appended to a log file. Stopped and killed by its PID (and
 * its descendants'), never by matching command lines: another test's or a user's processes with a
 * similar command line are left alone.
 */
public final class ExternalProcess implements AutoCloseable {

    private final String name;
    private final Process process;
    private final Path log;

    private ExternalProcess(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
    }

    /**
     * Starts {@code command} in {@code directory} with {@code environment} added to this JVM's,
     * standard input empty and both outputs appended to {@code log}.
     */
    public static ExternalProcess start(
            String name, List<String> command, Map<String, String> environment, Path directory, Path log) {
        try {
            Files.createDirectories(log.getParent());
            ProcessBuilder builder = new ProcessBuilder(command)
                    .directory(directory.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .redirectInput(
                            ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
            builder.environment().putAll(environment);
            return new ExternalProcess(name, builder.start(), log);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name + ": " + command, e);
        }
    }

    /** What the test calls it ("simulators", "load crash"). */
    public String name() {
        return name;
    }

    public long pid() {
        return process.pid();
    }

    public Path log() {
        return log;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Waits for the process to end; its exit code, or empty at the deadline (it is left running). */
    public Optional<Integer> waitFor(Duration within) {
        try {
            return process.waitFor(within.toMillis(), TimeUnit.MILLISECONDS)
                    ? Optional.of(process.exitValue())
                    : Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted waiting for " + name, e);
        }
    }

    /** SIGTERM to the process (the JVM's shutdown hooks run), then waits up to {@code within}. */
    public boolean terminate(Duration within) {
        process.destroy();
        return waitFor(within).isPresent();
    }

    /**
     * SIGTERM to the process (a launcher script's trap stops what it started), waiting up to
     * {@code within} for it to end; then SIGKILL, by PID, to it and to every descendant it had before
     * the SIGTERM that is still alive (children a script left behind as orphans included).
     */
    public void stopWithDescendants(Duration within) {
        List<ProcessHandle> descendants = process.descendants().toList();
        boolean ended = terminate(within);
        for (ProcessHandle child : descendants) {
            if (child.isAlive()) {
                Pids.kill(child);
            }
        }
        if (!ended) {
            kill();
        }
    }

    /** SIGKILL to the process and its descendants, by PID. */
    public void kill() {
        Pids.kill(process.toHandle());
        waitFor(Duration.ofSeconds(10));
    }

    /** Killed if still running: what the harness does after a test. */
    @Override
    public void close() {
        if (process.isAlive()) {
            kill();
        }
    }

    @Override
    public String toString() {
        return name + " (PID " + pid() + ", log " + log + ")";
    }
}
