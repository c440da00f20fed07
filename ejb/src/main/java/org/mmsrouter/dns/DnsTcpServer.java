package org.mmsrouter.dns;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Serves {@link DnsAnswerer} over TCP (RFC 7766): each message is preceded by its two-byte length,
 * several queries may share a connection. Bounded: at most {@value #MAX_CONNECTIONS} connections at
 * once (others wait in the accept backlog), an idle connection closes after
 * {@value #IDLE_TIMEOUT_MS} ms, and a message can never exceed 65,535 bytes by construction.
 */
public final class DnsTcpServer implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(DnsTcpServer.class.getName());
    static final int MAX_CONNECTIONS = 64;
    static final int IDLE_TIMEOUT_MS = 10_000;

    private final DnsAnswerer answerer;
    private final ServerSocket server;
    private final ThreadFactory threads;
    private final Semaphore connections = new Semaphore(MAX_CONNECTIONS);
    private final Thread acceptor;

    private DnsTcpServer(DnsAnswerer answerer, ServerSocket server, ThreadFactory threads) {
        this.answerer = answerer;
        this.server = server;
        this.threads = threads;
        this.acceptor = threads.newThread(this::accept);
        this.acceptor.setName("mms-router-dns-tcp");
    }

    /** Binds (failing here when the port is taken) and starts accepting. */
    public static DnsTcpServer start(DnsAnswerer answerer, InetSocketAddress bind, ThreadFactory threads) throws IOException {
        ServerSocket socket = new ServerSocket();
        socket.setReuseAddress(true);
        socket.bind(bind, 128);
        DnsTcpServer server = new DnsTcpServer(answerer, socket, threads);
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
                Thread handler = threads.newThread(() -> serve(client));
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

    private void serve(Socket client) {
        try (client) {
            client.setSoTimeout(IDLE_TIMEOUT_MS);
            DataInputStream in = new DataInputStream(client.getInputStream());
            DataOutputStream out = new DataOutputStream(client.getOutputStream());
            while (true) {
                int length = in.readUnsignedShort();
                byte[] query = new byte[length];
                in.readFully(query);
                Optional<byte[]> response = answerer.answer(query, DnsAnswerer.Transport.TCP);
                if (response.isEmpty()) {
                    return;   // not a query: close rather than talk to it
                }
                out.writeShort(response.get().length);
                out.write(response.get());
                out.flush();
            }
        } catch (EOFException | SocketTimeoutException e) {
            // The client is done, or idle too long: the normal ends of a DNS TCP connection.
        } catch (SocketException e) {
            LOG.fine(() -> "DNS TCP connection ended: " + e.getMessage());
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.FINE, "DNS TCP connection from " + client.getRemoteSocketAddress() + " dropped", e);
        } finally {
            connections.release();
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
        try {
            acceptor.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
