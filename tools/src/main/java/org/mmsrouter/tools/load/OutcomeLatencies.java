package org.mmsrouter.tools.load;

import org.HdrHistogram.Histogram;
import org.mmsrouter.pdu.ResponseStatus;

/**
 * Latency split by what the answer said, so a test of overload can hold each kind to its own
 * bound: Ok answers must stay fast for a well-behaved client, and refusals ("try later") must come
 * quickly rather than after the client has waited its whole timeout. Three histograms (µs, 3
 * significant digits): m-send-conf Ok (0x80), m-send-conf transient refusals (0xC0–0xDF), and
 * HTTP 503. Other answers are only in the run's overall histogram. Not thread-safe: one per worker,
 * merged with {@link #addTo(OutcomeLatencies)} at the end.
 */
public final class OutcomeLatencies {

    /** The kinds of answer that get a histogram of their own. */
    public enum Outcome {
        OK("ok"),
        TRANSIENT("transient"),
        HTTP_503("http-503");

        private final String label;

        Outcome(String label) {
            this.label = label;
        }

        /** As the summary prints it: {@code ok}, {@code transient}, {@code http-503}. */
        public String label() {
            return label;
        }
    }

    private final Histogram ok = new Histogram(3);
    private final Histogram transientRefusals = new Histogram(3);
    private final Histogram http503 = new Histogram(3);

    /** Records an m-send-conf answer with this X-Mms-Response-Status (Ok or transient only). */
    public void answered(int responseStatus, long micros) {
        if (ResponseStatus.isOk(responseStatus)) {
            ok.recordValue(Math.max(0, micros));
        } else if (ResponseStatus.isTransient(responseStatus)) {
            transientRefusals.recordValue(Math.max(0, micros));
        }
    }

    /** Records an HTTP answer other than 200 (only 503 is kept). */
    public void httpStatus(int code, long micros) {
        if (code == 503) {
            http503.recordValue(Math.max(0, micros));
        }
    }

    public Histogram histogram(Outcome outcome) {
        return switch (outcome) {
            case OK -> ok;
            case TRANSIENT -> transientRefusals;
            case HTTP_503 -> http503;
        };
    }

    public long count(Outcome outcome) {
        return histogram(outcome).getTotalCount();
    }

    /** Latency at a percentile (0–100) in milliseconds; 0 when there was no such answer. */
    public double millis(Outcome outcome, double percentile) {
        Histogram histogram = histogram(outcome);
        return histogram.getTotalCount() == 0 ? 0 : histogram.getValueAtPercentile(percentile) / 1_000.0;
    }

    public double maxMillis(Outcome outcome) {
        Histogram histogram = histogram(outcome);
        return histogram.getTotalCount() == 0 ? 0 : histogram.getMaxValue() / 1_000.0;
    }

    /** Adds these figures to {@code total}'s. */
    public void addTo(OutcomeLatencies total) {
        total.ok.add(ok);
        total.transientRefusals.add(transientRefusals);
        total.http503.add(http503);
    }
}
