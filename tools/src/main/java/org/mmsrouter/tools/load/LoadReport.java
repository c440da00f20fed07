package org.mmsrouter.tools.load;

import java.util.Locale;
import java.util.Map;
import org.mmsrouter.tools.load.OutcomeLatencies.Outcome;

/** The summary a load run prints: for people, then one {@code RESULT} line for scripts. */
public final class LoadReport {

    private static final Map<Integer, String> STATUS_NAMES = Map.ofEntries(
            Map.entry(0x80, "Ok"),
            Map.entry(0x81, "Error-unspecified"),
            Map.entry(0x82, "Error-service-denied"),
            Map.entry(0x83, "Error-message-format-corrupt"),
            Map.entry(0x84, "Error-sending-address-unresolved"),
            Map.entry(0x85, "Error-message-not-found"),
            Map.entry(0x86, "Error-network-problem"),
            Map.entry(0x87, "Error-content-not-accepted"),
            Map.entry(0x88, "Error-unsupported-message"),
            Map.entry(0xC0, "Error-transient-failure"),
            Map.entry(0xC1, "Error-transient-sending-address-unresolved"),
            Map.entry(0xC2, "Error-transient-message-not-found"),
            Map.entry(0xC3, "Error-transient-network-problem"),
            Map.entry(0xC4, "Error-transient-partial-success"),
            Map.entry(0xE0, "Error-permanent-failure"),
            Map.entry(0xE1, "Error-permanent-service-denied"),
            Map.entry(0xE2, "Error-permanent-message-format-corrupt"),
            Map.entry(0xE3, "Error-permanent-sending-address-unresolved"),
            Map.entry(0xE4, "Error-permanent-message-not-found"),
            Map.entry(0xE5, "Error-permanent-content-not-accepted"),
            Map.entry(0xE6, "Error-permanent-reply-charging-limitations-not-met"),
            Map.entry(0xE7, "Error-permanent-reply-charging-request-not-accepted"),
            Map.entry(0xE8, "Error-permanent-reply-charging-forwarding-denied"),
            Map.entry(0xE9, "Error-permanent-reply-charging-not-supported"),
            Map.entry(0xEA, "Error-permanent-address-hiding-not-supported"),
            Map.entry(0xEB, "Error-permanent-lack-of-prepaid"));

    private LoadReport() {}

    /** {@code 0x80 Ok}, {@code 0xE2 Error-permanent-message-format-corrupt}, {@code 0xD7} for unnamed ones. */
    public static String statusLabel(int status) {
        String name = STATUS_NAMES.get(status);
        return String.format(Locale.ROOT, "0x%02X", status) + (name == null ? "" : " " + name);
    }

    /** What the run was about to do, printed before it starts. */
    public static String header(LoadConfig config, int pduSize) {
        return String.format(
                Locale.ROOT,
                "tools load: %s%s, %d workers, %s, %d-byte m-send-reqs (--size %d), "
                        + "warm-up %s, measuring %s%s, timeout %s, run %s",
                config.url(),
                config.source() == null ? "" : " from " + config.source().getHostAddress(),
                config.concurrency(),
                config.closedLoop() ? "closed loop" : "open loop at " + number(config.rate()) + " MM/s",
                pduSize,
                config.size(),
                Durations.format(config.warmup()),
                Durations.format(config.duration()),
                config.count() > 0 ? " or " + config.count() + " MMs" : "",
                Durations.format(config.timeout()),
                config.runId());
    }

    /** The human summary followed by the {@code RESULT} line; lines end with '\n'. */
    public static String summary(LoadResult result) {
        StringBuilder out = new StringBuilder();
        line(
                out,
                "duration:           %.3f s (measured, after %s warm-up)",
                result.elapsed().toNanos() / 1e9,
                Durations.format(result.config().warmup()));
        line(out, "requests sent:      %d (%d with the warm-up)", result.sent(), result.totalSent());
        line(out, "requests completed: %d", result.completed());
        line(out, "throughput:         %.1f MM/s", result.throughput());
        line(
                out,
                "latency (ms):       p50 %.3f  p90 %.3f  p99 %.3f  p99.9 %.3f  max %.3f",
                result.latencyMillis(50),
                result.latencyMillis(90),
                result.latencyMillis(99),
                result.latencyMillis(99.9),
                result.maxLatencyMillis());
        line(
                out,
                "latency by outcome (ms): %s; %s; %s",
                outcome(result, Outcome.OK, ""),
                outcome(result, Outcome.TRANSIENT, ""),
                outcome(
                        result,
                        Outcome.HTTP_503,
                        result.http503() == 0 ? "" : ", " + result.http503RetryAfter() + " with Retry-After"));
        if (!result.config().closedLoop()) {
            line(
                    out,
                    "pacing:             %s MM/s offered; latest send %.3f ms behind schedule%s",
                    number(result.config().rate()),
                    result.maxLagNanos() / 1e6,
                    result.maxLagNanos() > 1_000_000_000L ? " (too few workers for this rate and latency)" : "");
        }
        line(out, "m-send-conf by X-Mms-Response-Status:");
        if (result.statuses().isEmpty()) {
            line(out, "  (none)");
        }
        result.statuses().forEach((status, n) -> line(out, "  %s: %d", statusLabel(status), n));
        StringBuilder http = new StringBuilder();
        result.httpErrors()
                .forEach((code, n) -> http.append(http.length() == 0 ? "" : ", ")
                        .append(code)
                        .append(" × ")
                        .append(n));
        line(
                out,
                "errors:             %d (HTTP: %d%s, I/O: %d, timeouts: %d, not an m-send-conf: %d, unfinished: %d)",
                result.errors(),
                result.httpErrorCount(),
                http.length() == 0 ? "" : " [" + http + "]",
                result.ioErrors(),
                result.timeouts(),
                result.badAnswers(),
                result.unfinished());
        if (result.config().messageIds() != null) {
            line(
                    out,
                    "Ok Message-IDs:     %d matching %s, %d other",
                    result.matchedIds(),
                    result.config().messageIds().pattern(),
                    result.otherIds());
        }
        if (result.firstError() != null) {
            line(out, "first error:        %s", result.firstError());
        }
        out.append(resultLine(result)).append('\n');
        return out.toString();
    }

    /**
     * {@code RESULT throughput=… p50_ms=… p99_ms=… p999_ms=… ok=… errors=… requests=… not_ok=…
     * [matched_ids=… other_ids=…] ok_p99_ms=… transient_p99_ms=… http503_p99_ms=… timeouts=…
     * transient=… http503=… http503_retry_after=…}. Fields are only ever appended, so scripts that
     * read the older ones by name or position keep working. A p99 of an outcome that did not occur is 0.
     */
    public static String resultLine(LoadResult result) {
        String line = String.format(
                Locale.ROOT,
                "RESULT throughput=%.1f p50_ms=%.3f p99_ms=%.3f p999_ms=%.3f ok=%d errors=%d "
                        + "requests=%d not_ok=%d",
                result.throughput(),
                result.latencyMillis(50),
                result.latencyMillis(99),
                result.latencyMillis(99.9),
                result.ok(),
                result.errors(),
                result.completed(),
                result.notOk());
        if (result.config().messageIds() != null) {
            line += " matched_ids=" + result.matchedIds() + " other_ids=" + result.otherIds();
        }
        OutcomeLatencies byOutcome = result.byOutcome();
        return line
                + String.format(
                        Locale.ROOT,
                        " ok_p99_ms=%.3f transient_p99_ms=%.3f http503_p99_ms=%.3f timeouts=%d "
                                + "transient=%d http503=%d http503_retry_after=%d",
                        byOutcome.millis(Outcome.OK, 99),
                        byOutcome.millis(Outcome.TRANSIENT, 99),
                        byOutcome.millis(Outcome.HTTP_503, 99),
                        result.timeouts(),
                        result.transientRefusals(),
                        result.http503(),
                        result.http503RetryAfter());
    }

    /** {@code ok p50/p99/max 1.234/5.678/9.012 (n<note>)} */
    private static String outcome(LoadResult result, Outcome outcome, String note) {
        OutcomeLatencies byOutcome = result.byOutcome();
        return String.format(
                Locale.ROOT,
                "%s p50/p99/max %.3f/%.3f/%.3f (%d%s)",
                outcome.label(),
                byOutcome.millis(outcome, 50),
                byOutcome.millis(outcome, 99),
                byOutcome.maxMillis(outcome),
                byOutcome.count(outcome),
                note);
    }

    private static String number(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : String.format(Locale.ROOT, "%.2f", value);
    }

    private static void line(StringBuilder out, String format, Object... args) {
        out.append(String.format(Locale.ROOT, format, args)).append('\n');
    }
}
