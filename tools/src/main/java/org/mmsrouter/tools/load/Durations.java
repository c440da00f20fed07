package org.mmsrouter.tools.load;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;

/**
 * Durations as people type them on a command line: {@code 60s}, {@code 500ms}, {@code 2m},
 * {@code 1h}, {@code 1.5s}, a plain number of seconds ({@code 30}), or ISO-8601 ({@code PT30S}).
 */
public final class Durations implements ITypeConverter<Duration> {

    private static final Pattern SIMPLE = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|m|h)?");

    @Override
    public Duration convert(String value) {
        return parse(value);
    }

    public static Duration parse(String text) {
        String value = text.trim().toLowerCase(Locale.ROOT);
        if (value.startsWith("pt") || value.startsWith("p")) {
            try {
                Duration parsed = Duration.parse(value.toUpperCase(Locale.ROOT));
                if (parsed.isNegative()) {
                    throw new IllegalArgumentException("negative duration: " + text);
                }
                return parsed;
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("not a duration: " + text + " (e.g. 60s, 500ms, 2m)");
            }
        }
        Matcher matcher = SIMPLE.matcher(value);
        if (!matcher.matches()) {
            throw new IllegalArgumentException("not a duration: " + text + " (e.g. 60s, 500ms, 2m)");
        }
        double amount = Double.parseDouble(matcher.group(1));
        String unit = matcher.group(2) == null ? "s" : matcher.group(2);
        double millis = switch (unit) {
            case "ms" -> amount;
            case "s" -> amount * 1_000;
            case "m" -> amount * 60_000;
            case "h" -> amount * 3_600_000;
            default -> throw new IllegalArgumentException("unknown unit " + unit);
        };
        return Duration.ofNanos(Math.round(millis * 1_000_000));
    }

    /** {@code 30 s}, {@code 1.5 s}, {@code 500 ms}: for reports. */
    public static String format(Duration duration) {
        long millis = duration.toMillis();
        if (millis < 1_000) {
            return millis + " ms";
        }
        if (millis % 1_000 == 0) {
            return millis / 1_000 + " s";
        }
        return String.format(Locale.ROOT, "%.3f s", millis / 1_000.0);
    }
}
