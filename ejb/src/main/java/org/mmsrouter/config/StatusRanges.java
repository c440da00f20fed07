package org.mmsrouter.config;

import java.util.ArrayList;
import java.util.List;

/** A set of HTTP status codes written as in the settings: {@code 200-299,302}. */
public record StatusRanges(List<Range> ranges) {

    /** Inclusive range of status codes. */
    public record Range(int low, int high) {}

    public StatusRanges {
        ranges = List.copyOf(ranges);
        if (ranges.isEmpty()) {
            throw new IllegalArgumentException("no status given");
        }
    }

    public boolean contains(int status) {
        return ranges.stream().anyMatch(r -> status >= r.low() && status <= r.high());
    }

    /** Parses {@code 200-299,302}; codes are 100..599. */
    public static StatusRanges parse(String text) {
        List<Range> ranges = new ArrayList<>();
        for (String item : text.split(",")) {
            String trimmed = item.trim();
            int dash = trimmed.indexOf('-');
            int low = code(dash < 0 ? trimmed : trimmed.substring(0, dash), text);
            int high = dash < 0 ? low : code(trimmed.substring(dash + 1), text);
            if (high < low) {
                throw new IllegalArgumentException("'" + trimmed + "' is an empty range");
            }
            ranges.add(new Range(low, high));
        }
        return new StatusRanges(ranges);
    }

    private static int code(String digits, String whole) {
        try {
            int code = Integer.parseInt(digits.trim());
            if (code >= 100 && code <= 599) {
                return code;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("'" + whole + "' is not a list of HTTP statuses (e.g. 200-299,302)");
    }

    @Override
    public String toString() {
        return String.join(
                ",",
                ranges.stream()
                        .map(r -> r.low() == r.high() ? "" + r.low() : r.low() + "-" + r.high())
                        .toList());
    }
}
