package org.mmsrouter.tools.load;

import java.io.IOException;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.DefaultSchemePortResolver;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.impl.routing.DefaultRoutePlanner;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.HttpHeaders;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.io.SocketConfig;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.http.protocol.HttpContext;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.util.Timeout;

/**
 * POSTs m-send-reqs for a load run with Apache HttpClient 5 classic: blocking, HTTP/1.1 with
 * connections kept alive in a pool of one per worker (each worker has one MM in flight), no
 * automatic retries (a retried POST would be an MM the run did not count), no redirects, cookies or
 * compression. It replaces the JDK client because that cannot bind a local address on Java 17,
 * and {@code --source} needs every connection to come from one chosen address.
 *
 * <p>Every outcome is a {@link Reply}; nothing is thrown but {@link InterruptedException}. A reply
 * must be complete within the timeout plus a second: the socket timeout alone would let an answer
 * that trickles in byte by byte take forever, so a timer cancels the exchange at that deadline.
 */
public final class MmPoster implements AutoCloseable {

    private static final ContentType MMS = ContentType.create("application/vnd.wap.mms-message");
    private static final long GRACE_NANOS = TimeUnit.SECONDS.toNanos(1);

    /** What one POST came to. */
    public sealed interface Reply permits Answer, TimedOut, Failed {}

    /** An HTTP answer, whatever its status; {@code retryAfter}: it carried a Retry-After header. */
    public record Answer(int code, byte[] body, boolean retryAfter) implements Reply {}

    /** No connection, or no complete answer, within the timeout. */
    public record TimedOut(String detail) implements Reply {}

    /** The connection was refused or broke. */
    public record Failed(String detail) implements Reply {}

    private final CloseableHttpClient client;
    private final Duration timeout;
    private final ScheduledExecutorService deadlines;

    /**
     * @param connections most connections open at once (the run's concurrency)
     * @param timeout     longest wait for a complete answer; connecting waits at most 10 s of it
     * @param source      local address of every connection, or null for the system's choice
     */
    public MmPoster(int connections, Duration timeout, InetAddress source) {
        this.timeout = timeout;
        Timeout connect = Timeout.ofMilliseconds(Math.max(1, Math.min(timeout.toMillis(), 10_000)));
        PoolingHttpClientConnectionManager pool = PoolingHttpClientConnectionManagerBuilder.create()
                .setDefaultSocketConfig(SocketConfig.custom()
                        .setTcpNoDelay(true)
                        .setSoTimeout(Timeout.of(timeout))
                        .build())
                .setDefaultConnectionConfig(ConnectionConfig.custom()
                        .setConnectTimeout(connect)
                        .setSocketTimeout(Timeout.of(timeout))
                        .build())
                .setMaxConnPerRoute(connections)
                .setMaxConnTotal(connections)
                .build();
        HttpClientBuilder builder = HttpClients.custom()
                .setConnectionManager(pool)
                .setDefaultRequestConfig(RequestConfig.custom()
                        .setResponseTimeout(Timeout.of(timeout))
                        .setConnectionRequestTimeout(Timeout.of(timeout))
                        .setRedirectsEnabled(false)
                        .build())
                .disableAutomaticRetries()
                .disableRedirectHandling()
                .disableCookieManagement()
                .disableAuthCaching()
                .disableContentCompression();
        if (source != null) {
            builder.setRoutePlanner(new SourceRoutePlanner(source));
        }
        this.client = builder.build();
        ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, r -> {
            Thread thread = new Thread(r, "load-deadlines");
            thread.setDaemon(true);
            return thread;
        });
        // Nearly every deadline is cancelled long before it is due: do not keep them queued.
        timer.setRemoveOnCancelPolicy(true);
        this.deadlines = timer;
    }

    /** POSTs one encoded m-send-req to {@code url} and waits for the whole answer. */
    public Reply post(URI url, byte[] pdu) throws InterruptedException {
        HttpPost post = new HttpPost(url);
        post.setEntity(new ByteArrayEntity(pdu, MMS));
        AtomicBoolean late = new AtomicBoolean();
        ScheduledFuture<?> deadline = deadlines.schedule(
                () -> {
                    late.set(true);
                    post.cancel();
                },
                timeout.toNanos() + GRACE_NANOS,
                TimeUnit.NANOSECONDS);
        try {
            return client.execute(
                    post,
                    response -> new Answer(
                            response.getCode(),
                            response.getEntity() == null ? new byte[0] : EntityUtils.toByteArray(response.getEntity()),
                            response.containsHeader(HttpHeaders.RETRY_AFTER)));
        } catch (ConnectTimeoutException e) {
            return new TimedOut("no connection within the connect timeout (" + e.getMessage() + ")");
        } catch (SocketTimeoutException e) {
            return new TimedOut("no answer within " + Durations.format(timeout) + " (" + e.getMessage() + ")");
        } catch (IOException e) {
            if (late.get()) {
                return new TimedOut("no complete answer within " + Durations.format(timeout));
            }
            if (Thread.currentThread().isInterrupted()) {
                throw new InterruptedException("POST interrupted: " + e);
            }
            return new Failed(e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        } finally {
            deadline.cancel(false);
        }
    }

    /** Closes every connection, including those a stuck worker still waits on. */
    @Override
    public void close() {
        deadlines.shutdownNow();
        client.close(CloseMode.IMMEDIATE);
    }

    /** Routes every connection from one local address (HttpClient asks the planner for it). */
    private static final class SourceRoutePlanner extends DefaultRoutePlanner {

        private final InetAddress source;

        SourceRoutePlanner(InetAddress source) {
            super(DefaultSchemePortResolver.INSTANCE);
            this.source = source;
        }

        @Override
        protected InetAddress determineLocalAddress(HttpHost firstHop, HttpContext context) {
            return source;
        }
    }
}
