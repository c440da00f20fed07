package org.mmsrouter.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Reads typed values from raw {@code mmsrouter.*} settings, noting a problem (key and reason) for
 * every key that is missing or bad instead of failing at the first: the parsers built on it check
 * everything, so one start-up attempt reports every bad key at once. Keys are given without the
 * {@link SettingsParser#PREFIX}; a bad value reads as null (0 for numbers, false for booleans).
 */
final class SettingsReader {

    private static final String PREFIX = SettingsParser.PREFIX;

    private final Map<String, String> raw;
    private final List<String> problems = new ArrayList<>();

    SettingsReader(Map<String, String> raw) {
        this.raw = raw;
    }

    /** Notes a problem that is not about one value's form (e.g. two keys that contradict each other). */
    void problem(String text) {
        problems.add(text);
    }

    /** How many problems are noted so far: a part of the settings is bad when the count grew while it was read. */
    int problemCount() {
        return problems.size();
    }

    /** Throws {@link InvalidSettingsException} listing every problem noted, if any. */
    void failIfAny() {
        if (!problems.isEmpty()) {
            throw new InvalidSettingsException(problems);
        }
    }

    /** Whether {@code key} is present at all (even blank). */
    boolean present(String key) {
        return raw.containsKey(PREFIX + key);
    }

    /** Whether {@code key} has a non-blank value. */
    boolean has(String key) {
        String value = raw.get(PREFIX + key);
        return value != null && !value.isBlank();
    }

    /** The trimmed value of {@code key}; null (and a problem noted) when it is missing or blank. */
    String value(String key) {
        String value = raw.get(PREFIX + key);
        if (value == null || value.isBlank()) {
            problems.add(PREFIX + key + ": missing");
            return null;
        }
        return value.trim();
    }

    /** {@code key}'s value converted; null (and a problem noted) when missing or refused by the converter. */
    <T> T single(String key, Function<String, T> converter) {
        String value = value(key);
        if (value == null) {
            return null;
        }
        try {
            return converter.apply(value);
        } catch (IllegalArgumentException e) {
            problems.add(PREFIX + key + ": " + e.getMessage());
            return null;
        }
    }

    /** A required comma-separated list; each bad or empty item is a problem of its own. */
    <T> List<T> list(String key, Function<String, T> converter) {
        String value = value(key);
        List<T> result = new ArrayList<>();
        if (value == null) {
            return result;
        }
        for (String item : value.split(",")) {
            String trimmed = item.trim();
            if (trimmed.isEmpty()) {
                problems.add(PREFIX + key + ": empty item in '" + value + "'");
                continue;
            }
            try {
                result.add(converter.apply(trimmed));
            } catch (IllegalArgumentException e) {
                problems.add(PREFIX + key + ": " + e.getMessage());
            }
        }
        return result;
    }

    /** A comma-separated list that may be empty (but must be present). */
    <T> List<T> optionalList(String key, Function<String, T> converter) {
        String value = raw.get(PREFIX + key);
        if (value == null) {
            problems.add(PREFIX + key + ": missing (may be empty)");
            return List.of();
        }
        return value.isBlank() ? List.of() : list(key, converter);
    }

    /** A single value that may be empty (but must be present); empty gives "". */
    String optional(String key, Function<String, String> converter) {
        String value = raw.get(PREFIX + key);
        if (value == null) {
            problems.add(PREFIX + key + ": missing (may be empty)");
            return "";
        }
        return value.isBlank() ? "" : single(key, converter);
    }

    /** true or false (any case). */
    boolean bool(String key) {
        Boolean parsed = single(key, v -> switch (v.toLowerCase()) {
            case "true" -> Boolean.TRUE;
            case "false" -> Boolean.FALSE;
            default -> throw new IllegalArgumentException("'" + v + "' is not true or false");
        });
        return Boolean.TRUE.equals(parsed);
    }

    /** A whole number within {@code min..max}. */
    int intIn(String key, int min, int max) {
        Integer parsed = single(key, v -> {
            long number;
            try {
                number = Long.parseLong(v);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("'" + v + "' is not a whole number");
            }
            if (number < min || number > max) {
                throw new IllegalArgumentException(number + " is outside " + min + ".." + max);
            }
            return (int) number;
        });
        return parsed == null ? 0 : parsed;
    }

    /** A number of milliseconds within {@code min..max}; null when bad or 0. */
    Duration millis(String key, int min, int max) {
        int value = intIn(key, min, max);
        return value == 0 ? null : Duration.ofMillis(value);
    }
}
