package org.mmsrouter.web.mm1;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * Reads a request body without blocking a thread ({@link ReadListener}): the container calls back
 * as data arrives, and the bytes go straight into one array — sized from Content-Length when the
 * request declares one, so the array handed on is the one read into, never copied again. Past
 * {@code limit} the rest of the body is read and dropped, so that the answer goes out on a
 * connection in a clean state (an HTTP/2 stream whose body was left unread ends in GOAWAY), up to
 * as much again as the limit; the handler then gets the truncated body (before the end, when even
 * that is exceeded). The handler runs once, on the container's thread, and must not block.
 *
 * <p>With {@link #within} the whole body has a deadline: a client that dribbles it (a byte a
 * second resets every inactivity timeout) is given up at the first byte after the deadline, and
 * the timeout handler runs instead of the body handler — on the container's thread, like the
 * others, so it may answer and close the request there. A client that sends nothing more at all
 * is the container's read timeout's to end (the failure handler then runs). Exactly one of the
 * three handlers runs.
 */
final class BodyReader implements ReadListener {

    /** Initial buffer when the length is not declared (chunked). */
    private static final int UNDECLARED_START = 16 * 1024;

    private final ServletInputStream in;
    private final int limit;
    private final Consumer<Mm1Servlet.BoundedBody> onBody;
    private final Consumer<Throwable> onFailure;
    private byte[] buffer;
    private int length;
    /** Set once, by whichever of body, failure and deadline comes first. */
    private final AtomicBoolean done = new AtomicBoolean();

    private volatile ScheduledFuture<?> deadline;
    /** Set by the timer when the deadline passed; acted on by the next callback. */
    private volatile boolean expired;

    private Runnable onTimeout;
    /** Bytes read and dropped past the limit. */
    private long dropped;

    /**
     * @param declaredLength the request's Content-Length, or -1
     * @param limit          the largest body accepted
     */
    BodyReader(
            ServletInputStream in,
            long declaredLength,
            int limit,
            Consumer<Mm1Servlet.BoundedBody> onBody,
            Consumer<Throwable> onFailure) {
        this.in = in;
        this.limit = limit;
        this.onBody = onBody;
        this.onFailure = onFailure;
        this.buffer = new byte[initialSize(declaredLength, limit)];
    }

    /** Exactly the declared length when it is within the limit (plus one byte to see "more than declared"). */
    static int initialSize(long declaredLength, int limit) {
        if (declaredLength >= 0 && declaredLength <= limit) {
            return (int) declaredLength;
        }
        return Math.min(limit + 1, UNDECLARED_START);
    }

    /**
     * Arms a deadline for the whole body: when it is not all here within {@code timeout}, the next
     * byte that arrives runs {@code onTimeout} (on the container's thread) instead of being read,
     * and no other handler runs after it.
     */
    BodyReader within(ScheduledExecutorService timer, Duration timeout, Runnable onTimeout) {
        this.onTimeout = onTimeout;
        deadline = timer.schedule(() -> expired = true, timeout.toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    /** Whether the deadline has passed (the body may still have been handed on before it). */
    boolean expired() {
        return expired;
    }

    @Override
    public void onDataAvailable() throws IOException {
        while (!done.get() && in.isReady()) {
            if (expired && done.compareAndSet(false, true)) {
                onTimeout.run();
                return;
            }
            if (length > limit) {
                drop();
                return;
            }
            if (length == buffer.length) {
                // Only an undeclared (or wrongly declared) length gets here.
                buffer = Arrays.copyOf(
                        buffer, (int) Math.min(limit + 1L, Math.max(UNDECLARED_START, buffer.length * 2L)));
            }
            int read = in.read(buffer, length, buffer.length - length);
            if (read < 0) {
                return; // onAllDataRead follows
            }
            length += read;
        }
    }

    /**
     * Reads past the limit into a scratch array while data is ready, until the body ends (then
     * onAllDataRead follows) or as much again as the limit was dropped.
     */
    private void drop() throws IOException {
        byte[] scratch = new byte[8 * 1024];
        while (!done.get() && in.isReady()) {
            int read = in.read(scratch, 0, scratch.length);
            if (read < 0) {
                return; // onAllDataRead follows
            }
            dropped += read;
            if (dropped > limit) {
                finish(true);
            }
        }
    }

    @Override
    public void onAllDataRead() {
        finish(length > limit);
    }

    @Override
    public void onError(Throwable failure) {
        if (done.compareAndSet(false, true)) {
            disarm();
            onFailure.accept(failure);
        }
    }

    private void finish(boolean truncated) {
        if (!done.compareAndSet(false, true)) {
            return;
        }
        disarm();
        int kept = Math.min(length, limit);
        onBody.accept(
                new Mm1Servlet.BoundedBody(kept == buffer.length ? buffer : Arrays.copyOf(buffer, kept), truncated));
    }

    private void disarm() {
        ScheduledFuture<?> armed = deadline;
        if (armed != null) {
            armed.cancel(false);
        }
    }
}
