package org.mmsrouter.retrieval;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.mmsrouter.config.MmscDefinition;
import org.mmsrouter.dns.CachedResolver;
import org.mmsrouter.forward.KeptHeader;

/**
 * Opens a retrieval (GET or HEAD) at one MMSC: the request's path and query on the MMSC's own
 * scheme, host and port, with the WAP gateway's headers. The answer's body is an open stream,
 * never buffered here: a 1 MB message passes through in small pieces.
 */
public final class RetrievalProxy {

    /** Hop-by-hop headers (RFC 9110 §7.6.1) and those the HTTP client sets itself: never passed on. */
    static final Set<String> NOT_PASSED = Set.of("connection", "keep-alive", "proxy-connection", "transfer-encoding", "te",
            "trailer", "upgrade", "host", "content-length", "expect");

    private final HttpClient client;
    private final Duration timeout;
    private final CachedResolver resolver;

    /** One MMSC's answer: status, headers, and the body still to be read (closing it frees the connection). */
    public record Upstream(String mmscId, int status, Map<String, List<String>> headers, InputStream body)
            implements AutoCloseable {
        @Override
        public void close() {
            try {
                body.close();
            } catch (IOException e) {
                // Nothing more can go wrong with a stream being given up.
            }
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
        CachedResolver.Target direct;
        try {
            direct = resolver.target(target).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IOException("cannot resolve " + base.getHost() + ": " + (e.getCause() == null ? e : e.getCause()).getMessage());
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(direct.uri()).timeout(timeout)
                .method(method, HttpRequest.BodyPublishers.noBody());
        direct.hostHeader().ifPresent(host -> request.header("Host", host));
        for (KeptHeader header : headers) {
            if (!NOT_PASSED.contains(header.name().toLowerCase(Locale.ROOT))) {
                request.header(header.name(), header.value());
            }
        }
        HttpResponse<InputStream> response = client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        return new Upstream(mmsc.id(), response.statusCode(), response.headers().map(), response.body());
    }
}
