package org.mmsrouter.systemtest.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;

/**
 * A small tmpfs mounted for one test (root only): a volume that fills in seconds, so a test can put
 * WildFly's data directory (journal, paging, large messages) on it and watch what a full disk does.
 * Register it with the harness before the node that uses it: the node is then killed first and the
 * volume unmounted after.
 */
public final class Tmpfs implements AutoCloseable {

    private final Path mountPoint;

    private Tmpfs(Path mountPoint) {
        this.mountPoint = mountPoint;
    }

    /** Mounts a tmpfs of {@code size} ("192m", "1g": mount's syntax) on {@code mountPoint}, readable by root only. */
    public static Tmpfs mount(Path mountPoint, String size) {
        try {
            Files.createDirectories(mountPoint);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Command.of("mount", "-t", "tmpfs", "-o", "size=" + size + ",mode=0700", "mmsrouter-e2e", mountPoint.toString())
                .output();
        return new Tmpfs(mountPoint);
    }

    public Path path() {
        return mountPoint;
    }

    /** Grows (or shrinks) the mounted volume in place, keeping its files. */
    public void resize(String size) {
        Command.of("mount", "-o", "remount,size=" + size, mountPoint.toString()).output();
    }

    /** "used of size (percent)", as df prints it, for the figures. */
    public String usage() {
        try {
            FileStore store = Files.getFileStore(mountPoint);
            long total = store.getTotalSpace();
            long used = total - store.getUnallocatedSpace();
            return String.format(
                    Locale.ROOT,
                    "%d MiB used of %d MiB (%d %%)",
                    used >> 20,
                    total >> 20,
                    total == 0 ? 0 : Math.round(100.0 * used / total));
        } catch (IOException e) {
            return "(no usage: " + e + ")";
        }
    }

    /** Unmounts (lazily if a process still holds a file on it). */
    @Override
    public void close() {
        if (!Command.of("mountpoint", "-q", mountPoint.toString()).run().succeeded()) {
            return;
        }
        // A JVM killed a moment ago may still hold its files open for a short while.
        Duration limit = Duration.ofSeconds(10);
        try {
            Await.until(
                    "unmount " + mountPoint,
                    limit,
                    () -> Command.of("umount", mountPoint.toString()).run().succeeded());
        } catch (AssertionError e) {
            Command.of("umount", "-l", mountPoint.toString()).output();
        }
    }
}
