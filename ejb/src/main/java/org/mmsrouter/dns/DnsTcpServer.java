package org.mmsrouter.dns;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.mmsrouter.config.RouterSettings;
import org.mmsrouter.limits.SourceQuota;

/**
 * Serves {@link DnsAnswerer} over TCP (RFC 7766): each message is preceded by its two-byte length,
 * several queries may share a connection. Bounded (RFC 7766 section 6.2 lets a server close
 * connections to protect itself): at most {@code maxConnections} connections at once (others wait
 * in the accept backlog), at most {@code maxPerSource} from one client address (more are closed at
 * once, so one host cannot take the others' slots), a connection without a query for
 * {@code idleTimeout} closes, and every connection closes {@code connectionTimeout} after it was
 * accepted however busy it is: a client dribbling a byte now and then never resets that. A message
 * can never exceed 65,535 bytes by construction.
 */
public final class DnsTcpServer implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(DnsTcpServer.class.getName());
    /** The limits when the caller names none (the settings' defaults). */
    static final RouterSettings.DnsTcp DEFAULT_LIMITS =
            new RouterSettings.DnsTcp(Duration.ofSeconds(30), Duration.ofSeconds(10), 64, 8);

    private final DnsAnswerer answerer;
    private final ServerSocket server;
    private final ThreadFactory threads;
    private final RouterSettings.DnsTcp limits;
    private final Semaphore connections;
    private final SourceQuota<InetAddress> perSource;
    /** Closes connections that reach their deadline; one thread, the tasks only close sockets. */
    private final ScheduledThreadPoolExecutor deadlines;

    private final Thread acceptor;

    private DnsTcpServer(
            DnsAnswerer answerer, ServerSocket server, ThreadFactory threads, RouterSettings.DnsTcp limits) {
        this.answerer = answerer;
        this.server = server;
        this.threads = threads;
        this.limits = limits;
        this.connections = new Semaphore(limits.maxConnections());
        this.perSource = new SourceQuota<>(limits.maxPerSource());
        this.deadlines = new ScheduledThreadPoolExecutor(1, threads);
        this.deadlines.setRemoveOnCancelPolicy(true); // nearly every deadline is cancelled: keep the queue short
        this.acceptor = threads.newThread(this::accept);
        this.acceptor.setName("mms-router-dns-tcp");
    }

    /** Binds with the default limits (failing here when the port is taken) and starts accepting. */
    public static DnsTcpServer start(DnsAnswerer answerer, InetSocketAddress bind, ThreadFactory threads)
            throws IOException {
        return start(answerer, bind, threads, DEFAULT_LIMITS);
    }

    /** Binds (failing here when the port is taken) and starts accepting, within {@code limits}. */
    public static DnsTcpServer start(
            DnsAnswerer answerer, InetSocketAddress bind, ThreadFactory threads, RouterSettings.DnsTcp limits)
            throws IOException {
        ServerSocket socket = new ServerSocket();
        socket.setReuseAddress(true);
        socket.bind(bind, 128);
        DnsTcpServer server = new DnsTcpServer(answerer, socket, threads, limits);
        server.acceptor.start();
        return server;
    }

    public int localPort() {
        return server.getLocalPort();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                connections.acquire();
                Socket client = server.accept();
                InetAddress source = client.getInetAddress();
                if (!perSource.tryAcquire(source)) {
                    // Closed at once, before a thread is spent on it: the source already holds its share.
                    LOG.fine(() -> "DNS TCP connection from " + source.getHostAddress() + " closed: it holds "
                            + limits.maxPerSource() + " already (mmsrouter.dns.tcp.max-connections-per-source)");
                    closeQuietly(client);
                    connections.release();
                    continue;
                }
                Thread handler = threads.newThread(() -> serve(client, source));
                handler.setName("mms-router-dns-tcp-client");
                handler.start();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (IOException | RuntimeException e) {
                connections.release();
                if (!server.isClosed()) {
                    LOG.log(Level.WARNING, "DNS TCP accept failed", e);
                }
            }
        }
    }

    private void serve(Socket client, InetAddress source) {
        ScheduledFuture<?> deadline = deadlines.schedule(
                () -> closeQuietly(client), limits.connectionTimeout().toMillis(), TimeUnit.MILLISECONDS);
        try (client) {
            client.setSoTimeout((int) limits.idleTimeout().toMillis());
            DataInputStream in = new DataInputStream(client.getInputStream());
            DataOutputStream out = new DataOutputStream(client.getOutputStream());
            while (true) {
                int length = in.readUnsignedShort();
                byte[] query = new byte[length];
                in.readFully(query);
                Optional<byte[]> response = answerer.answer(query, DnsAnswerer.Transport.TCP);
                if (response.isEmpty()) {
                    return; // not a query: close rather than talk to it
                }
                out.writeShort(response.get().length);
                out.write(response.get());
                out.flush();
            }
        } catch (EOFException | SocketTimeoutException e) {
            // The client is done, or idle too long: the normal ends of a DNS TCP connection.
        } catch (SocketException e) {
            LOG.fine(() -> "DNS TCP connection ended: " + e.getMessage()); // also: its deadline closed it
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.FINE, "DNS TCP connection from " + client.getRemoteSocketAddress() + " dropped", e);
        } finally {
            deadline.cancel(false);
            perSource.release(source);
            connections.release();
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // Closing is the point; a failure to close changes nothing for the reader.
        }
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException e) {
            LOG.fine(() -> "closing the DNS TCP socket: " + e.getMessage());
        }
        acceptor.interrupt();
        deadlines.shutdownNow();
        try {
            acceptor.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
