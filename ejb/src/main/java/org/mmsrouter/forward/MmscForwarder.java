package org.mmsrouter.forward;

import java.io.IOException;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Set;
import org.mmsrouter.config.MmscDefinition;
import org.mmsrouter.dns.CachedResolver;
import org.mmsrouter.pdu.PduFormatException;
import org.mmsrouter.pdu.ResponseStatus;
import org.mmsrouter.pdu.SendConf;

/** POSTs one MM to one MMSC and classifies what happened. Plain Java over the JDK HTTP client. */
public final class MmscForwarder {

    /** Content type of MM1 PDUs. */
    public static final String MMS_CONTENT_TYPE = "application/vnd.wap.mms-message";

    /** Headers the JDK client sets itself and refuses to take from callers. */
    private static final Set<String> RESTRICTED = Set.of("connection", "content-length", "expect", "host", "upgrade");

    private final HttpClient client;
    private final Duration timeout;
    private final CachedResolver resolver;

    /**
     * @param client  shared client; build it with {@link #newClient} so MMSCs see plain HTTP/1.1 with
     *                keep-alive (no h2c upgrade attempt, which some MMSC front ends reject)
     * @param timeout  the whole exchange's limit, request and answer
     * @param resolver where MMSC host names are looked up
     */
    public MmscForwarder(HttpClient client, Duration timeout, CachedResolver resolver) {
        this.client = client;
        this.timeout = timeout;
        this.resolver = resolver;
    }

    /** A pooled keep-alive HTTP/1.1 client with the given connect timeout. */
    public static HttpClient newClient(Duration connectTimeout, java.util.concurrent.Executor executor) {
        return HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(connectTimeout)
                .executor(executor)
                .build();
    }

    public ForwardOutcome forward(MmscDefinition mmsc, QueuedMm mm) throws InterruptedException {
        HttpRequest.Builder request;
        try {
            request = resolver.request(mmsc.url(), timeout);
        } catch (UnknownHostException e) {
            return new ForwardOutcome.TransientFailure(mmsc.id(), e.getMessage());
        }
        request.header("Content-Type", MMS_CONTENT_TYPE).POST(HttpRequest.BodyPublishers.ofByteArray(mm.pdu()));
        for (KeptHeader header : mm.headers()) {
            if (!RESTRICTED.contains(header.name().toLowerCase())) {
                request.header(header.name(), header.value());
            }
        }
        HttpResponse<byte[]> response;
        try {
            response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (HttpConnectTimeoutException e) {
            return new ForwardOutcome.TransientFailure(mmsc.id(), "no connection within the connect timeout");
        } catch (HttpTimeoutException e) {
            // The MM went out and no answer came: the MMSC may have taken it, so a retry may duplicate it.
            return new ForwardOutcome.TransientFailure(mmsc.id(), "no answer within " + timeout.toMillis() + " ms", true);
        } catch (IOException e) {
            return new ForwardOutcome.TransientFailure(mmsc.id(), e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        }
        return classify(mmsc.id(), response.statusCode(), response.body());
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
}
