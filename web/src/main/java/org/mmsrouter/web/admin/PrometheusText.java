package org.mmsrouter.web.admin;

import java.util.LinkedHashMap;
import java.util.Map;
import org.mmsrouter.metrics.LatencyHistogram;

/**
 * Writes the Prometheus text exposition format (version 0.0.4): one {@code # HELP} and
 * {@code # TYPE} line per metric family, then its samples, label values escaped.
 */
final class PrometheusText {

    private final StringBuilder out = new StringBuilder();

    /** Starts a metric family: {@code type} is counter, gauge or histogram. */
    PrometheusText family(String name, String type, String help) {
        out.append("# HELP ")
                .append(name)
                .append(' ')
                .append(help.replace("\\", "\\\\").replace("\n", "\\n"))
                .append('\n');
        out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
        return this;
    }

    /** One sample; {@code labels} as name, value, name, value, … */
    PrometheusText sample(String name, double value, String... labels) {
        out.append(name);
        if (labels.length > 0) {
            Map<String, String> pairs = new LinkedHashMap<>();
            for (int i = 0; i + 1 < labels.length; i += 2) {
                pairs.put(labels[i], labels[i + 1]);
            }
            out.append('{');
            boolean first = true;
            for (Map.Entry<String, String> label : pairs.entrySet()) {
                out.append(first ? "" : ",")
                        .append(label.getKey())
                        .append("=\"")
                        .append(label.getValue()
                                .replace("\\", "\\\\")
                                .replace("\"", "\\\"")
                                .replace("\n", "\\n"))
                        .append('"');
                first = false;
            }
            out.append('}');
        }
        out.append(' ');
        if (value == Math.rint(value) && !Double.isInfinite(value)) {
            out.append((long) value);
        } else {
            out.append(value);
        }
        out.append('\n');
        return this;
    }

    /**
     * The samples of one histogram (its family started with type histogram): a {@code _bucket} per
     * bound with {@code le}, the {@code +Inf} bucket, {@code _sum} and {@code _count}.
     */
    PrometheusText histogram(String name, LatencyHistogram.Snapshot snapshot, String labelName, String labelValue) {
        double[] bounds = snapshot.upperBounds();
        long[] counts = snapshot.cumulativeCounts();
        for (int i = 0; i < bounds.length; i++) {
            sample(name + "_bucket", counts[i], labelName, labelValue, "le", Double.toString(bounds[i]));
        }
        sample(name + "_bucket", snapshot.count(), labelName, labelValue, "le", "+Inf");
        sample(name + "_sum", snapshot.sumSeconds(), labelName, labelValue);
        return sample(name + "_count", snapshot.count(), labelName, labelValue);
    }

    @Override
    public String toString() {
        return out.toString();
    }
}
