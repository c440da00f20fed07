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

/**
 * Active TCP probe: a connection to the probe URL's host and port, closed at once. Alive when it
 * is accepted within the timeout; for MMSCs whose HTTP front end must not be bothered by probes.
 */
public final class TcpProber {

    private final Duration timeout;

    public TcpProber(Duration timeout) {
        this.timeout = timeout;
    }

    public CompletableFuture<ProbeResult> probe(MmscDefinition mmsc) {
        URI target = mmsc.probeUrl();
        int port = target.getPort() >= 0 ? target.getPort() : ("https".equals(target.getScheme()) ? 443 : 80);
        CompletableFuture<Void> connected = new CompletableFuture<>();
        AsynchronousSocketChannel channel;
        try {
            channel = AsynchronousSocketChannel.open();
        } catch (IOException e) {
            return CompletableFuture.completedFuture(new ProbeResult(mmsc.id(), false, "TCP: " + e));
        }
        channel.connect(new InetSocketAddress(target.getHost(), port), null, new CompletionHandler<Void, Void>() {
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
                return new ProbeResult(mmsc.id(), false, "TCP " + cause.getClass().getSimpleName());
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
