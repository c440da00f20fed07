package org.mmsrouter.dns;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketException;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadFactory;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * UDP through the JDK: one {@link DatagramChannel} shared by the receiving threads, one
 * {@code recvfrom} and one {@code sendto} per query. Each thread receives into and sends from its
 * own direct buffers and answers from its own arrays, so the only per-query copies are the query's
 * bytes out of the receive buffer and the response's into the send buffer. The transport where
 * Netty's native epoll transport is not available.
 */
final class JdkUdpIo implements DnsUdpServer.Io {

    private static final Logger LOG = Logger.getLogger(JdkUdpIo.class.getName());

    private final UdpAnswering answering;
    private final DatagramChannel channel;
    private final int localPort;
    private final List<Thread> receivers = new ArrayList<>();

    private JdkUdpIo(UdpAnswering answering, DatagramChannel channel, ThreadFactory threads, int receiverCount)
            throws IOException {
        this.answering = answering;
        this.channel = channel;
        this.localPort = ((InetSocketAddress) channel.getLocalAddress()).getPort();
        for (int i = 0; i < receiverCount; i++) {
            Thread receiver = threads.newThread(this::serve);
            receiver.setName(receiverCount == 1 ? "mms-router-dns-udp" : "mms-router-dns-udp-" + (i + 1));
            receivers.add(receiver);
        }
    }

    /** Binds (failing here when the port is taken) and starts {@code receiverCount} receiving threads. */
    static JdkUdpIo start(UdpAnswering answering, InetSocketAddress bind, ThreadFactory threads, int receiverCount)
            throws SocketException {
        DatagramChannel channel = null;
        try {
            channel = DatagramChannel.open();
            channel.setOption(StandardSocketOptions.SO_RCVBUF, DnsUdpServer.RECEIVE_BUFFER_BYTES);
            channel.bind(bind);
            JdkUdpIo io = new JdkUdpIo(answering, channel, threads, receiverCount);
            io.receivers.forEach(Thread::start);
            return io;
        } catch (IOException | RuntimeException e) {
            closeQuietly(channel);
            throw DnsUdpServer.asSocketException(e);
        }
    }

    @Override
    public int localPort() {
        return localPort;
    }

    @Override
    public int receiverCount() {
        return receivers.size();
    }

    @Override
    public String description() {
        return "JDK DatagramChannel, one socket, " + receivers.size() + " receiving thread(s)";
    }

    private void serve() {
        ByteBuffer in = ByteBuffer.allocateDirect(UdpAnswering.BUFFER_BYTES);
        ByteBuffer out = ByteBuffer.allocateDirect(UdpAnswering.BUFFER_BYTES);
        byte[] query = new byte[UdpAnswering.BUFFER_BYTES];
        byte[] response = new byte[UdpAnswering.BUFFER_BYTES];
        while (channel.isOpen()) {
            SocketAddress sender = null;
            try {
                in.clear();
                sender = channel.receive(in); // blocking: never null
                in.flip();
                int length = in.remaining();
                in.get(query, 0, length);
                int answer = answering.respond(query, length, ((InetSocketAddress) sender).getAddress(), response);
                if (answer >= 0) {
                    out.clear();
                    out.put(response, 0, answer).flip();
                    channel.send(out, sender);
                } else {
                    SocketAddress from = sender;
                    LOG.finest(() -> "No answer sent to " + from + " (rate limited, or deserves none)");
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

    /** Closes the socket, which ends the receiving threads, and waits briefly for them. */
    @Override
    public void close() {
        closeQuietly(channel);
        DnsUdpServer.joinAll(receivers);
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
