package org.mmsrouter.health;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.mmsrouter.config.MmscDefinition;

/**
 * Active probe: an HTTP GET of the MMSC's probe URL. Any answer below 500 within the timeout
 * means the MMSC's HTTP front end is alive; a 5xx, a refused connection or a timeout means not.
 */
public final class HttpProber {

    private final HttpClient client;
    private final Duration timeout;

    public HttpProber(HttpClient client, Duration timeout) {
        this.client = client;
        this.timeout = timeout;
    }

    public CompletableFuture<ProbeResult> probe(MmscDefinition mmsc) {
        HttpRequest request = HttpRequest.newBuilder(mmsc.probeUrl())
                .timeout(timeout)
                .header("User-Agent", "MMS-Router-Probe")
                .GET()
                .build();
        return client.sendAsync(request, HttpResponse.BodyHandlers.discarding())
                .orTimeout(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)
                .handle((response, failure) -> {
                    if (failure != null) {
                        Throwable cause = failure.getCause() != null ? failure.getCause() : failure;
                        return new ProbeResult(mmsc.id(), false, cause.getClass().getSimpleName()
                                + (cause.getMessage() == null ? "" : ": " + cause.getMessage()));
                    }
                    int status = response.statusCode();
                    return new ProbeResult(mmsc.id(), status < 500, "HTTP " + status);
                });
    }
}
