package org.mmsrouter.tools.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class LoadReportTest {

    private static final LoadConfig CLOSED = new LoadConfig(
            URI.create("http://127.0.0.1:8080/mms"),
            50,
            Duration.ofSeconds(10),
            0,
            30_000,
            Duration.ofSeconds(5),
            Duration.ofSeconds(30),
            0,
            "r1");

    /** 1,000 answers of 1 ms … 1,000 ms (µs values 1000, 2000, …), 10 s measured. */
    private static LoadResult result(
            LoadConfig config,
            Map<Integer, Long> statuses,
            Map<Integer, Long> http,
            long io,
            long timeouts,
            long bad,
            long unfinished) {
        Histogram histogram = new Histogram(3);
        for (int i = 1; i <= 1_000; i++) {
            histogram.recordValue(i * 1_000L);
        }
        long sent = statuses.values().stream().mapToLong(Long::longValue).sum()
                + http.values().stream().mapToLong(Long::longValue).sum()
                + io
                + timeouts
                + bad
                + unfinished;
        return new LoadResult(
                config,
                30_000,
                Duration.ofSeconds(10),
                sent,
                sent + 500,
                histogram,
                new TreeMap<>(statuses),
                new TreeMap<>(http),
                io,
                timeouts,
                bad,
                unfinished,
                0,
                io > 0 ? "ConnectException" : null,
                0,
                0);
    }

    @Test
    void aCleanRunPrintsEveryFigureAndAResultLine() {
        LoadResult clean = result(CLOSED, Map.of(0x80, 1_000L), Map.of(), 0, 0, 0, 0);

        String summary = LoadReport.summary(clean);

        List<String> lines = summary.lines().toList();
        assertTrue(summary.contains("duration:           10.000 s (measured, after 5 s warm-up)"), summary);
        assertTrue(summary.contains("requests completed: 1000"), summary);
        assertTrue(summary.contains("throughput:         100.0 MM/s"), summary);
        assertTrue(
                summary.contains(
                        "latency (ms):       p50 500.223  p90 900.095  p99 990.207  p99.9 999.423  max 1000.447"),
                summary);
        assertTrue(summary.contains("  0x80 Ok: 1000"), summary);
        assertTrue(
                summary.contains(
                        "errors:             0 (HTTP: 0, I/O: 0, timeouts: 0, not an m-send-conf: 0, unfinished: 0)"),
                summary);
        assertFalse(summary.contains("first error"), summary);
        assertFalse(summary.contains("pacing"), "closed loop has no schedule");
        assertEquals(
                "RESULT throughput=100.0 p50_ms=500.223 p99_ms=990.207 p999_ms=999.423 ok=1000 errors=0 "
                        + "requests=1000 not_ok=0 ok_p99_ms=0.000 transient_p99_ms=0.000 http503_p99_ms=0.000 timeouts=0 "
                        + "transient=0 http503=0 http503_retry_after=0",
                lines.get(lines.size() - 1));
        assertTrue(clean.success());
    }

    @Test
    void statusesAndErrorsAreCountedApart() {
        LoadResult mixed =
                result(CLOSED, Map.of(0x80, 900L, 0xE2, 60L, 0xD7, 40L), Map.of(500, 3L, 503, 2L), 4, 1, 2, 5);

        String summary = LoadReport.summary(mixed);

        assertTrue(
                summary.contains("  0x80 Ok: 900\n  0xD7: 40\n  0xE2 Error-permanent-message-format-corrupt: 60\n"),
                summary);
        assertTrue(
                summary.contains("errors:             17 (HTTP: 5 [500 × 3, 503 × 2], I/O: 4, timeouts: 1, "
                        + "not an m-send-conf: 2, unfinished: 5)"),
                summary);
        assertTrue(summary.contains("first error:        ConnectException"), summary);
        assertTrue(summary.contains(" ok=900 errors=17 requests=1000 not_ok=100 "), summary);
        assertTrue(
                summary.endsWith(" timeouts=1 transient=40 http503=2 http503_retry_after=0\n"),
                "0xD7 is transient: " + summary);
        assertEquals(1_000, mixed.completed());
        assertFalse(mixed.success());
    }

    @Test
    void notOkAnswersAloneFailTheRun() {
        assertFalse(result(CLOSED, Map.of(0x80, 999L, 0xC0, 1L), Map.of(), 0, 0, 0, 0)
                .success());
        assertFalse(result(CLOSED, Map.of(), Map.of(), 0, 0, 0, 0).success(), "nothing answered is no success");
    }

    @Test
    void anOpenLoopRunReportsHowFarBehindScheduleItFell() {
        LoadConfig paced = new LoadConfig(
                CLOSED.url(), 4, Duration.ofSeconds(10), 250, 30_000, Duration.ZERO, Duration.ofSeconds(30), 0, "r2");
        Histogram histogram = new Histogram(3);
        histogram.recordValue(2_000);
        LoadResult late = new LoadResult(
                paced,
                30_000,
                Duration.ofSeconds(10),
                1,
                1,
                histogram,
                new TreeMap<>(Map.of(0x80, 1L)),
                new TreeMap<>(),
                0,
                0,
                0,
                0,
                1_500_000_000L,
                null,
                0,
                0);

        String summary = LoadReport.summary(late);

        assertTrue(
                summary.contains("pacing:             250 MM/s offered; latest send 1500.000 ms behind schedule "
                        + "(too few workers for this rate and latency)"),
                summary);
        assertTrue(LoadReport.header(paced, 30_000).contains("open loop at 250 MM/s"));
    }

    @Test
    void okAnswersAreCountedByMessageIdWhenAPatternIsGiven() {
        LoadConfig classified = new LoadConfig(
                CLOSED.url(),
                50,
                Duration.ofSeconds(10),
                0,
                30_000,
                Duration.ZERO,
                Duration.ofSeconds(30),
                0,
                "r3",
                Pattern.compile(".*@mmsc\\.sim"));
        Histogram histogram = new Histogram(3);
        histogram.recordValue(2_000);
        LoadResult result = new LoadResult(
                classified,
                30_000,
                Duration.ofSeconds(10),
                10,
                10,
                histogram,
                new TreeMap<>(Map.of(0x80, 10L)),
                new TreeMap<>(),
                0,
                0,
                0,
                0,
                0,
                null,
                7,
                3);

        String summary = LoadReport.summary(result);

        assertTrue(summary.contains("Ok Message-IDs:     7 matching .*@mmsc\\.sim, 3 other"), summary);
        assertTrue(
                LoadReport.resultLine(result).contains(" not_ok=0 matched_ids=7 other_ids=3 ok_p99_ms="),
                "the new fields come after the old ones: " + LoadReport.resultLine(result));
        assertFalse(
                LoadReport.resultLine(result(CLOSED, Map.of(0x80, 10L), Map.of(), 0, 0, 0, 0))
                        .contains("matched_ids"),
                "without a pattern the RESULT line is unchanged");
    }

    @Test
    void latenciesByOutcomeArePrintedAndAppendedToTheResultLine() {
        OutcomeLatencies byOutcome = new OutcomeLatencies();
        for (int i = 1; i <= 100; i++) {
            byOutcome.answered(0x80, i * 100L);
            byOutcome.answered(0xC0, 500_000 + i * 1_000L);
        }
        byOutcome.httpStatus(503, 2_000);
        byOutcome.httpStatus(503, 3_000);
        byOutcome.httpStatus(503, 4_000);
        Histogram overall = new Histogram(3);
        overall.recordValue(1_000);
        LoadResult result = new LoadResult(
                CLOSED,
                30_000,
                Duration.ofSeconds(10),
                204,
                204,
                overall,
                new TreeMap<>(Map.of(0x80, 100L, 0xC0, 100L)),
                new TreeMap<>(Map.of(503, 3L)),
                0,
                1,
                0,
                0,
                0,
                null,
                0,
                0,
                byOutcome,
                2);

        String summary = LoadReport.summary(result);

        assertTrue(
                summary.contains("latency by outcome (ms): ok p50/p99/max 5.003/9.903/10.007 (100); "
                        + "transient p50/p99/max 550.399/599.039/600.063 (100); "
                        + "http-503 p50/p99/max 3.001/4.001/4.001 (3, 2 with Retry-After)\n"),
                summary);
        assertTrue(
                LoadReport.resultLine(result)
                        .endsWith(" not_ok=100 ok_p99_ms=9.903 transient_p99_ms=599.039 "
                                + "http503_p99_ms=4.001 timeouts=1 transient=100 http503=3 http503_retry_after=2"),
                LoadReport.resultLine(result));
    }

    @Test
    void theHeaderSaysWhatWillRun() {
        assertEquals(
                "tools load: http://127.0.0.1:8080/mms, 50 workers, closed loop, 30000-byte m-send-reqs (--size 30000), "
                        + "warm-up 5 s, measuring 10 s, timeout 30 s, run r1",
                LoadReport.header(CLOSED, 30_000));
    }

    @Test
    void statusLabelsNameTheKnownOctets() {
        assertEquals("0x80 Ok", LoadReport.statusLabel(0x80));
        assertEquals("0xC0 Error-transient-failure", LoadReport.statusLabel(0xC0));
        assertEquals("0xE5 Error-permanent-content-not-accepted", LoadReport.statusLabel(0xE5));
        assertEquals("0xD7", LoadReport.statusLabel(0xD7));
    }
}
