package org.mmsrouter.forward;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.SocketConfig;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;
import org.mmsrouter.config.MmscDefinition;
import org.mmsrouter.dns.CachedResolver;
import org.mmsrouter.mm.ForwardOutcome;
import org.mmsrouter.mm.KeptHeader;
import org.mmsrouter.mm.MmsHttp;
import org.mmsrouter.mm.QueuedMm;
import org.mmsrouter.pdu.PduFormatException;
import org.mmsrouter.pdu.ResponseStatus;
import org.mmsrouter.pdu.SendConf;

/**
 * POSTs one MM to one MMSC and classifies what happened. The exchange runs on the calling thread
 * (Apache HttpClient's classic, blocking client over a keep-alive pool per MMSC): the forwarding
 * thread writes the PDU from the message's own array and reads the answer itself, with no selector
 * or executor thread in between, which the JDK client puts on every exchange.
 */
public final class MmscForwarder {

    /** Content type of MM1 PDUs. */
    public static final String MMS_CONTENT_TYPE = MmsHttp.MMS_CONTENT_TYPE;

    private static final ContentType MMS = ContentType.create(MMS_CONTENT_TYPE);

    /** Headers the client sets itself; a WAP gateway's are not passed on. */
    private static final Set<String> RESTRICTED =
            Set.of("connection", "content-length", "expect", "host", "upgrade", "transfer-encoding", "content-type");

    private final CloseableHttpClient client;
    private final Duration timeout;

    /**
     * @param client  shared client; build it with {@link #blockingClient}
     * @param timeout how long the MMSC may stay silent once the MM went out (the answer's read timeout)
     */
    public MmscForwarder(CloseableHttpClient client, Duration timeout) {
        this.client = client;
        this.timeout = timeout;
    }

    /**
     * A pooled keep-alive HTTP/1.1 client for forwarding: connections per MMSC up to
     * {@code connectionsPerMmsc} (one per forwarding thread is enough), host names resolved by the
     * router's TTL-respecting {@code resolver}, no automatic retries (a POST retried by the client
     * would be a duplicate the router cannot count), no redirects, cookies or compression.
     */
    public static CloseableHttpClient blockingClient(
            Duration connectTimeout, Duration timeout, CachedResolver resolver, int connectionsPerMmsc) {
        PoolingHttpClientConnectionManager connections = PoolingHttpClientConnectionManagerBuilder.create()
                .setDnsResolver(new CachedDnsResolver(resolver, connectTimeout))
                .setDefaultSocketConfig(SocketConfig.custom()
                        .setTcpNoDelay(true)
                        .setSoTimeout(Timeout.of(timeout))
                        .build())
                .setDefaultConnectionConfig(ConnectionConfig.custom()
                        .setConnectTimeout(Timeout.of(connectTimeout))
                        .setSocketTimeout(Timeout.of(timeout))
                        // A connection the MMSC may have closed while idle is checked before it is reused.
                        .setValidateAfterInactivity(TimeValue.ofSeconds(1))
                        .setTimeToLive(TimeValue.ofMinutes(5))
                        .build())
                .setMaxConnPerRoute(connectionsPerMmsc)
                .setMaxConnTotal(connectionsPerMmsc * 16)
                .build();
        return HttpClients.custom()
                .setConnectionManager(connections)
                .setDefaultRequestConfig(RequestConfig.custom()
                        .setResponseTimeout(Timeout.of(timeout))
                        .setConnectionRequestTimeout(Timeout.of(timeout))
                        .setRedirectsEnabled(false)
                        .build())
                .disableAutomaticRetries()
                .disableRedirectHandling()
                .disableCookieManagement()
                .disableAuthCaching()
                .disableContentCompression()
                .evictExpiredConnections()
                .build();
    }

    public ForwardOutcome forward(MmscDefinition mmsc, QueuedMm mm) throws InterruptedException {
        URI url = mmsc.url();
        HttpPost post = new HttpPost(url);
        // The PDU goes out from the message's own array: no copy.
        post.setEntity(new ByteArrayEntity(mm.pdu(), MMS));
        for (KeptHeader header : mm.headers()) {
            if (!RESTRICTED.contains(header.name().toLowerCase())) {
                post.addHeader(header.name(), header.value());
            }
        }
        try {
            return client.execute(
                    post,
                    response -> classify(
                            mmsc.id(),
                            response.getCode(),
                            response.getEntity() == null
                                    ? new byte[0]
                                    : EntityUtils.toByteArray(response.getEntity())));
        } catch (UnknownHostException e) {
            return new ForwardOutcome.TransientFailure(mmsc.id(), e.getMessage());
        } catch (ConnectTimeoutException e) {
            return new ForwardOutcome.TransientFailure(mmsc.id(), "no connection within the connect timeout");
        } catch (SocketTimeoutException e) {
            // The MM went out and no answer came: the MMSC may have taken it, so a retry may duplicate it.
            return new ForwardOutcome.TransientFailure(
                    mmsc.id(), "no answer within " + timeout.toMillis() + " ms", true);
        } catch (ConnectException e) {
            return new ForwardOutcome.TransientFailure(
                    mmsc.id(), "ConnectException" + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        } catch (InterruptedIOException e) {
            throw new InterruptedException("forwarding to " + mmsc.id() + " interrupted");
        } catch (IOException e) {
            return new ForwardOutcome.TransientFailure(
                    mmsc.id(), e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        }
    }

    static ForwardOutcome classify(String mmscId, int httpStatus, byte[] body) {
        if (httpStatus >= 500 || httpStatus == 408 || httpStatus == 429) {
            return new ForwardOutcome.TransientFailure(mmscId, "HTTP " + httpStatus);
        }
        if (httpStatus >= 300) {
            return new ForwardOutcome.PermanentFailure(mmscId, "HTTP " + httpStatus);
        }
        SendConf conf;
        try {
            conf = SendConf.decode(body);
        } catch (PduFormatException e) {
            // An MMSC that answers 2xx with garbage is broken right now; another may take the MM.
            return new ForwardOutcome.TransientFailure(mmscId, "unreadable m-send-conf " + e.getMessage());
        }
        int status = conf.responseStatus();
        if (ResponseStatus.isOk(status)) {
            return new ForwardOutcome.Accepted(mmscId, conf, body);
        }
        String reason = String.format("X-Mms-Response-Status 0x%02X", status);
        return ResponseStatus.isTransient(status)
                ? new ForwardOutcome.TransientFailure(mmscId, reason)
                : new ForwardOutcome.PermanentFailure(mmscId, reason, body);
    }

    /** MMSC host names through the router's cache (TTL-respecting, hosts file first), as HttpClient asks. */
    private record CachedDnsResolver(CachedResolver resolver, Duration limit) implements DnsResolver {

        @Override
        public InetAddress[] resolve(String host) throws UnknownHostException {
            try {
                List<InetAddress> addresses = resolver.lookup(host).get(limit.toMillis(), TimeUnit.MILLISECONDS);
                return addresses.toArray(new InetAddress[0]);
            } catch (ExecutionException e) {
                Throwable cause = e.getCause() == null ? e : e.getCause();
                throw new UnknownHostException("cannot resolve " + host + ": "
                        + (cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage()));
            } catch (TimeoutException e) {
                throw new UnknownHostException("cannot resolve " + host + " within " + limit.toMillis() + " ms");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new UnknownHostException("cannot resolve " + host + ": interrupted");
            }
        }

        @Override
        public String resolveCanonicalHostname(String host) {
            return host;
        }
    }
}
