package org.mmsrouter.it;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The slow-client attack on an HTTP listener: raw connections that start a request and then send
 * one byte a second, for ever — of their headers (slow header) or of a body whose Content-Length
 * promises much more (slow body). One thread feeds them all; each remembers whether, and what, the
 * server answered before it closed the connection.
 */
final class SlowClients implements AutoCloseable {

    /** What a slow client sends before it starts dribbling, and from where. */
    record Kind(String name, String from, String head) {
        static Kind slowHeader(String from) {
            return new Kind(
                    "slow header from " + from, from, "POST /mms HTTP/1.1\r\nHost: mms.operator.test\r\nX-Slow: ");
        }

        static Kind slowBody(String from, String path, String contentType) {
            return new Kind(
                    "slow body to " + path + " from " + from,
                    from,
                    "POST " + path + " HTTP/1.1\r\nHost: mms.operator.test\r\n" + "Content-Type: " + contentType
                            + "\r\nContent-Length: 100000\r\n\r\n");
        }
    }

    /** One connection; {@code closedAfterMs} is -1 while the server keeps it open. */
    static final class Client {
        final Kind kind;
        final Socket socket;
        final long openedNanos = System.nanoTime();
        volatile long closedAfterMs = -1;
        final StringBuilder answer = new StringBuilder();

        Client(Kind kind, Socket socket) {
            this.kind = kind;
            this.socket = socket;
        }

        /** The status line of what the server answered before closing, or "" when it sent nothing. */
        String statusLine() {
            synchronized (answer) {
                return answer.toString().lines().findFirst().orElse("");
            }
        }
    }

    private final List<Client> clients = new ArrayList<>();
    private final ScheduledExecutorService feeder = Executors.newSingleThreadScheduledExecutor();

    /** Opens {@code count} connections of {@code kind} to {@code port} and starts feeding them. */
    SlowClients open(Kind kind, int count, int port) throws IOException {
        for (int i = 0; i < count; i++) {
            Socket socket = new Socket();
            socket.bind(new InetSocketAddress(kind.from(), 0));
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            socket.setSoTimeout(1);
            socket.getOutputStream().write(kind.head().getBytes(StandardCharsets.US_ASCII));
            synchronized (clients) {
                clients.add(new Client(kind, socket));
            }
        }
        return this;
    }

    /** Feeds every open connection one byte a second and notes which the server has closed. */
    SlowClients start() {
        feeder.scheduleAtFixedRate(this::tick, 1, 1, TimeUnit.SECONDS);
        return this;
    }

    private void tick() {
        List<Client> all;
        synchronized (clients) {
            all = List.copyOf(clients);
        }
        for (Client client : all) {
            if (client.closedAfterMs >= 0) {
                continue;
            }
            drain(client);
            if (client.closedAfterMs < 0) {
                try {
                    OutputStream out = client.socket.getOutputStream();
                    out.write('a');
                    out.flush();
                } catch (IOException e) {
                    closed(client);
                }
            }
        }
    }

    /** Reads whatever the server sent; notes the close when the stream ended or was reset. */
    private static void drain(Client client) {
        try {
            InputStream in = client.socket.getInputStream();
            byte[] buffer = new byte[4096];
            while (true) {
                int read = in.read(buffer);
                if (read < 0) {
                    closed(client);
                    return;
                }
                synchronized (client.answer) {
                    client.answer.append(new String(buffer, 0, read, StandardCharsets.ISO_8859_1));
                }
            }
        } catch (SocketTimeoutException e) {
            // nothing more for now
        } catch (IOException e) {
            closed(client);
        }
    }

    private static void closed(Client client) {
        if (client.closedAfterMs < 0) {
            client.closedAfterMs = (System.nanoTime() - client.openedNanos) / 1_000_000;
        }
    }

    /** The clients of the kind named {@code name}. */
    List<Client> of(Kind kind) {
        synchronized (clients) {
            return clients.stream().filter(c -> c.kind.equals(kind)).toList();
        }
    }

    @Override
    public void close() {
        feeder.shutdownNow();
        synchronized (clients) {
            for (Client client : clients) {
                try {
                    client.socket.close();
                } catch (IOException e) {
                    // the test is over
                }
            }
        }
    }
}
