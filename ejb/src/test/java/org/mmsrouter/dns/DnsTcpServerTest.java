package org.mmsrouter.dns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

class DnsTcpServerTest {

    private static List<InetAddress> manyAddresses() throws Exception {
        List<InetAddress> addresses = new ArrayList<>();
        for (int i = 1; i <= 60; i++) {
            addresses.add(InetAddress.getByName("192.0.2." + i));
        }
        return addresses;
    }

    @Test
    void anAnswerTooLargeForUdpComesWholeOverTcpAndAConnectionCarriesSeveralQueries() throws Exception {
        DnsAnswerer answerer = new DnsAnswerer(List.of("mms.operator.test"), manyAddresses(), 60);
        try (DnsTcpServer tcp = DnsTcpServer.start(
                        answerer, new InetSocketAddress("127.0.0.1", 0), Executors.defaultThreadFactory());
                DnsUdpServer udp = DnsUdpServer.start(
                        answerer,
                        new ResponseRateLimiter(0, 2, Clock.systemUTC()),
                        new InetSocketAddress("127.0.0.1", 0),
                        Executors.defaultThreadFactory())) {
            Message query =
                    Message.newQuery(Record.newRecord(Name.fromString("mms.operator.test."), Type.A, DClass.IN));

            byte[] overUdp =
                    answerer.answer(query.toWire(), DnsAnswerer.Transport.UDP).orElseThrow();
            Message truncated = new Message(overUdp);
            assertEquals(true, truncated.getHeader().getFlag(Flags.TC), "60 A records do not fit 512 bytes");

            SimpleResolver resolver = new SimpleResolver(InetAddress.getByName("127.0.0.1"));
            resolver.setPort(tcp.localPort());
            resolver.setTCP(true);
            resolver.setTimeout(Duration.ofSeconds(2));
            Message response = resolver.send(query);
            assertEquals(Rcode.NOERROR, response.getRcode());
            assertEquals(60, response.getSection(Section.ANSWER).size());
            assertFalse(response.getHeader().getFlag(Flags.TC));

            try (Socket socket = new Socket("127.0.0.1", tcp.localPort())) {
                DataOutputStream out = new DataOutputStream(socket.getOutputStream());
                DataInputStream in = new DataInputStream(socket.getInputStream());
                for (int i = 0; i < 3; i++) {
                    byte[] wire = query.toWire();
                    out.writeShort(wire.length);
                    out.write(wire);
                    out.flush();
                    byte[] answer = new byte[in.readUnsignedShort()];
                    in.readFully(answer);
                    assertEquals(
                            60, new Message(answer).getSection(Section.ANSWER).size(), "query " + i);
                }
            }
        }
    }

    @Test
    void garbageOnOneConnectionDoesNotStopTheServer() throws Exception {
        DnsAnswerer answerer =
                new DnsAnswerer(List.of("mms.operator.test"), List.of(InetAddress.getByName("127.0.0.1")), 60);
        try (DnsTcpServer tcp =
                DnsTcpServer.start(answerer, new InetSocketAddress("127.0.0.1", 0), Executors.defaultThreadFactory())) {
            try (Socket socket = new Socket("127.0.0.1", tcp.localPort())) {
                DataOutputStream out = new DataOutputStream(socket.getOutputStream());
                out.writeShort(40_000); // announces 40,000 bytes, sends 3, then hangs up
                out.write(new byte[] {1, 2, 3});
                out.flush();
            }
            SimpleResolver resolver = new SimpleResolver(InetAddress.getByName("127.0.0.1"));
            resolver.setPort(tcp.localPort());
            resolver.setTCP(true);
            resolver.setTimeout(Duration.ofSeconds(2));
            Message response = resolver.send(
                    Message.newQuery(Record.newRecord(Name.fromString("mms.operator.test."), Type.A, DClass.IN)));
            assertEquals(Rcode.NOERROR, response.getRcode());
        }
    }

    private static Message queryOver(int port) throws Exception {
        SimpleResolver resolver = new SimpleResolver(InetAddress.getByName("127.0.0.1"));
        resolver.setPort(port);
        resolver.setTCP(true);
        resolver.setTimeout(Duration.ofSeconds(2));
        return resolver.send(
                Message.newQuery(Record.newRecord(Name.fromString("mms.operator.test."), Type.A, DClass.IN)));
    }

    /** Connects from {@code from} and starts a query that never ends: a length, then one byte. */
    private static Socket dribbler(String from, int port) throws Exception {
        Socket socket = new Socket();
        socket.bind(new InetSocketAddress(from, 0));
        socket.connect(new InetSocketAddress("127.0.0.1", port), 2000);
        try {
            DataOutputStream out = new DataOutputStream(socket.getOutputStream());
            out.writeShort(100);
            out.write(1);
            out.flush();
        } catch (IOException e) {
            // already closed by the server (over its source's share): what closedByServer then sees
        }
        return socket;
    }

    /** Whether the server closed {@code socket} within {@code within}: a read then sees the end of the stream (or a reset). */
    private static boolean closedByServer(Socket socket, Duration within) throws Exception {
        socket.setSoTimeout((int) within.toMillis());
        try {
            return socket.getInputStream().read() < 0;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (SocketException e) {
            return true;
        }
    }

    @Test
    void aConnectionThatKeepsDribblingIsClosedAtItsDeadline() throws Exception {
        DnsAnswerer answerer =
                new DnsAnswerer(List.of("mms.operator.test"), List.of(InetAddress.getByName("127.0.0.1")), 60);
        // Idle timeout longer than the test: only the whole-connection deadline can close it.
        var limits =
                new org.mmsrouter.config.RouterSettings.DnsTcp(Duration.ofMillis(600), Duration.ofSeconds(30), 64, 8);
        try (DnsTcpServer tcp = DnsTcpServer.start(
                        answerer, new InetSocketAddress("127.0.0.1", 0), Executors.defaultThreadFactory(), limits);
                Socket slow = dribbler("127.0.0.1", tcp.localPort())) {
            long start = System.nanoTime();
            OutputStreamFeeder feeder = new OutputStreamFeeder(slow);
            feeder.start(); // a byte every 100 ms: no inactivity timeout would ever fire

            assertTrue(closedByServer(slow, Duration.ofSeconds(5)), "closed");
            long tookMs = (System.nanoTime() - start) / 1_000_000;
            assertTrue(tookMs >= 400 && tookMs < 3000, "closed at the deadline, after " + tookMs + " ms");
            feeder.interrupt();
        }
    }

    @Test
    void oneSourceGetsItsShareOfConnectionsAndTheOthersAreStillAnswered() throws Exception {
        DnsAnswerer answerer =
                new DnsAnswerer(List.of("mms.operator.test"), List.of(InetAddress.getByName("127.0.0.1")), 60);
        var limits =
                new org.mmsrouter.config.RouterSettings.DnsTcp(Duration.ofSeconds(30), Duration.ofSeconds(30), 10, 4);
        List<Socket> slow = new ArrayList<>();
        try (DnsTcpServer tcp = DnsTcpServer.start(
                answerer, new InetSocketAddress("127.0.0.1", 0), Executors.defaultThreadFactory(), limits)) {
            for (int i = 0; i < 30; i++) {
                slow.add(dribbler("127.0.0.2", tcp.localPort()));
            }
            long closed = 0;
            for (Socket socket : slow) {
                closed += closedByServer(socket, Duration.ofMillis(100)) ? 1 : 0;
            }

            assertEquals(26, closed, "all but 4 from the one source closed at once");
            assertEquals(Rcode.NOERROR, queryOver(tcp.localPort()).getRcode(), "another source is answered meanwhile");
        } finally {
            for (Socket socket : slow) {
                socket.close();
            }
        }
    }

    /** Writes a byte every 100 ms until interrupted or the socket fails. */
    private static final class OutputStreamFeeder extends Thread {
        private final Socket socket;

        OutputStreamFeeder(Socket socket) {
            this.socket = socket;
            setDaemon(true);
        }

        @Override
        public void run() {
            try {
                while (!isInterrupted()) {
                    Thread.sleep(100); // the attack's pace, not a wait for a condition
                    socket.getOutputStream().write(1);
                    socket.getOutputStream().flush();
                }
            } catch (IOException | InterruptedException e) {
                // the server closed it, or the test is over
            }
        }
    }
}
