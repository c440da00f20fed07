package org.mmsrouter.dns;

import java.net.InetSocketAddress;
import java.net.SocketException;
import java.util.List;
import java.util.concurrent.ThreadFactory;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Serves {@link DnsAnswerer} over UDP. Where Netty's native epoll transport is available (Linux;
 * WildFly ships it), each receiving thread has its own socket on the port ({@code SO_REUSEPORT}: the
 * kernel spreads clients over them), receives several datagrams per system call ({@code recvmmsg})
 * and sends the batch's responses with one ({@code sendmmsg}): see {@link EpollUdpIo}. Elsewhere, one
 * JDK {@code DatagramChannel} shared by the receiving threads, one system call per datagram each
 * way ({@link JdkUdpIo}). Either way one receiving thread per processor the JVM may use (at most
 * {@value #MAX_RECEIVERS}), queries answered from wire templates where they can be
 * ({@link DnsAnswerer#answerUdp}), response rate limiting first ({@link UdpAnswering}), and each
 * socket's receive buffer raised to {@value #RECEIVE_BUFFER_BYTES} bytes, as NSD does, so a burst
 * waits in the kernel instead of being dropped. The start logs which transport serves.
 */
public final class DnsUdpServer implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(DnsUdpServer.class.getName());
    /** Asked of the kernel for SO_RCVBUF (it may grant less: net.core.rmem_max); NSD's default. */
    static final int RECEIVE_BUFFER_BYTES = 1 << 20;
    /** Receiving threads at most, however many processors there are. */
    static final int MAX_RECEIVERS = 4;

    /** The sockets and threads under one server. */
    interface Io extends AutoCloseable {
        int localPort();

        int receiverCount();

        /** Which transport this is, for the log. */
        String description();

        @Override
        void close();
    }

    /** Which transport to use. */
    enum Transport {
        /** Netty's native epoll transport if it is available, else the JDK's. */
        BEST_AVAILABLE,
        /** The JDK's {@code DatagramChannel}, whatever else is available. */
        JDK
    }

    private final Io io;

    private DnsUdpServer(Io io) {
        this.io = io;
    }

    /**
     * Binds the socket(s) (failing here when the port is taken) and starts serving with one receiving
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
        return start(answerer, limiter, bind, threads, receiverCount, Transport.BEST_AVAILABLE);
    }

    /** As the others, on the {@code transport} asked for. */
    static DnsUdpServer start(
            DnsAnswerer answerer,
            ResponseRateLimiter limiter,
            InetSocketAddress bind,
            ThreadFactory threads,
            int receiverCount,
            Transport transport)
            throws SocketException {
        if (receiverCount < 1) {
            throw new IllegalArgumentException("at least one receiving thread is needed");
        }
        UdpAnswering answering = new UdpAnswering(answerer, limiter);
        String epollMissing = transport == Transport.JDK ? "not asked for" : epollUnavailability();
        Io io = epollMissing == null
                ? EpollUdpIo.start(answering, bind, threads, receiverCount)
                : JdkUdpIo.start(answering, bind, threads, receiverCount);
        LOG.info(() -> "DNS over UDP on " + bind.getHostString() + ":" + io.localPort() + ": " + io.description()
                + (epollMissing == null ? "" : " (Netty's native epoll transport: " + epollMissing + ")"));
        return new DnsUdpServer(io);
    }

    /** Why Netty's native epoll transport cannot serve, or null when it can. */
    static String epollUnavailability() {
        try {
            return EpollUdpIo.unavailability();
        } catch (LinkageError e) {
            // Netty's classes are not visible (no module dependency, or not on the class path).
            LOG.log(Level.FINE, "Netty's epoll transport not loadable", e);
            return "not on the class path (" + e + ")";
        }
    }

    /** One receiving thread per processor this JVM may use (1 when it is pinned to one core). */
    static int defaultReceivers() {
        return Math.max(1, Math.min(MAX_RECEIVERS, Runtime.getRuntime().availableProcessors()));
    }

    public int localPort() {
        return io.localPort();
    }

    /** How many threads receive. */
    int receiverCount() {
        return io.receiverCount();
    }

    /** Which transport serves, as logged at the start. */
    String description() {
        return io.description();
    }

    /** Closes the socket(s), which ends the receiving threads, and waits briefly for them. */
    @Override
    public void close() {
        io.close();
    }

    /** {@code e} as the SocketException the start declares (a BindException when the port is taken). */
    static SocketException asSocketException(Exception e) {
        if (e instanceof SocketException socketException) {
            return socketException;
        }
        SocketException wrapped = new SocketException(e.getMessage());
        wrapped.initCause(e);
        return wrapped;
    }

    /** Waits up to 2 s in all for {@code threads} to end. */
    static void joinAll(List<Thread> threads) {
        long deadline = System.nanoTime() + 2_000_000_000L;
        try {
            for (Thread thread : threads) {
                long left = Math.max(1, (deadline - System.nanoTime()) / 1_000_000);
                thread.join(left);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
