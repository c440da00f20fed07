package org.mmsrouter.health;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.channels.AsynchronousSocketChannel;
import java.nio.channels.CompletionHandler;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.mmsrouter.config.MmscDefinition;
import org.mmsrouter.dns.CachedResolver;

/**
 * Active TCP probe: a connection to the probe URL's host and port, closed at once. Alive when it
 * is accepted within the timeout; for MMSCs whose HTTP front end must not be bothered by probes.
 */
public final class TcpProber {

    private final Duration timeout;
    private final CachedResolver resolver;

    public TcpProber(Duration timeout, CachedResolver resolver) {
        this.timeout = timeout;
        this.resolver = resolver;
    }

    public CompletableFuture<ProbeResult> probe(MmscDefinition mmsc) {
        URI target = mmsc.probeUrl();
        int port = target.getPort() >= 0 ? target.getPort() : ("https".equals(target.getScheme()) ? 443 : 80);
        return resolver.lookup(target.getHost())
                .thenCompose(addresses -> connect(mmsc, new InetSocketAddress(addresses.get(0), port)))
                .exceptionally(failure -> {
                    Throwable cause = failure.getCause() != null ? failure.getCause() : failure;
                    return new ProbeResult(
                            mmsc.id(), false, "TCP: cannot resolve " + target.getHost() + ": " + cause.getMessage());
                });
    }

    private CompletableFuture<ProbeResult> connect(MmscDefinition mmsc, InetSocketAddress address) {
        CompletableFuture<Void> connected = new CompletableFuture<>();
        AsynchronousSocketChannel channel;
        try {
            channel = AsynchronousSocketChannel.open();
        } catch (IOException e) {
            return CompletableFuture.completedFuture(new ProbeResult(mmsc.id(), false, "TCP: " + e));
        }
        channel.connect(address, null, new CompletionHandler<Void, Void>() {
            @Override
            public void completed(Void result, Void attachment) {
                connected.complete(null);
            }

            @Override
            public void failed(Throwable failure, Void attachment) {
                connected.completeExceptionally(failure);
            }
        });
        return connected.orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS).handle((ok, failure) -> {
            close(channel);
            if (failure != null) {
                Throwable cause = failure.getCause() != null ? failure.getCause() : failure;
                return new ProbeResult(
                        mmsc.id(), false, "TCP " + cause.getClass().getSimpleName());
            }
            return new ProbeResult(mmsc.id(), true, "TCP connected");
        });
    }

    private static void close(AsynchronousSocketChannel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            // A probe socket that cannot even close changes nothing about the verdict.
        }
    }
}
