package org.mmsrouter.systemtest.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Every process's arguments as any local user sees them ({@code ps -eo args}), sampled five times a
 * second into a file: what a test then searches for secrets that must never be on a command line.
 */
public final class ArgumentsSampler implements AutoCloseable {

    private final Path log;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "ps sampler");
        thread.setDaemon(true);
        return thread;
    });

    private ArgumentsSampler(Path log) {
        this.log = log;
    }

    /** Starts sampling into {@code log}. */
    public static ArgumentsSampler start(Path log) {
        ArgumentsSampler sampler = new ArgumentsSampler(log);
        sampler.timer.scheduleWithFixedDelay(sampler::sample, 0, 200, TimeUnit.MILLISECONDS);
        return sampler;
    }

    /** The file the samples go to. */
    public Path log() {
        return log;
    }

    private void sample() {
        Command.Result ps = Command.of("ps", "-eo", "args").run();
        try {
            Files.writeString(log, ps.output(), StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Stops sampling; the file keeps what was sampled. */
    @Override
    public void close() {
        timer.shutdownNow();
        try {
            timer.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
