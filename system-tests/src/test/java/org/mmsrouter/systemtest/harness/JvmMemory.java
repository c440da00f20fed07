package org.mmsrouter.systemtest.harness;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The memory of a running JVM, as an operator would read it: resident set size from /proc, the heap
 * through {@code jcmd <pid> GC.heap_info}, and the live heap after a full GC ({@code jcmd GC.run}).
 */
public final class JvmMemory {

    private static final Pattern USED = Pattern.compile("used (\\d+)K", Pattern.CASE_INSENSITIVE);

    private JvmMemory() {}

    /** RSS, heap now, and live heap after a full GC (which this triggers) of the JVM {@code pid}. */
    public static Snapshot of(long pid) {
        long rss = rssMegabytes(pid);
        String heap = heapInfo(pid)
                .lines()
                .filter(line -> line.toLowerCase(Locale.ROOT).contains("total"))
                .findFirst()
                .orElse("(no heap line)")
                .trim();
        Command.of("jcmd", Long.toString(pid), "GC.run").output();
        Matcher live = USED.matcher(heapInfo(pid));
        return new Snapshot(rss, heap, live.find() ? Long.parseLong(live.group(1)) / 1024 : -1);
    }

    /** Resident memory in MiB, or -1 when the process is gone. */
    public static long rssMegabytes(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
                }
            }
        } catch (IOException e) {
            return -1;
        }
        return -1;
    }

    private static String heapInfo(long pid) {
        return Command.of("jcmd", Long.toString(pid), "GC.heap_info").output();
    }

    /** One reading: RSS in MiB, jcmd's heap total line, the live heap in MiB after a full GC. */
    public record Snapshot(long rssMegabytes, String heap, long liveHeapMegabytes) {

        @Override
        public String toString() {
            return "RSS " + rssMegabytes + " MiB; heap: " + heap + "; after a full GC used " + liveHeapMegabytes
                    + " MiB";
        }
    }
}
