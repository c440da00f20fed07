package org.mmsrouter.web.mm1;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class BodyReaderTest {

    /**
     * A non-blocking input stream as a container offers it: the body arrives in chunks, each
     * readable until it is used up ({@code isReady} false), then the next "arrives".
     */
    private static final class ChunkedInput extends ServletInputStream {
        private final byte[] body;
        private final int chunk;
        private final boolean endless;
        private int position;
        private int readableUntil;

        ChunkedInput(byte[] body, int chunk, boolean endless) {
            this.body = body;
            this.chunk = chunk;
            this.endless = endless;
        }

        /** The next chunk arrived: what a container does before calling onDataAvailable. */
        boolean arrive() {
            if (!endless && position >= body.length) {
                return false;
            }
            readableUntil = endless ? position + chunk : Math.min(body.length, position + chunk);
            return true;
        }

        @Override
        public boolean isFinished() {
            return !endless && position >= body.length;
        }

        @Override
        public boolean isReady() {
            return isFinished() || position < readableUntil;
        }

        @Override
        public void setReadListener(ReadListener listener) {}

        @Override
        public int read() {
            throw new UnsupportedOperationException("BodyReader reads arrays");
        }

        @Override
        public int read(byte[] into, int offset, int length) {
            if (isFinished()) {
                return -1;
            }
            int n = Math.min(length, readableUntil - position);
            for (int i = 0; i < n; i++) {
                into[offset + i] = endless ? 7 : body[position + i];
            }
            position += n;
            return n;
        }
    }

    private final List<Mm1Servlet.BoundedBody> bodies = new ArrayList<>();
    private final List<Throwable> failures = new ArrayList<>();

    /** Feeds {@code input} chunk by chunk as a container would, until the reader is done or the body ends. */
    private void feed(ChunkedInput input, BodyReader reader) throws IOException {
        while (bodies.isEmpty() && input.arrive()) {
            reader.onDataAvailable();
        }
        if (bodies.isEmpty() && input.isFinished()) {
            reader.onAllDataRead();
        }
    }

    private static byte[] randomBody(int length) {
        byte[] body = new byte[length];
        new Random(length).nextBytes(body);
        return body;
    }

    @Test
    void aDeclaredBodyIsReadIntoOneArrayOfExactlyItsLength() throws IOException {
        byte[] body = randomBody(30_000);
        ChunkedInput input = new ChunkedInput(body, 8_192, false);
        BodyReader reader = new BodyReader(input, body.length, 300_000, bodies::add, failures::add);
        feed(input, reader);
        assertEquals(1, bodies.size());
        assertFalse(bodies.get(0).truncated());
        assertArrayEquals(body, bodies.get(0).bytes());
        assertEquals(
                body.length,
                BodyReader.initialSize(body.length, 300_000),
                "sized once from Content-Length, never grown");
    }

    @Test
    void aChunkedBodyOfUnknownLengthGrowsAndArrivesWhole() throws IOException {
        byte[] body = randomBody(100_001);
        ChunkedInput input = new ChunkedInput(body, 4_000, false);
        BodyReader reader = new BodyReader(input, -1, 300_000, bodies::add, failures::add);
        feed(input, reader);
        assertFalse(bodies.get(0).truncated());
        assertArrayEquals(body, bodies.get(0).bytes());
    }

    @Test
    void anEmptyBodyIsAnEmptyArray() throws IOException {
        ChunkedInput input = new ChunkedInput(new byte[0], 10, false);
        BodyReader reader = new BodyReader(input, 0, 1_000, bodies::add, failures::add);
        feed(input, reader);
        assertEquals(0, bodies.get(0).bytes().length);
        assertFalse(bodies.get(0).truncated());
    }

    @Test
    void aBodyOfExactlyTheLimitIsNotTruncated() throws IOException {
        byte[] body = randomBody(1_024);
        ChunkedInput input = new ChunkedInput(body, 100, false);
        BodyReader reader = new BodyReader(input, -1, 1_024, bodies::add, failures::add);
        feed(input, reader);
        assertFalse(bodies.get(0).truncated());
        assertArrayEquals(body, bodies.get(0).bytes());
    }

    @Test
    void theRestOfAnOversizedBodyIsReadAndDroppedBeforeTheTruncatedBodyIsHandedOn() throws IOException {
        byte[] body = randomBody(150_000);
        ChunkedInput input = new ChunkedInput(body, 10_000, false);
        BodyReader reader = new BodyReader(input, body.length, 100_000, bodies::add, failures::add);
        input.arrive();
        reader.onDataAvailable();
        assertTrue(bodies.isEmpty());
        feed(input, reader);
        assertTrue(input.isFinished(), "read to the end");
        assertTrue(bodies.get(0).truncated());
        assertArrayEquals(Arrays.copyOf(body, 100_000), bodies.get(0).bytes());
    }

    @Test
    void readingStopsEvenForAnEndlessBody() throws IOException {
        ChunkedInput input = new ChunkedInput(null, 64 * 1024, true);
        BodyReader reader = new BodyReader(input, -1, 1_048_576, bodies::add, failures::add);
        feed(input, reader);
        assertEquals(1, bodies.size(), "handed on once, without waiting for an end that never comes");
        assertTrue(input.position <= 2 * 1_048_576 + 64 * 1024 + 1, "stops dropping after as much again as the limit");
        assertTrue(bodies.get(0).truncated());
        assertEquals(1_048_576, bodies.get(0).bytes().length);
    }

    @Test
    void aBrokenConnectionIsReportedOnceAndNothingIsHandedOn() throws IOException {
        byte[] body = randomBody(5_000);
        ChunkedInput input = new ChunkedInput(body, 1_000, false);
        BodyReader reader = new BodyReader(input, body.length, 10_000, bodies::add, failures::add);
        input.arrive();
        reader.onDataAvailable();
        IOException reset = new IOException("connection reset");
        reader.onError(reset);
        reader.onError(new IOException("again"));
        assertTrue(bodies.isEmpty());
        assertEquals(1, failures.size());
        assertSame(reset, failures.get(0));
    }

    @Test
    void aDribbledBodyIsGivenUpAtItsDeadlineAndNothingElseIsHandedOn() throws Exception {
        byte[] body = randomBody(5_000);
        ChunkedInput input = new ChunkedInput(body, 1, false); // a byte at a time
        ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1);
        CountDownLatch timedOut = new CountDownLatch(1);
        try {
            BodyReader reader = new BodyReader(input, body.length, 10_000, bodies::add, failures::add)
                    .within(timer, Duration.ofMillis(50), timedOut::countDown);
            input.arrive();
            reader.onDataAvailable();
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (!reader.expired() && System.nanoTime() < until) {
                Thread.onSpinWait();
            }
            assertEquals(1, timedOut.getCount(), "nothing happens until the next byte");

            input.arrive(); // the next byte, too late
            reader.onDataAvailable();
            assertEquals(0, timedOut.getCount(), "the next byte after the deadline ends the read");
            input.arrive();
            reader.onDataAvailable();
            reader.onAllDataRead();
            reader.onError(new IOException("closed"));
            assertTrue(bodies.isEmpty(), "no body after the deadline");
            assertTrue(failures.isEmpty(), "no failure after the deadline");
        } finally {
            timer.shutdownNow();
        }
    }

    @Test
    void aBodyInTimeDisarmsItsDeadline() throws Exception {
        byte[] body = randomBody(5_000);
        ChunkedInput input = new ChunkedInput(body, 1_000, false);
        ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1);
        timer.setRemoveOnCancelPolicy(true);
        CountDownLatch timedOut = new CountDownLatch(1);
        try {
            BodyReader reader = new BodyReader(input, body.length, 10_000, bodies::add, failures::add)
                    .within(timer, Duration.ofMinutes(1), timedOut::countDown);
            assertEquals(1, timer.getQueue().size(), "armed");

            feed(input, reader);

            assertEquals(1, bodies.size());
            assertTrue(timer.getQueue().isEmpty(), "disarmed once the body is here");
            assertEquals(1, timedOut.getCount());
        } finally {
            timer.shutdownNow();
        }
    }
}
