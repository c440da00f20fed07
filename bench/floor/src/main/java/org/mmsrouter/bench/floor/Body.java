package org.mmsrouter.bench.floor;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.function.Consumer;

/** Reads a request's body without blocking into one array sized from its Content-Length, as the router's BodyReader does. */
final class Body implements ReadListener {

    private final ServletInputStream in;
    private final AsyncContext async;
    private final Consumer<byte[]> whole;
    private final byte[] bytes;
    private int read;

    private Body(ServletInputStream in, AsyncContext async, int length, Consumer<byte[]> whole) {
        this.in = in;
        this.async = async;
        this.whole = whole;
        this.bytes = new byte[length];
    }

    /** Starts the request's asynchronous processing and reads its body; {@code whole} gets it on the I/O thread. */
    static void read(HttpServletRequest request, HttpServletResponse response, Consumer<byte[]> whole)
            throws IOException {
        long length = request.getContentLengthLong();
        if (length < 0 || length > 1_000_000) {
            response.sendError(HttpServletResponse.SC_LENGTH_REQUIRED);
            return;
        }
        AsyncContext async = request.startAsync();
        ServletInputStream in = request.getInputStream();
        in.setReadListener(new Body(in, async, (int) length, whole));
    }

    @Override
    public void onDataAvailable() throws IOException {
        while (in.isReady() && read < bytes.length) {
            int n = in.read(bytes, read, bytes.length - read);
            if (n < 0) {
                break;
            }
            read += n;
        }
    }

    @Override
    public void onAllDataRead() {
        whole.accept(bytes);
    }

    @Override
    public void onError(Throwable failure) {
        async.complete();
    }
}
