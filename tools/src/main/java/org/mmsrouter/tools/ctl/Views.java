package org.mmsrouter.tools.ctl;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The admin API's JSON answers as the tables and lines {@code mmsrouterctl} prints for people ({@code --json}
 * prints the answers themselves). Fields the server leaves out print as {@code -}.
 */
public final class Views {

    private Views() {}

    /** {@code GET /overview}: the node, admission, totals, then the MMSCs, queues and router nodes. */
    public static String status(JsonObject overview) {
        StringBuilder out = new StringBuilder();
        JsonObject admission = object(overview, "admission");
        String accepting = admission == null
                ? "-"
                : bool(admission, "accepting")
                        ? "accepting since " + text(admission, "since")
                        : "REFUSING new MMs since " + text(admission, "since") + ": " + text(admission, "refusal");
        out.append("node ")
                .append(text(overview, "node"))
                .append(": ")
                .append(accepting)
                .append('\n');
        JsonObject totals = object(overview, "totals");
        if (totals != null) {
            out.append(String.format(
                    Locale.ROOT,
                    "accepted %.1f/s, forwarded %.1f/s, failed %.1f/s, dead letters %d%n",
                    number(totals, "acceptedPerSecond"),
                    number(totals, "forwardedPerSecond"),
                    number(totals, "failedPerSecond"),
                    (long) number(totals, "deadLetters")));
        }
        Table mmscs = new Table(
                "MMSC", "HEALTH", "SINCE", "ADMIN", "PRIORITY#", "WEIGHT#", "FWD/S#", "ERRORS#", "LAST PROBE");
        for (JsonObject m : objects(overview, "mmscs")) {
            JsonObject probe = object(m, "lastProbe");
            mmscs.row(
                    text(m, "id"),
                    text(m, "health"),
                    text(m, "since"),
                    text(m, "adminState"),
                    text(m, "priority"),
                    text(m, "weight"),
                    String.format(Locale.ROOT, "%.1f", number(m, "forwardedPerSecond")),
                    String.format(Locale.ROOT, "%.0f%%", 100 * number(m, "errorRate")),
                    probe == null
                            ? null
                            : (bool(probe, "ok") ? "ok" : "FAILED")
                                    + String.format(Locale.ROOT, " %.0f ms ", number(probe, "latencyMs"))
                                    + text(probe, "detail"));
        }
        out.append('\n').append(mmscs.render());
        Table queues = new Table("QUEUE", "DEPTH#", "IN FLIGHT#", "SCHEDULED#", "OLDEST#", "ENQUEUED/S#", "CONSUMERS#");
        for (JsonObject q : objects(overview, "queues")) {
            queues.row(
                    text(q, "name"),
                    text(q, "depth"),
                    text(q, "inFlight"),
                    text(q, "scheduled"),
                    q.has("oldestAgeSeconds") && !q.get("oldestAgeSeconds").isJsonNull()
                            ? age((long) number(q, "oldestAgeSeconds"))
                            : null,
                    String.format(Locale.ROOT, "%.1f", number(q, "enqueuedPerSecond")),
                    text(q, "consumers"));
        }
        out.append('\n').append(queues.render());
        Table nodes = new Table("NODE", "LIVE", "SELF", "ADDRESSES", "STARTED", "LAST BEAT");
        for (JsonObject n : objects(overview, "nodes")) {
            nodes.row(
                    text(n, "name"),
                    bool(n, "live") ? "yes" : "NO",
                    bool(n, "self") ? "yes" : "",
                    String.join(" ", strings(n, "addresses")),
                    text(n, "startedAt"),
                    text(n, "lastBeatSeen"));
        }
        out.append('\n').append(nodes.render());
        return out.toString();
    }

    /** {@code GET /mmscs}. */
    public static String mmscs(JsonObject answer) {
        Table table = new Table(
                "MMSC", "HEALTH", "ADMIN", "PRIORITY#", "WEIGHT#", "MAX RATE#", "PREFIXES", "URL", "UPDATED BY");
        for (JsonObject m : objects(answer, "mmscs")) {
            List<String> prefixes = strings(m, "recipientPrefixes");
            table.row(
                    text(m, "id"),
                    text(m, "health"),
                    text(m, "adminState"),
                    text(m, "priority"),
                    text(m, "weight"),
                    text(m, "maxRate"),
                    prefixes.isEmpty() ? "(any)" : String.join(",", prefixes),
                    text(m, "url"),
                    text(m, "updatedBy"));
        }
        return table.render();
    }

    /** One MMSC after a change ({@code PUT …/routing} or {@code POST …/admin-state}). */
    public static String mmsc(JsonObject m) {
        return String.format(
                Locale.ROOT,
                "%s: admin state %s, priority %s, weight %s, max rate %s (health %s)%n",
                text(m, "id"),
                text(m, "adminState"),
                text(m, "priority"),
                text(m, "weight"),
                text(m, "maxRate"),
                text(m, "health"));
    }

    /** {@code GET /queue}: the page's MMs, oldest first. */
    public static String queue(JsonObject answer) {
        long total = (long) number(answer, "total");
        long page = (long) number(answer, "page");
        long size = (long) number(answer, "size");
        long pages = size <= 0 ? 1 : Math.max(1, (total + size - 1) / size);
        StringBuilder out = new StringBuilder(String.format(
                Locale.ROOT,
                "node %s: %d queued MM%s match; page %d of %d (%d a page)%s%n",
                text(answer, "node"),
                total,
                total == 1 ? "" : "s",
                page,
                pages,
                size,
                asOf(answer)));
        Table table = new Table(
                "ROUTER ID",
                "TRANSACTION ID",
                "KIND",
                "STATE",
                "SENDER",
                "RCPT#",
                "SIZE#",
                "AGE#",
                "ATTEMPTS#",
                "NEXT ATTEMPT",
                "MMSC",
                "LAST ERROR");
        for (JsonObject mm : objects(answer, "items")) {
            table.row(
                    text(mm, "routerMessageId"),
                    text(mm, "transactionId"),
                    text(mm, "kind"),
                    text(mm, "state"),
                    text(mm, "sender"),
                    text(mm, "recipients"),
                    text(mm, "sizeBytes"),
                    mm.has("ageSeconds") ? age((long) number(mm, "ageSeconds")) : null,
                    text(mm, "attempts"),
                    text(mm, "nextAttempt"),
                    text(mm, "mmsc"),
                    text(mm, "lastError"));
        }
        if (!table.isEmpty()) {
            out.append(table.render());
        }
        return out.toString();
    }

    /** {@code GET /queue/shape}: MMs per MMSC and age bucket, with a total row. */
    public static String shape(JsonObject answer) {
        List<String> buckets = strings(answer, "buckets");
        String[] headers = new String[buckets.size() + 2];
        headers[0] = "MMSC";
        headers[1] = "TOTAL#";
        for (int i = 0; i < buckets.size(); i++) {
            headers[i + 2] = buckets.get(i) + "#";
        }
        Table table = new Table(headers);
        long[] sums = new long[buckets.size()];
        for (JsonObject row : objects(answer, "rows")) {
            Object[] cells = new Object[headers.length];
            cells[0] = text(row, "mmsc");
            cells[1] = text(row, "total");
            JsonArray counts = row.has("counts") && row.get("counts").isJsonArray()
                    ? row.getAsJsonArray("counts")
                    : new JsonArray();
            for (int i = 0; i < buckets.size(); i++) {
                long count = i < counts.size() ? counts.get(i).getAsLong() : 0;
                sums[i] += count;
                cells[i + 2] = count;
            }
            table.row(cells);
        }
        Object[] total = new Object[headers.length];
        total[0] = "TOTAL";
        total[1] = text(answer, "total");
        for (int i = 0; i < sums.length; i++) {
            total[i + 2] = sums[i];
        }
        table.row(total);
        return "node " + text(answer, "node") + asOf(answer) + "\n" + table.render();
    }

    /** When the walk of the queues an answer came from was made (a deep backlog's is made behind the answer). */
    private static String asOf(JsonObject answer) {
        return answer.has("asOf") ? ", as of " + text(answer, "asOf") : "";
    }

    /** The selection a queue action or a replay by filter would touch ({@code 409} of its first step). */
    public static String selection(JsonObject answer) {
        long selected = (long) number(answer, "selected");
        return String.format(
                Locale.ROOT, "%s: %d MM%s selected", text(answer, "action"), selected, selected == 1 ? "" : "s");
    }

    /** The outcome of a confirmed queue action or replay by filter. */
    public static String actionDone(JsonObject answer) {
        long selected = (long) number(answer, "selected");
        long done = (long) number(answer, "done");
        return String.format(
                Locale.ROOT,
                "%s: %d of %d selected MM%s done%s%n",
                text(answer, "action"),
                done,
                selected,
                selected == 1 ? "" : "s",
                done < selected ? " (the others left the selection meanwhile, e.g. forwarded)" : "");
    }

    /** {@code GET /dead-letters}. */
    public static String deadLetters(JsonObject answer) {
        List<JsonObject> letters = objects(answer, "deadLetters");
        StringBuilder out = new StringBuilder(String.format(
                Locale.ROOT,
                "%s dead letter%s%s%n",
                text(answer, "total"),
                (long) number(answer, "total") == 1 ? "" : "s",
                letters.size() < number(answer, "total") ? ", the oldest " + letters.size() + " shown" : ""));
        Table table = new Table("ROUTER ID", "TRANSACTION ID", "ARRIVAL", "DEAD-LETTERED", "SIZE#", "SOURCE", "REASON");
        for (JsonObject letter : letters) {
            table.row(
                    text(letter, "routerMessageId"),
                    text(letter, "transactionId"),
                    text(letter, "arrival"),
                    text(letter, "deadLetteredAt"),
                    text(letter, "sizeBytes"),
                    text(letter, "sourceAddress"),
                    text(letter, "reason"));
        }
        if (!table.isEmpty()) {
            out.append(table.render());
        }
        return out.toString();
    }

    /** {@code GET /mms}: per-MM records. */
    public static String records(JsonObject answer) {
        List<JsonObject> records = objects(answer, "records");
        if (records.isEmpty()) {
            return "no per-MM record found (this node's latest 100,000; older ones are in mm-records.jsonl)\n";
        }
        Table table = new Table(
                "TIME",
                "NODE",
                "ROUTER ID",
                "TRANSACTION ID",
                "MESSAGE ID",
                "SENDER",
                "RCPT#",
                "SIZE#",
                "MMSC",
                "OUTCOME",
                "LATENCY MS#",
                "ATTEMPTS#");
        for (JsonObject r : records) {
            table.row(
                    text(r, "time"),
                    text(r, "node"),
                    text(r, "routerMessageId"),
                    text(r, "transactionId"),
                    text(r, "messageId"),
                    text(r, "sender"),
                    text(r, "recipients"),
                    text(r, "size"),
                    text(r, "mmsc"),
                    text(r, "outcome"),
                    text(r, "latencyMs"),
                    text(r, "attempts"));
        }
        return table.render();
    }

    /** {@code POST /reload} answered 200. */
    public static String reload(JsonObject answer) {
        List<String> applied = strings(answer, "applied");
        if (applied.isEmpty() || bool(answer, "unchanged")) {
            return "reloaded: nothing changed\n";
        }
        return "reloaded: applied " + String.join(", ", applied) + "\n";
    }

    /** Seconds as the largest two units: 45s, 10m20s, 2h03m, 3d04h. */
    public static String age(long seconds) {
        if (seconds < 60) {
            return seconds + "s";
        }
        if (seconds < 3600) {
            return String.format(Locale.ROOT, "%dm%02ds", seconds / 60, seconds % 60);
        }
        if (seconds < 86_400) {
            return String.format(Locale.ROOT, "%dh%02dm", seconds / 3600, seconds % 3600 / 60);
        }
        return String.format(Locale.ROOT, "%dd%02dh", seconds / 86_400, seconds % 86_400 / 3600);
    }

    /** {@code text} on one line (control characters as spaces), cut to {@code max} characters. */
    public static String oneLine(String text, int max) {
        if (text == null) {
            return "";
        }
        String line = text.replaceAll("[\\p{Cntrl}]+", " ").strip();
        return line.length() <= max ? line : line.substring(0, max - 1) + "…";
    }

    static String text(JsonObject o, String field) {
        if (o == null || !o.has(field) || o.get(field).isJsonNull()) {
            return null;
        }
        JsonElement value = o.get(field);
        return value.isJsonPrimitive() ? value.getAsString() : value.toString();
    }

    static double number(JsonObject o, String field) {
        if (o == null || !o.has(field) || !o.get(field).isJsonPrimitive()) {
            return 0;
        }
        try {
            return o.get(field).getAsDouble();
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    static boolean bool(JsonObject o, String field) {
        return o != null
                && o.has(field)
                && o.get(field).isJsonPrimitive()
                && o.get(field).getAsBoolean();
    }

    static JsonObject object(JsonObject o, String field) {
        return o != null && o.has(field) && o.get(field).isJsonObject() ? o.getAsJsonObject(field) : null;
    }

    static List<JsonObject> objects(JsonObject o, String field) {
        List<JsonObject> list = new ArrayList<>();
        if (o != null && o.has(field) && o.get(field).isJsonArray()) {
            for (JsonElement element : o.getAsJsonArray(field)) {
                if (element.isJsonObject()) {
                    list.add(element.getAsJsonObject());
                }
            }
        }
        return list;
    }

    static List<String> strings(JsonObject o, String field) {
        List<String> list = new ArrayList<>();
        if (o != null && o.has(field) && o.get(field).isJsonArray()) {
            for (JsonElement element : o.getAsJsonArray(field)) {
                list.add(element.isJsonPrimitive() ? element.getAsString() : element.toString());
            }
        }
        return list;
    }
}
