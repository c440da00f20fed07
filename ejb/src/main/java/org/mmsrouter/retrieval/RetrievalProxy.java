package org.mmsrouter.retrieval;

import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import org.mmsrouter.config.MmscDefinition;
import org.mmsrouter.dns.CachedResolver;
import org.mmsrouter.mm.KeptHeader;
import org.mmsrouter.mm.MmsHttp;
import org.mmsrouter.pdu.PduFormatException;
import org.mmsrouter.pdu.PduHeaders;

/**
 * Opens a retrieval (GET or HEAD) at one MMSC: the request's path and query on the MMSC's own
 * scheme, host and port, with the WAP gateway's headers. The answer's body is an open stream,
 * never buffered here: a 1 MB message passes through in small pieces.
 */
public final class RetrievalProxy {

    /**
     * Hop-by-hop headers (RFC 9110 §7.6.1) and those the HTTP client or the servlet container sets
     * itself, lower case: never passed on by the router's proxies, in either direction.
     */
    public static final Set<String> NOT_PASSED = Set.of(
            "connection",
            "keep-alive",
            "proxy-connection",
            "transfer-encoding",
            "te",
            "trailer",
            "upgrade",
            "host",
            "content-length",
            "expect");

    private final HttpClient client;
    private final Duration timeout;
    private final CachedResolver resolver;

    /**
     * One MMSC's answer: status, headers, and the body still to be read (closing it frees the
     * connection). The body's first bytes are kept as they pass ({@link #leadingBytes}): an
     * m-retrieve-conf's headers tell the router which Transaction-ID the phone will acknowledge.
     */
    public record Upstream(
            String mmscId, int status, Map<String, List<String>> headers, InputStream body, Peeking peeking)
            implements AutoCloseable {

        /** The first bytes of the body that have been read so far (at most {@link Peeking#KEPT}). */
        public byte[] leadingBytes() {
            return peeking.kept();
        }

        /** Whether the answer is an MMS PDU (by its Content-Type). */
        public boolean isMmsPdu() {
            return headers.getOrDefault("content-type", List.of()).stream()
                    .anyMatch(type -> type.toLowerCase(Locale.ROOT).startsWith(MmsHttp.MMS_CONTENT_TYPE));
        }

        /**
         * Reads the X-Mms-Retrieve-Status of an m-retrieve-conf answer from its first bytes without
         * losing them: the returned upstream still streams the whole body.
         */
        public Peeked peekRetrieveStatus() throws IOException {
            if (status >= 300 || !isMmsPdu()) {
                return new Peeked(this, OptionalInt.empty());
            }
            BufferedInputStream buffered = new BufferedInputStream(body, 2 * Peeking.KEPT);
            buffered.mark(Peeking.KEPT);
            byte[] start = buffered.readNBytes(Peeking.KEPT);
            buffered.reset();
            OptionalInt retrieveStatus = OptionalInt.empty();
            try {
                int read = PduHeaders.scan(start).retrieveStatus();
                retrieveStatus = read < 0 ? OptionalInt.empty() : OptionalInt.of(read);
            } catch (PduFormatException e) {
                // Not readable as a PDU: relayed as it is.
            }
            return new Peeked(new Upstream(mmscId, status, headers, buffered, peeking), retrieveStatus);
        }

        @Override
        public void close() {
            try {
                body.close();
            } catch (IOException e) {
                // Nothing more can go wrong with a stream being given up.
            }
        }
    }

    /**
     * An answer whose X-Mms-Retrieve-Status was read ahead.
     *
     * @param upstream       the answer, still to be streamed whole
     * @param retrieveStatus its X-Mms-Retrieve-Status; empty when it is no m-retrieve-conf or carries none
     */
    public record Peeked(Upstream upstream, OptionalInt retrieveStatus) {

        /** X-Mms-Retrieve-Status Error-permanent-message-not-found and Error-transient-message-not-found. */
        static final int MESSAGE_NOT_FOUND_PERMANENT = 0xE2;

        static final int MESSAGE_NOT_FOUND_TRANSIENT = 0xC1;

        /** Whether the MMSC said, in an m-retrieve-conf, that it does not hold the message. */
        public boolean saysMessageNotFound() {
            return retrieveStatus.isPresent()
                    && (retrieveStatus.getAsInt() == MESSAGE_NOT_FOUND_PERMANENT
                            || retrieveStatus.getAsInt() == MESSAGE_NOT_FOUND_TRANSIENT);
        }
    }

    /** @param timeout longest wait for the MMSC's status line and headers */
    public RetrievalProxy(HttpClient client, Duration timeout, CachedResolver resolver) {
        this.client = client;
        this.timeout = timeout;
        this.resolver = resolver;
    }

    public Upstream open(MmscDefinition mmsc, String method, String pathAndQuery, List<KeptHeader> headers)
            throws IOException, InterruptedException {
        URI base = mmsc.url();
        URI target = URI.create(base.getScheme() + "://" + base.getRawAuthority() + pathAndQuery);
        HttpRequest.Builder request =
                resolver.request(target, timeout).method(method, HttpRequest.BodyPublishers.noBody());
        for (KeptHeader header : headers) {
            if (!NOT_PASSED.contains(header.name().toLowerCase(Locale.ROOT))) {
                request.header(header.name(), header.value());
            }
        }
        HttpResponse<InputStream> response = client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        Peeking body = new Peeking(response.body());
        return new Upstream(mmsc.id(), response.statusCode(), response.headers().map(), body, body);
    }

    /** Passes a stream through, keeping a copy of its first {@link #KEPT} bytes. */
    public static final class Peeking extends FilterInputStream {

        /** Enough for the headers of any m-retrieve-conf seen in practice; the body is not needed. */
        static final int KEPT = 4096;

        private final byte[] kept = new byte[KEPT];
        private int keptLength;

        Peeking(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0 && keptLength < KEPT) {
                kept[keptLength++] = (byte) b;
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int read = super.read(buffer, offset, length);
            if (read > 0 && keptLength < KEPT) {
                int copy = Math.min(read, KEPT - keptLength);
                System.arraycopy(buffer, offset, kept, keptLength, copy);
                keptLength += copy;
            }
            return read;
        }

        byte[] kept() {
            return Arrays.copyOf(kept, keptLength);
        }
    }
}
