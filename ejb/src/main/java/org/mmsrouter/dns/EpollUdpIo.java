package org.mmsrouter.dns;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.socket.InternetProtocolFamily;
import java.net.BindException;
import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * UDP through Netty's native epoll transport: one socket per receiving thread, all bound to the
 * port with {@code SO_REUSEPORT} (the kernel spreads the clients over them by their address and
 * port), each on its own event loop thread. A socket that becomes readable is drained with
 * {@code recvmmsg} ({@value #DATAGRAMS_PER_CALL} datagrams per system call, up to
 * {@value #DATAGRAMS_PER_WAKEUP} per wake-up) and the responses are flushed
 * {@value #RESPONSES_PER_FLUSH} at a time (and the rest when the read ends), which Netty sends with
 * one {@code sendmmsg} each: a few system calls per batch instead of two per query. A datagram
 * longer than {@value #MAX_QUERY_BYTES} bytes is cut to that length by {@code recvmmsg} (no DNS
 * query is that long; the cut one gets the slow path's answer, FORMERR at worst).
 */
final class EpollUdpIo implements DnsUdpServer.Io {

    private static final Logger LOG = Logger.getLogger(EpollUdpIo.class.getName());

    /** The room for one datagram in a {@code recvmmsg} batch. */
    static final int MAX_QUERY_BYTES = 2048;
    /** Datagrams one {@code recvmmsg} may return (its buffer: 32 KiB, in the pooled allocator's thread cache). */
    static final int DATAGRAMS_PER_CALL = 16;
    /** Datagrams read before the loop looks at its other work. */
    static final int DATAGRAMS_PER_WAKEUP = 64;
    /**
     * Responses sent with one {@code sendmmsg}: the pending ones are flushed when this many are
     * written, and whatever is left when the read ends. Smaller batches than a whole wake-up cost
     * the kernel less per datagram on this path (decision 0004, "flush every 16"), and a response
     * leaves sooner.
     */
    static final int RESPONSES_PER_FLUSH = 16;

    private final EpollEventLoopGroup group;
    private final List<Channel> channels;
    private final List<Thread> threads;
    private final int localPort;

    private EpollUdpIo(EpollEventLoopGroup group, List<Channel> channels, List<Thread> threads, int localPort) {
        this.group = group;
        this.channels = channels;
        this.threads = threads;
        this.localPort = localPort;
    }

    /** Why the transport cannot serve here (Netty's own words), or null when it can. */
    static String unavailability() {
        if (Epoll.isAvailable()) {
            return null;
        }
        Throwable cause = Epoll.unavailabilityCause();
        return "unavailable (" + (cause == null ? "no cause given" : cause.toString()) + ")";
    }

    /** Binds {@code receiverCount} sockets to {@code bind} (failing when the port is taken) and serves. */
    static EpollUdpIo start(UdpAnswering answering, InetSocketAddress bind, ThreadFactory threads, int receiverCount)
            throws SocketException {
        List<Thread> started = new CopyOnWriteArrayList<>();
        AtomicInteger number = new AtomicInteger();
        ThreadFactory named = task -> {
            Thread thread = threads.newThread(task);
            int n = number.incrementAndGet();
            thread.setName(receiverCount == 1 ? "mms-router-dns-udp" : "mms-router-dns-udp-" + n);
            started.add(thread);
            return thread;
        };
        EpollEventLoopGroup group = new EpollEventLoopGroup(receiverCount, named);
        InternetProtocolFamily family =
                bind.getAddress() instanceof Inet4Address ? InternetProtocolFamily.IPv4 : InternetProtocolFamily.IPv6;
        Bootstrap bootstrap = new Bootstrap()
                .group(group)
                .channelFactory(() -> new EpollDatagramChannel(family))
                .option(EpollChannelOption.SO_REUSEPORT, true)
                .option(ChannelOption.SO_RCVBUF, DnsUdpServer.RECEIVE_BUFFER_BYTES)
                .option(ChannelOption.ALLOCATOR, PooledByteBufAllocator.DEFAULT)
                .option(EpollChannelOption.MAX_DATAGRAM_PAYLOAD_SIZE, MAX_QUERY_BYTES)
                .option(
                        ChannelOption.RCVBUF_ALLOCATOR,
                        new FixedRecvByteBufAllocator(MAX_QUERY_BYTES * DATAGRAMS_PER_CALL)
                                .maxMessagesPerRead(DATAGRAMS_PER_WAKEUP))
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel channel) {
                        channel.pipeline().addLast(new Responder(answering)); // one per socket: its own arrays
                    }
                });
        List<Channel> channels = new ArrayList<>();
        try {
            InetSocketAddress address = bind;
            for (int i = 0; i < receiverCount; i++) {
                // Each bind registers the channel with the group's next event loop: one socket per thread.
                Channel channel = bootstrap.bind(address).sync().channel();
                channels.add(channel);
                address = new InetSocketAddress(
                        bind.getAddress(), ((InetSocketAddress) channel.localAddress()).getPort());
            }
        } catch (Exception e) {
            // Netty rethrows the bind's own exception (an IOException naming EADDRINUSE when the port is taken).
            EpollUdpIo partial = new EpollUdpIo(group, channels, started, 0);
            partial.close();
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            SocketException failed = new BindException(e.getMessage());
            failed.initCause(e);
            throw failed;
        }
        int port = ((InetSocketAddress) channels.get(0).localAddress()).getPort();
        return new EpollUdpIo(group, List.copyOf(channels), started, port);
    }

    @Override
    public int localPort() {
        return localPort;
    }

    @Override
    public int receiverCount() {
        return channels.size();
    }

    @Override
    public String description() {
        return "Netty native epoll, " + channels.size() + " socket(s) with SO_REUSEPORT, one receiving thread"
                + " each, recvmmsg up to " + DATAGRAMS_PER_CALL + " and sendmmsg per " + RESPONSES_PER_FLUSH
                + " responses";
    }

    /** Closes the sockets, stops the event loops and waits briefly for their threads to end. */
    @Override
    public void close() {
        for (Channel channel : channels) {
            channel.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
        }
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(3, TimeUnit.SECONDS);
        DnsUdpServer.joinAll(threads); // the termination future completes just before a thread ends
    }

    /**
     * One socket's handler, on its event loop thread only: answers each datagram into its own
     * arrays, writes the response, and flushes every {@value #RESPONSES_PER_FLUSH} responses and
     * when the read ends. Per query answered from a template it allocates nothing but the outgoing
     * {@link DatagramPacket} (its buffer is pooled); Netty's receive path adds the incoming packet
     * and the sender's address.
     */
    private static final class Responder extends ChannelInboundHandlerAdapter {

        private final UdpAnswering answering;
        private final byte[] query = new byte[UdpAnswering.BUFFER_BYTES];
        private final byte[] response = new byte[UdpAnswering.BUFFER_BYTES];
        private int pending;

        Responder(UdpAnswering answering) {
            this.answering = answering;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            DatagramPacket packet = (DatagramPacket) msg;
            try {
                ByteBuf content = packet.content();
                int length = content.readableBytes();
                content.getBytes(content.readerIndex(), query, 0, length);
                InetSocketAddress sender = packet.sender();
                int answer = answering.respond(query, length, sender.getAddress(), response);
                if (answer >= 0) {
                    ByteBuf out = ctx.alloc().directBuffer(answer);
                    out.writeBytes(response, 0, answer);
                    ctx.write(new DatagramPacket(out, sender), ctx.voidPromise());
                    if (++pending == RESPONSES_PER_FLUSH) {
                        pending = 0;
                        ctx.flush();
                    }
                }
            } catch (RuntimeException e) {
                // One bad packet must never stop the responder.
                LOG.log(Level.WARNING, "DNS packet from " + packet.sender() + " not answered", e);
            } finally {
                packet.release();
            }
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            if (pending > 0) {
                pending = 0;
                ctx.flush(); // the rest of the batch's responses in one sendmmsg
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            // A failed send (e.g. no route back to a spoofed address) must not close the socket.
            LOG.log(Level.FINE, "DNS over UDP: " + cause, cause);
        }
    }
}
