package org.mmsrouter.systemtest.harness;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Every process's arguments, sampled at a fixed interval from {@code /proc/<pid>/cmdline} (what
 * {@code ps -eo args} prints, untruncated) on a thread of its own, for checks afterwards such as "no
 * secret was ever on a command line". Each sample's lines are appended to a file as well.
 */
public final class ProcessSampler implements AutoCloseable {

    private final Path file;
    private final Duration interval;
    private final List<String> lines = new ArrayList<>();
    private final Thread thread;
    private volatile boolean running = true;
    private int samples;

    private ProcessSampler(Path file, Duration interval) {
        this.file = file;
        this.interval = interval;
        this.thread = new Thread(this::sampleUntilClosed, "process-sampler");
        thread.setDaemon(true);
    }

    /** Starts sampling every {@code interval}; the lines go to {@code file} too. */
    public static ProcessSampler start(Path file, Duration interval) {
        ProcessSampler sampler = new ProcessSampler(file, interval);
        sampler.thread.start();
        return sampler;
    }

    /** Stops sampling and waits for the last sample to be recorded. */
    @Override
    public void close() {
        running = false;
        try {
            thread.join(Duration.ofSeconds(10).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Every argument line sampled so far (one per process per sample). */
    public synchronized List<String> lines() {
        return List.copyOf(lines);
    }

    public synchronized int samples() {
        return samples;
    }

    /** Whether any sampled line contains {@code text}. */
    public boolean anyContains(String text) {
        return lines().stream().anyMatch(line -> line.contains(text));
    }

    private void sampleUntilClosed() {
        while (running) {
            List<String> sample = sample();
            synchronized (this) {
                lines.addAll(sample);
                samples++;
            }
            try {
                Files.write(file, sample, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            } catch (IOException e) {
                // The in-memory lines are what the checks read; the file is for a reader of the report.
            }
            Await.pause(interval);
        }
    }

    private static List<String> sample() {
        List<String> sample = new ArrayList<>();
        try (Stream<Path> processes = Files.list(Path.of("/proc"))) {
            for (Path process : processes
                    .filter(p -> p.getFileName().toString().matches("[0-9]+"))
                    .toList()) {
                try {
                    byte[] cmdline = Files.readAllBytes(process.resolve("cmdline"));
                    if (cmdline.length > 0) {
                        sample.add(new String(cmdline, StandardCharsets.UTF_8)
                                .replace('\0', ' ')
                                .strip());
                    }
                } catch (NoSuchFileException e) {
                    // The process ended between the listing and the read.
                } catch (IOException e) {
                    // Likewise (ESRCH): nothing left to sample.
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot list /proc", e);
        }
        return sample;
    }
}
