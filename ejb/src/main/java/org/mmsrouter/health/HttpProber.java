package org.mmsrouter.health;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.mmsrouter.config.MmscDefinition;
import org.mmsrouter.dns.CachedResolver;

/**
 * Active HTTP probe: a request (GET by default) to the MMSC's probe URL. An answer with one of the
 * MMSC's alive statuses (by default any below 500: its HTTP front end works) within the timeout
 * means alive; another status, a refused connection or a timeout means not.
 */
public final class HttpProber {

    private final HttpClient client;
    private final Duration timeout;
    private final CachedResolver resolver;

    public HttpProber(HttpClient client, Duration timeout, CachedResolver resolver) {
        this.client = client;
        this.timeout = timeout;
        this.resolver = resolver;
    }

    public CompletableFuture<ProbeResult> probe(MmscDefinition mmsc) {
        return resolver.target(mmsc.probeUrl())
                .thenCompose(target -> {
                    HttpRequest.Builder request = HttpRequest.newBuilder(target.uri())
                            .timeout(timeout)
                            .header("User-Agent", "MMS-Router-Probe")
                            .method(mmsc.probe().method(), HttpRequest.BodyPublishers.noBody());
                    target.hostHeader().ifPresent(host -> request.header("Host", host));
                    return client.sendAsync(request.build(), HttpResponse.BodyHandlers.discarding());
                })
                .orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .handle((response, failure) -> {
                    if (failure != null) {
                        Throwable cause = failure.getCause() != null ? failure.getCause() : failure;
                        return new ProbeResult(
                                mmsc.id(),
                                false,
                                cause.getClass().getSimpleName()
                                        + (cause.getMessage() == null ? "" : ": " + cause.getMessage()));
                    }
                    int status = response.statusCode();
                    return new ProbeResult(mmsc.id(), mmsc.probe().alive().contains(status), "HTTP " + status);
                });
    }
}
