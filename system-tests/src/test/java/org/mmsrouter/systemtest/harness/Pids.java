package org.mmsrouter.systemtest.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;

/** Processes by PID: read from PID files, killed with their descendants. */
public final class Pids {

    private Pids() {}

    /** The PID a PID file holds, if the file exists and holds one. */
    public static OptionalLong read(Path pidFile) {
        try {
            String text = Files.readString(pidFile).trim();
            return text.isEmpty() ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(text));
        } catch (NoSuchFileException e) {
            return OptionalLong.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    /** The live process with that PID. */
    public static Optional<ProcessHandle> live(long pid) {
        return ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
    }

    /** SIGKILL to {@code process} and every descendant, then waits until they are gone (10 s at most). */
    public static void kill(ProcessHandle process) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        Await.until("PID " + process.pid() + " gone after SIGKILL", Duration.ofSeconds(10), () -> !process.isAlive());
    }
}
