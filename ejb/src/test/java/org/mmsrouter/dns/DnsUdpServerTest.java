package org.mmsrouter.dns;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

class DnsUdpServerTest {

    @Test
    void keepsAnsweringAfterGarbageOnARealSocket() throws Exception {
        DnsAnswerer answerer =
                new DnsAnswerer(List.of("mms.operator.test"), List.of(InetAddress.getByName("127.0.0.1")), 60);
        try (DnsUdpServer server = DnsUdpServer.start(
                answerer,
                new ResponseRateLimiter(0, 2, Clock.systemUTC()),
                new InetSocketAddress("127.0.0.1", 0),
                Executors.defaultThreadFactory())) {
            try (DatagramSocket client = new DatagramSocket()) {
                byte[] garbage = {(byte) 0xFF, 0x00, 0x7E};
                client.send(new DatagramPacket(
                        garbage, garbage.length, InetAddress.getByName("127.0.0.1"), server.localPort()));
            }
            SimpleResolver resolver = new SimpleResolver(InetAddress.getByName("127.0.0.1"));
            resolver.setPort(server.localPort());
            resolver.setTimeout(Duration.ofSeconds(2));

            Message response = resolver.send(
                    Message.newQuery(Record.newRecord(Name.fromString("mms.operator.test."), Type.A, DClass.IN)));

            assertEquals(Rcode.NOERROR, response.getRcode());
            assertEquals(1, response.getSection(Section.ANSWER).size());
        }
    }

    @Test
    void aBurstBeyondTheRateLimitGetsSomeTruncatedAnswersAndNoFullOnes() throws Exception {
        DnsAnswerer answerer =
                new DnsAnswerer(List.of("mms.operator.test"), List.of(InetAddress.getByName("127.0.0.1")), 60);
        ResponseRateLimiter limiter = new ResponseRateLimiter(10, 2, Clock.systemUTC());
        try (DnsUdpServer server = DnsUdpServer.start(
                        answerer, limiter, new InetSocketAddress("127.0.0.1", 0), Executors.defaultThreadFactory());
                DatagramSocket client = new DatagramSocket()) {
            client.setSoTimeout(500);
            byte[] query = Message.newQuery(Record.newRecord(Name.fromString("mms.operator.test."), Type.A, DClass.IN))
                    .toWire();
            for (int i = 0; i < 40; i++) {
                client.send(new DatagramPacket(
                        query, query.length, InetAddress.getByName("127.0.0.1"), server.localPort()));
            }
            int full = 0;
            int truncated = 0;
            byte[] buffer = new byte[1500];
            while (true) {
                DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
                try {
                    client.receive(packet);
                } catch (SocketTimeoutException e) {
                    break;
                }
                Message response = new Message(Arrays.copyOf(packet.getData(), packet.getLength()));
                if (response.getHeader().getFlag(org.xbill.DNS.Flags.TC)) {
                    truncated++;
                } else {
                    full++;
                }
            }
            // A burst of one second's worth (10) is answered in full (a few more if the burst spans
            // refills on a slow machine); of the rest, every second one goes out truncated, the others
            // are dropped.
            int limited = 40 - full;
            org.junit.jupiter.api.Assertions.assertTrue(full >= 10 && full <= 25, "full answers: " + full);
            org.junit.jupiter.api.Assertions.assertTrue(
                    Math.abs(truncated - limited / 2) <= 1, truncated + " truncated of " + limited + " limited");
        }
    }

    @Test
    void severalReceivingThreadsShareTheSocketAndEveryQueryGetsItsOwnAnswer() throws Exception {
        DnsAnswerer answerer =
                new DnsAnswerer(List.of("mms.operator.test"), List.of(InetAddress.getByName("192.0.2.7")), 60);
        int clients = 4;
        int queriesPerClient = 200;
        try (DnsUdpServer server = DnsUdpServer.start(
                answerer,
                new ResponseRateLimiter(0, 2, Clock.systemUTC()),
                new InetSocketAddress("127.0.0.1", 0),
                Executors.defaultThreadFactory(),
                3)) {
            assertEquals(3, server.receiverCount());
            ExecutorService pool = Executors.newFixedThreadPool(clients);
            try {
                List<Future<Integer>> answered = new ArrayList<>();
                for (int c = 0; c < clients; c++) {
                    int client = c;
                    answered.add(pool.submit(() -> exchange(server.localPort(), client, queriesPerClient)));
                }
                for (Future<Integer> count : answered) {
                    assertEquals(queriesPerClient, count.get(30, TimeUnit.SECONDS));
                }
            } finally {
                pool.shutdownNow();
            }
        }
    }

    /**
     * Sends {@code count} queries in windows of 20 from one socket, each with its own ID and name
     * case (0x20), and counts the answers that match a query sent: same ID, same question as asked,
     * NOERROR with the address for the apex' A, NXDOMAIN for other names.
     */
    private static int exchange(int port, int client, int count) throws Exception {
        try (DatagramSocket socket = new DatagramSocket()) {
            socket.setSoTimeout(2000);
            Map<Integer, Message> pending = new HashMap<>();
            int matched = 0;
            int next = 0;
            byte[] buffer = new byte[1500];
            while (matched < count) {
                while (next < count && pending.size() < 20) {
                    String name = next % 3 == 0
                            ? "MMS.operator.Test."
                            : next % 3 == 1 ? "mms.operator.test." : "x" + next + ".mms.operator.test.";
                    Message query = Message.newQuery(Record.newRecord(Name.fromString(name), Type.A, DClass.IN));
                    query.getHeader().setID((client * count + next) & 0xFFFF);
                    pending.put(query.getHeader().getID(), query);
                    byte[] wire = query.toWire();
                    socket.send(new DatagramPacket(wire, wire.length, InetAddress.getByName("127.0.0.1"), port));
                    next++;
                }
                DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
                socket.receive(packet); // a lost answer fails the test with SocketTimeoutException
                Message response = new Message(Arrays.copyOf(packet.getData(), packet.getLength()));
                Message query = pending.remove(response.getHeader().getID());
                org.junit.jupiter.api.Assertions.assertNotNull(query, "an answer to a query this client sent, once");
                assertEquals(
                        query.getQuestion().getName().toString(),
                        response.getQuestion().getName().toString(),
                        "the question as asked");
                if (query.getQuestion().getName().labels() == 4) {
                    assertEquals(Rcode.NOERROR, response.getRcode());
                    assertEquals(
                            "192.0.2.7",
                            ((org.xbill.DNS.ARecord)
                                            response.getSection(Section.ANSWER).get(0))
                                    .getAddress()
                                    .getHostAddress());
                } else {
                    assertEquals(Rcode.NXDOMAIN, response.getRcode());
                }
                matched++;
            }
            return matched;
        }
    }

    @Test
    void closeEndsEveryReceivingThreadAndFreesThePort() throws Exception {
        DnsAnswerer answerer =
                new DnsAnswerer(List.of("mms.operator.test"), List.of(InetAddress.getByName("127.0.0.1")), 60);
        List<Thread> started = new CopyOnWriteArrayList<>();
        ThreadFactory recording = task -> {
            Thread thread = new Thread(task);
            started.add(thread);
            return thread;
        };
        DnsUdpServer server = DnsUdpServer.start(
                answerer,
                new ResponseRateLimiter(0, 2, Clock.systemUTC()),
                new InetSocketAddress("127.0.0.1", 0),
                recording,
                2);
        int port = server.localPort();
        assertEquals(2, started.size());

        server.close();

        for (Thread thread : started) {
            org.junit.jupiter.api.Assertions.assertFalse(thread.isAlive(), thread.getName() + " still running");
        }
        try (DatagramSocket again = new DatagramSocket(new InetSocketAddress("127.0.0.1", port))) {
            assertEquals(port, again.getLocalPort());
        }
    }

    @Test
    void aTakenPortFailsTheStartWithASocketException() throws Exception {
        DnsAnswerer answerer =
                new DnsAnswerer(List.of("mms.operator.test"), List.of(InetAddress.getByName("127.0.0.1")), 60);
        try (DatagramSocket taken = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
            org.junit.jupiter.api.Assertions.assertThrows(
                    SocketException.class,
                    () -> DnsUdpServer.start(
                            answerer,
                            new ResponseRateLimiter(0, 2, Clock.systemUTC()),
                            new InetSocketAddress("127.0.0.1", taken.getLocalPort()),
                            Executors.defaultThreadFactory()));
        }
    }

    @Test
    void oneReceivingThreadPerProcessorWithACap() {
        int expected = Math.min(DnsUdpServer.MAX_RECEIVERS, Runtime.getRuntime().availableProcessors());
        assertEquals(expected, DnsUdpServer.defaultReceivers());
    }
}
