package org.mmsrouter.systemtest.harness;

import java.util.OptionalDouble;

/** Samples read from the Prometheus text the admin API serves at {@code /metrics}. */
public final class Metrics {

    private Metrics() {}

    /** The value of the sample named exactly {@code sample} (labels included, e.g. {@code x{cause="disk"}}). */
    public static OptionalDouble value(String metrics, String sample) {
        for (String line : metrics.split("\n")) {
            if (line.startsWith(sample + " ")) {
                return OptionalDouble.of(Double.parseDouble(
                        line.substring(sample.length() + 1).trim().split("\\s+")[0]));
            }
        }
        return OptionalDouble.empty();
    }

    /** The lines of samples whose name starts with {@code prefix} (for figures). */
    public static String lines(String metrics, String prefix) {
        StringBuilder out = new StringBuilder();
        for (String line : metrics.split("\n")) {
            if (line.startsWith(prefix)) {
                out.append(out.length() == 0 ? "" : "; ").append(line);
            }
        }
        return out.toString();
    }
}
