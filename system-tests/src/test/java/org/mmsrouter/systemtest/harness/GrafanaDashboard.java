package org.mmsrouter.systemtest.harness;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Grafana dashboard's JSON as a monitoring test reads it: each panel's PromQL targets (panels inside
 * rows included), its template variables, and Grafana's variable syntax substituted so that Prometheus
 * can evaluate a target as Grafana would send it.
 */
public final class GrafanaDashboard {

    /** Grafana's forms of a variable reference: {@code ${name}}, {@code ${name:format}}, {@code [[name]]}, {@code $name}. */
    private static final Pattern REFERENCE = Pattern.compile("\\$\\{(\\w+)(?::\\w+)?}|\\[\\[(\\w+)]]|\\$(\\w+)");

    private static final Pattern LABEL_VALUES =
            Pattern.compile("label_values\\((.+),\\s*(\\w+)\\s*\\)", Pattern.DOTALL);

    private final JsonObject dashboard;

    private GrafanaDashboard(JsonObject dashboard) {
        this.dashboard = dashboard;
    }

    public static GrafanaDashboard read(Path file) {
        try {
            return parse(Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    public static GrafanaDashboard parse(String json) {
        return new GrafanaDashboard(JsonParser.parseString(json).getAsJsonObject());
    }

    /** One query of a panel: the panel's title, the target's refId, its PromQL, its data source's uid. */
    public record Target(String panel, String refId, String expr, String datasourceUid) {}

    /** A template variable: its name, type (query, datasource, ...) and, for a query variable, its query. */
    public record Variable(String name, String type, String query) {}

    /** Every target of every panel, rows' nested panels included, in the dashboard's order. */
    public List<Target> targets() {
        List<Target> targets = new ArrayList<>();
        collect(dashboard.getAsJsonArray("panels"), targets);
        return targets;
    }

    /** The panels that are not rows, by title (rows' nested panels included). */
    public List<String> panelTitles() {
        List<String> titles = new ArrayList<>();
        targets().stream().map(Target::panel).distinct().forEach(titles::add);
        return titles;
    }

    public List<Variable> variables() {
        List<Variable> variables = new ArrayList<>();
        JsonObject templating = dashboard.getAsJsonObject("templating");
        if (templating == null) {
            return variables;
        }
        for (JsonElement element : templating.getAsJsonArray("list")) {
            JsonObject variable = element.getAsJsonObject();
            JsonElement query = variable.get("query");
            String text = query == null
                    ? ""
                    : query.isJsonObject()
                            ? query.getAsJsonObject().get("query").getAsString()
                            : query.getAsString();
            variables.add(new Variable(
                    variable.get("name").getAsString(), variable.get("type").getAsString(), text));
        }
        return variables;
    }

    /**
     * The PromQL whose result series carry the values of Grafana's {@code label_values(selector, label)}:
     * {@code group by (label) (selector)}.
     */
    public static String labelValuesQuery(String definition) {
        Matcher m = LABEL_VALUES.matcher(definition.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("not label_values(selector, label): " + definition);
        }
        return "group by (" + m.group(2) + ") (" + m.group(1).trim() + ")";
    }

    /** The label a {@code label_values(selector, label)} definition lists. */
    public static String labelOf(String definition) {
        Matcher m = LABEL_VALUES.matcher(definition.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("not label_values(selector, label): " + definition);
        }
        return m.group(2);
    }

    /**
     * {@code expr} with every variable reference replaced by its value from {@code values} (Grafana's
     * built-ins such as {@code __rate_interval} included); a reference to a variable not in
     * {@code values} is an error: the dashboard names a variable it does not define.
     */
    public static String substitute(String expr, Map<String, String> values) {
        Matcher m = REFERENCE.matcher(expr);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String name = m.group(1) != null ? m.group(1) : m.group(2) != null ? m.group(2) : m.group(3);
            String value = values.get(name);
            if (value == null) {
                throw new IllegalArgumentException("unknown variable $" + name + " in " + expr);
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }

    /**
     * A multi-value selection as Grafana puts it into {@code =~"..."}: the values, regular-expression
     * characters escaped (the backslash doubled for PromQL's string), joined by {@code |}.
     */
    public static String regexOf(List<String> values) {
        List<String> escaped = new ArrayList<>();
        for (String value : values) {
            escaped.add(value.replaceAll("([.*+?^${}()|\\[\\]\\\\])", "\\\\\\\\$1"));
        }
        return String.join("|", escaped);
    }

    private static void collect(JsonArray panels, List<Target> into) {
        if (panels == null) {
            return;
        }
        for (JsonElement element : panels) {
            JsonObject panel = element.getAsJsonObject();
            if ("row".equals(panel.get("type").getAsString())) {
                collect(panel.getAsJsonArray("panels"), into);
                continue;
            }
            String title = panel.get("title").getAsString();
            JsonArray targets = panel.getAsJsonArray("targets");
            if (targets == null || targets.isEmpty()) {
                into.add(new Target(title, "", "", uid(panel)));
                continue;
            }
            for (JsonElement t : targets) {
                JsonObject target = t.getAsJsonObject();
                into.add(new Target(
                        title,
                        target.has("refId") ? target.get("refId").getAsString() : "",
                        target.has("expr") ? target.get("expr").getAsString() : "",
                        target.has("datasource") ? uid(target) : uid(panel)));
            }
        }
    }

    private static String uid(JsonObject owner) {
        JsonElement datasource = owner.get("datasource");
        if (datasource == null || datasource.isJsonNull()) {
            return "";
        }
        return datasource.isJsonObject()
                ? datasource.getAsJsonObject().get("uid").getAsString()
                : datasource.getAsString();
    }
}
