package org.mmsrouter.dns;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketException;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Serves {@link DnsAnswerer} over UDP on one socket. One receiving thread per processor the JVM may
 * use (at most {@value #MAX_RECEIVERS}), all on that socket, so the queries of a single resolver
 * spread over them too. Each thread receives into and sends from its own direct buffers: per query,
 * the only copies are the query's bytes handed to the answerer and the response's bytes into the
 * send buffer (no {@code DatagramPacket}, no temporary direct buffer looked up per call). The
 * socket's receive buffer is raised to {@value #RECEIVE_BUFFER_BYTES} bytes, as NSD does, so a
 * burst waits in the kernel instead of being dropped.
 */
public final class DnsUdpServer implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(DnsUdpServer.class.getName());
    private static final int MAX_UDP_QUERY = 65_535;
    /** Larger than any UDP response the answerer gives (it keeps them within the EDNS0 limit). */
    private static final int MAX_UDP_RESPONSE = 65_535;
    /** Asked of the kernel for SO_RCVBUF (it may grant less: net.core.rmem_max); NSD's default. */
    static final int RECEIVE_BUFFER_BYTES = 1 << 20;
    /** Receiving threads at most, however many processors there are. */
    static final int MAX_RECEIVERS = 4;

    /** At most one rate-limit summary line per this interval, so an attack cannot flood the log. */
    private static final long RATE_LIMIT_LOG_INTERVAL_MS = 60_000;

    private final DnsAnswerer answerer;
    private final ResponseRateLimiter limiter;
    private final DatagramChannel channel;
    private final int localPort;
    private final List<Thread> receivers = new ArrayList<>();
    private final LongAdder dropped = new LongAdder();
    private final LongAdder slipped = new LongAdder();
    private final AtomicLong lastRateLimitLog = new AtomicLong();

    private DnsUdpServer(
            DnsAnswerer answerer,
            ResponseRateLimiter limiter,
            DatagramChannel channel,
            int localPort,
            ThreadFactory threads,
            int receiverCount) {
        this.answerer = answerer;
        this.limiter = limiter;
        this.channel = channel;
        this.localPort = localPort;
        for (int i = 0; i < receiverCount; i++) {
            Thread receiver = threads.newThread(this::serve);
            receiver.setName(receiverCount == 1 ? "mms-router-dns-udp" : "mms-router-dns-udp-" + (i + 1));
            receivers.add(receiver);
        }
    }

    /**
     * Binds the socket (failing here when the port is taken) and starts serving with one receiving
     * thread per available processor, at most {@value #MAX_RECEIVERS}.
     */
    public static DnsUdpServer start(
            DnsAnswerer answerer, ResponseRateLimiter limiter, InetSocketAddress bind, ThreadFactory threads)
            throws SocketException {
        return start(answerer, limiter, bind, threads, defaultReceivers());
    }

    /** As {@link #start(DnsAnswerer, ResponseRateLimiter, InetSocketAddress, ThreadFactory)}, with {@code receiverCount} threads. */
    static DnsUdpServer start(
            DnsAnswerer answerer,
            ResponseRateLimiter limiter,
            InetSocketAddress bind,
            ThreadFactory threads,
            int receiverCount)
            throws SocketException {
        if (receiverCount < 1) {
            throw new IllegalArgumentException("at least one receiving thread is needed");
        }
        DatagramChannel channel = null;
        try {
            channel = DatagramChannel.open();
            channel.setOption(StandardSocketOptions.SO_RCVBUF, RECEIVE_BUFFER_BYTES);
            channel.bind(bind);
            int port = ((InetSocketAddress) channel.getLocalAddress()).getPort();
            DnsUdpServer server = new DnsUdpServer(answerer, limiter, channel, port, threads, receiverCount);
            server.receivers.forEach(Thread::start);
            return server;
        } catch (IOException | RuntimeException e) {
            closeQuietly(channel);
            if (e instanceof SocketException socketException) {
                throw socketException; // BindException included: the port is taken
            }
            SocketException wrapped = new SocketException(e.getMessage());
            wrapped.initCause(e);
            throw wrapped;
        }
    }

    /** One receiving thread per processor this JVM may use (1 when it is pinned to one core). */
    static int defaultReceivers() {
        return Math.max(1, Math.min(MAX_RECEIVERS, Runtime.getRuntime().availableProcessors()));
    }

    public int localPort() {
        return localPort;
    }

    /** How many threads receive on the socket. */
    int receiverCount() {
        return receivers.size();
    }

    private void serve() {
        ByteBuffer in = ByteBuffer.allocateDirect(MAX_UDP_QUERY);
        ByteBuffer out = ByteBuffer.allocateDirect(MAX_UDP_RESPONSE);
        while (channel.isOpen()) {
            SocketAddress sender = null;
            try {
                in.clear();
                sender = channel.receive(in); // blocking: never null
                in.flip();
                byte[] query = new byte[in.remaining()];
                in.get(query);
                Optional<byte[]> response = respond(query, ((InetSocketAddress) sender).getAddress());
                if (response.isPresent()) {
                    out.clear();
                    out.put(response.get()).flip();
                    channel.send(out, sender);
                } else {
                    SocketAddress from = sender;
                    LOG.fine(() -> "Dropped a packet from " + from + " that deserves no answer");
                }
            } catch (ClosedChannelException e) {
                // Closed by close() (or by an interrupt, which is how the container stops its threads): done.
                break;
            } catch (IOException | RuntimeException e) {
                // One bad packet must never stop the responder.
                LOG.log(Level.WARNING, "DNS packet from " + sender + " not answered", e);
            }
        }
    }

    /** The response to send, if any, after response rate limiting (any receiving thread calls this). */
    private Optional<byte[]> respond(byte[] query, InetAddress client) {
        ResponseRateLimiter.Decision decision = limiter.decide(client);
        if (decision == ResponseRateLimiter.Decision.SEND) {
            return answerer.answer(query, DnsAnswerer.Transport.UDP);
        }
        if (decision == ResponseRateLimiter.Decision.SLIP) {
            slipped.increment();
        } else {
            dropped.increment();
        }
        long now = System.currentTimeMillis();
        long last = lastRateLimitLog.get();
        if (now - last >= RATE_LIMIT_LOG_INTERVAL_MS && lastRateLimitLog.compareAndSet(last, now)) {
            long droppedSoFar = dropped.sum();
            long slippedSoFar = slipped.sum();
            LOG.warning(() -> "DNS response rate limit active (latest client " + client.getHostAddress() + "): "
                    + droppedSoFar + " responses dropped and " + slippedSoFar + " sent truncated so far");
        }
        return decision == ResponseRateLimiter.Decision.SLIP ? answerer.slip(query) : Optional.empty();
    }

    /** Closes the socket, which ends the receiving threads, and waits briefly for them. */
    @Override
    public void close() {
        closeQuietly(channel);
        long deadline = System.nanoTime() + 2_000_000_000L;
        try {
            for (Thread receiver : receivers) {
                long left = Math.max(1, (deadline - System.nanoTime()) / 1_000_000);
                receiver.join(left);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void closeQuietly(DatagramChannel channel) {
        if (channel == null) {
            return;
        }
        try {
            channel.close();
        } catch (IOException e) {
            LOG.log(Level.FINE, "closing the DNS socket", e);
        }
    }
}
