package org.mmsrouter.web.mm1;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/** Copies an upstream answer to a client in pieces, as they come, giving up on a stalled upstream. */
final class Streams {

    static final int PIECE = 64 * 1024;

    private Streams() {}

    /**
     * Copies {@code in} to {@code out}, flushing each piece so the client sees progress and the
     * router holds nothing. The JDK HTTP client's timeout ends when the headers arrive: an upstream
     * that stalls mid-body would hold this thread for good, so a watchdog closes {@code in} when
     * one read waits longer than {@code idle} (the read then fails with an IOException).
     */
    static void copy(InputStream in, OutputStream out, ScheduledExecutorService watchdog, Duration idle)
            throws IOException {
        byte[] buffer = new byte[PIECE];
        while (true) {
            ScheduledFuture<?> guard =
                    watchdog.schedule(() -> closeQuietly(in), idle.toMillis(), TimeUnit.MILLISECONDS);
            int read;
            try {
                read = in.read(buffer);
            } finally {
                guard.cancel(false);
            }
            if (read < 0) {
                return;
            }
            out.write(buffer, 0, read);
            out.flush();
        }
    }

    private static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (IOException e) {
            // Closing is the point; a failure to close changes nothing for the waiting read.
        }
    }
}
