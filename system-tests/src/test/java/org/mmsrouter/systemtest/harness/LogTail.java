package org.mmsrouter.systemtest.harness;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The last lines of a log file, for failure reports. */
public final class LogTail {

    private LogTail() {}

    /** The last {@code lines} lines of {@code log}, or a line saying why there are none. */
    public static String of(Path log, int lines) {
        if (!Files.isRegularFile(log)) {
            return "(no log at " + log + ")";
        }
        try {
            List<String> all = Files.readAllLines(log, StandardCharsets.ISO_8859_1);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(cannot read " + log + ": " + e + ")";
        }
    }

    /** Whether {@code log} has a line containing {@code text} at or after line {@code fromLine} (1-based). */
    public static boolean contains(Path log, int fromLine, String text) {
        return linesFrom(log, fromLine).stream().anyMatch(line -> line.contains(text));
    }

    /** How many lines {@code log} has now (0 if it does not exist yet). */
    public static int lineCount(Path log) {
        return linesFrom(log, 1).size();
    }

    /** The lines of {@code log} from line {@code fromLine} (1-based) on. */
    public static List<String> linesFrom(Path log, int fromLine) {
        if (!Files.isRegularFile(log)) {
            return List.of();
        }
        try {
            List<String> all = Files.readAllLines(log, StandardCharsets.ISO_8859_1);
            return all.subList(Math.min(all.size(), Math.max(0, fromLine - 1)), all.size());
        } catch (IOException e) {
            return List.of();
        }
    }
}
