package org.mmsrouter.dns;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.ThreadFactory;
import java.util.logging.Level;
import java.util.logging.Logger;

/** Serves {@link DnsAnswerer} over UDP on one socket with one receiving thread. */
public final class DnsUdpServer implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(DnsUdpServer.class.getName());
    private static final int MAX_UDP_QUERY = 65_535;

    /** At most one rate-limit summary line per this interval, so an attack cannot flood the log. */
    private static final long RATE_LIMIT_LOG_INTERVAL_MS = 60_000;

    private final DnsAnswerer answerer;
    private final ResponseRateLimiter limiter;
    private final DatagramSocket socket;
    private final Thread receiver;
    private long dropped;
    private long slipped;
    private long lastRateLimitLog;

    private DnsUdpServer(DnsAnswerer answerer, ResponseRateLimiter limiter, DatagramSocket socket, ThreadFactory threads) {
        this.answerer = answerer;
        this.limiter = limiter;
        this.socket = socket;
        this.receiver = threads.newThread(this::serve);
        this.receiver.setName("mms-router-dns-udp");
    }

    /** Binds the socket (failing here when the port is taken) and starts serving. */
    public static DnsUdpServer start(DnsAnswerer answerer, ResponseRateLimiter limiter, InetSocketAddress bind,
                                     ThreadFactory threads) throws SocketException {
        DatagramSocket socket = new DatagramSocket(bind);
        DnsUdpServer server = new DnsUdpServer(answerer, limiter, socket, threads);
        server.receiver.start();
        return server;
    }

    public int localPort() {
        return socket.getLocalPort();
    }

    private void serve() {
        byte[] buffer = new byte[MAX_UDP_QUERY];
        while (!socket.isClosed()) {
            DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
            try {
                socket.receive(packet);
                byte[] query = Arrays.copyOfRange(packet.getData(), packet.getOffset(), packet.getOffset() + packet.getLength());
                Optional<byte[]> response = respond(query, packet.getAddress());
                if (response.isPresent()) {
                    byte[] wire = response.get();
                    socket.send(new DatagramPacket(wire, wire.length, packet.getSocketAddress()));
                } else {
                    LOG.fine(() -> "Dropped a packet from " + packet.getSocketAddress() + " that deserves no answer");
                }
            } catch (SocketException e) {
                if (!socket.isClosed()) {
                    LOG.log(Level.WARNING, "DNS socket error", e);
                }
            } catch (IOException | RuntimeException e) {
                // One bad packet must never stop the responder.
                LOG.log(Level.WARNING, "DNS packet from " + packet.getSocketAddress() + " not answered", e);
            }
        }
    }

    /** The response to send, if any, after response rate limiting (only the receiving thread calls this). */
    private Optional<byte[]> respond(byte[] query, InetAddress client) {
        ResponseRateLimiter.Decision decision = limiter.decide(client);
        if (decision == ResponseRateLimiter.Decision.SEND) {
            return answerer.answer(query, DnsAnswerer.Transport.UDP);
        }
        if (decision == ResponseRateLimiter.Decision.SLIP) {
            slipped++;
        } else {
            dropped++;
        }
        long now = System.currentTimeMillis();
        if (now - lastRateLimitLog >= RATE_LIMIT_LOG_INTERVAL_MS) {
            long droppedSoFar = dropped;
            long slippedSoFar = slipped;
            LOG.warning(() -> "DNS response rate limit active (latest client " + client.getHostAddress() + "): "
                    + droppedSoFar + " responses dropped and " + slippedSoFar + " sent truncated so far");
            lastRateLimitLog = now;
        }
        return decision == ResponseRateLimiter.Decision.SLIP ? answerer.slip(query) : Optional.empty();
    }

    /** Closes the socket, which ends the receiving thread, and waits briefly for it. */
    @Override
    public void close() {
        socket.close();
        try {
            receiver.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
