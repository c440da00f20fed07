package org.mmsrouter.retrieval;

import java.io.IOException;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.mmsrouter.config.MmscDefinition;
import org.mmsrouter.dns.CachedResolver;
import org.mmsrouter.mm.KeptHeader;
import org.mmsrouter.mm.MmsHttp;
import org.mmsrouter.pdu.PduFormatException;
import org.mmsrouter.pdu.PduHeaders;
import org.mmsrouter.pdu.ResponseStatus;

/**
 * POSTs one follow-up PDU to one MMSC's MM1 URL and says what the answer means for routing:
 * taken, "not mine" (404, or a confirmation saying message-not-found: a sweep asks the next
 * MMSC), worth retrying, or refused for good. Plain Java over the JDK HTTP client.
 */
public final class FollowUpForwarder {

    /** What one MMSC made of a follow-up PDU. */
    public sealed interface Answer {
        /** Taken: the HTTP status and, for a request, the confirmation to relay (else an empty body). */
        record Taken(String mmscId, int httpStatus, String contentType, byte[] body) implements Answer {}

        /** The MMSC does not hold the message. */
        record NotMine(String mmscId) implements Answer {}

        /** Unreachable, timed out, 5xx, 408/429: worth retrying later. */
        record Transient(String mmscId, String reason) implements Answer {}

        /** Refused for good (another 4xx): retrying will not help. */
        record Refused(String mmscId, String reason) implements Answer {}
    }

    private final HttpClient client;
    private final Duration timeout;
    private final CachedResolver resolver;

    public FollowUpForwarder(HttpClient client, Duration timeout, CachedResolver resolver) {
        this.client = client;
        this.timeout = timeout;
        this.resolver = resolver;
    }

    public Answer post(MmscDefinition mmsc, byte[] pdu, List<KeptHeader> headers) throws InterruptedException {
        HttpRequest.Builder request;
        try {
            request = resolver.request(mmsc.url(), timeout);
        } catch (UnknownHostException e) {
            return new Answer.Transient(mmsc.id(), e.getMessage());
        }
        request.header("Content-Type", MmsHttp.MMS_CONTENT_TYPE).POST(HttpRequest.BodyPublishers.ofByteArray(pdu));
        for (KeptHeader header : headers) {
            if (!RetrievalProxy.NOT_PASSED.contains(header.name().toLowerCase(Locale.ROOT))
                    && !header.name().equalsIgnoreCase("content-type")) {
                request.header(header.name(), header.value());
            }
        }
        HttpResponse<byte[]> response;
        try {
            response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (HttpConnectTimeoutException e) {
            return new Answer.Transient(mmsc.id(), "no connection within the connect timeout");
        } catch (IOException e) {
            return new Answer.Transient(
                    mmsc.id(), e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        }
        return classify(
                mmsc.id(),
                response.statusCode(),
                response.headers().firstValue("Content-Type").orElse(null),
                response.body());
    }

    static Answer classify(String mmscId, int status, String contentType, byte[] body) {
        if (status == 404 || status == 410) {
            return new Answer.NotMine(mmscId);
        }
        if (status >= 500 || status == 408 || status == 429) {
            return new Answer.Transient(mmscId, "HTTP " + status);
        }
        if (status >= 300) {
            return new Answer.Refused(mmscId, "HTTP " + status);
        }
        if (body.length > 0) {
            try {
                if (ResponseStatus.isMessageNotFound(PduHeaders.scan(body).responseStatus())) {
                    return new Answer.NotMine(mmscId);
                }
            } catch (PduFormatException e) {
                // Not a PDU: whatever the MMSC answered with 2xx is relayed as it is.
            }
        }
        return new Answer.Taken(mmscId, status, contentType, body);
    }
}
