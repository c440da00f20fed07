package org.mmsrouter.tools.load;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.mmsrouter.tools.load.OutcomeLatencies.Outcome;

class OutcomeLatenciesTest {

    @Test
    void answersAreSortedByWhatTheySaid() {
        OutcomeLatencies latencies = new OutcomeLatencies();

        latencies.answered(0x80, 1_000);
        latencies.answered(0xC0, 2_000);
        latencies.answered(0xDF, 3_000);
        latencies.answered(0xE0, 9_000_000);
        latencies.answered(0x81, 9_000_000);
        latencies.httpStatus(503, 4_000);
        latencies.httpStatus(500, 9_000_000);

        assertEquals(1, latencies.count(Outcome.OK));
        assertEquals(2, latencies.count(Outcome.TRANSIENT), "0xC0 … 0xDF are transient");
        assertEquals(1, latencies.count(Outcome.HTTP_503), "other HTTP codes and permanent errors have no histogram");
        assertEquals(1.0, latencies.millis(Outcome.OK, 99), 0.001);
        assertEquals(3.0, latencies.maxMillis(Outcome.TRANSIENT), 0.01);
        assertEquals(4.0, latencies.millis(Outcome.HTTP_503, 50), 0.01);
    }

    @Test
    void anOutcomeThatDidNotOccurReadsZero() {
        OutcomeLatencies latencies = new OutcomeLatencies();

        assertEquals(0, latencies.millis(Outcome.TRANSIENT, 99));
        assertEquals(0, latencies.maxMillis(Outcome.HTTP_503));
    }

    @Test
    void workersFiguresAddUp() {
        OutcomeLatencies one = new OutcomeLatencies();
        OutcomeLatencies two = new OutcomeLatencies();
        OutcomeLatencies total = new OutcomeLatencies();
        one.answered(0x80, 1_000);
        two.answered(0x80, 5_000);
        two.httpStatus(503, 2_000);

        one.addTo(total);
        two.addTo(total);

        assertEquals(2, total.count(Outcome.OK));
        assertEquals(5.0, total.maxMillis(Outcome.OK), 0.01);
        assertEquals(1, total.count(Outcome.HTTP_503));
        assertEquals("http-503", Outcome.HTTP_503.label());
    }
}
