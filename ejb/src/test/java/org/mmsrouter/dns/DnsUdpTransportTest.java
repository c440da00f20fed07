package org.mmsrouter.dns;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/** Both UDP transports on a real socket: the same bytes as the answerer's, for bursts of queries. */
class DnsUdpTransportTest {

    @Test
    @EnabledOnOs(value = OS.LINUX, architectures = "amd64")
    void nettysNativeEpollTransportIsWhatServesOnLinux() throws Exception {
        assertNull(DnsUdpServer.epollUnavailability(), "the native library is on the test class path");
        try (DnsUdpServer server = start(DnsUdpServer.Transport.BEST_AVAILABLE, 2)) {
            assertTrue(server.description().startsWith("Netty native epoll, 2 socket(s)"), server.description());
        }
    }

    @ParameterizedTest
    @EnumSource(DnsUdpServer.Transport.class)
    void aBurstOfQueriesGetsTheAnswerersOwnBytesEachOnce(DnsUdpServer.Transport transport) throws Exception {
        DnsAnswerer reference = answerer();
        try (DnsUdpServer server = start(transport, 2);
                DatagramSocket client = new DatagramSocket()) {
            client.setSoTimeout(2000);
            Map<Integer, byte[]> expected = new HashMap<>();
            byte[] buffer = new byte[1500];
            // Windows of 50 sent at once, so that the epoll transport reads them in batches and answers
            // with sendmmsg, while the answers waiting for this client stay within its receive buffer.
            for (int window = 0; window < 6; window++) {
                for (int id = window * 50; id < (window + 1) * 50; id++) {
                    byte[] query = query(id);
                    expected.put(
                            id,
                            reference.answer(query, DnsAnswerer.Transport.UDP).orElseThrow());
                    client.send(new DatagramPacket(
                            query, query.length, InetAddress.getLoopbackAddress(), server.localPort()));
                }
                for (int i = 0; i < 50; i++) {
                    DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
                    client.receive(packet); // a lost answer fails the test with SocketTimeoutException
                    byte[] response = Arrays.copyOf(packet.getData(), packet.getLength());
                    int id = ((response[0] & 0xFF) << 8) | (response[1] & 0xFF);
                    byte[] wanted = expected.remove(id);
                    assertArrayEquals(wanted, response, "the answer to query " + id + ", once");
                }
            }
            assertTrue(expected.isEmpty());
        }
    }

    /** Queries of every kind the templates serve and some they do not, told apart by their ID. */
    private static byte[] query(int id) throws Exception {
        String name = List.of("MMS.operator.test.", "ns.mms.operator.TEST.", "www.example.com.", "x.mms.operator.test.")
                .get(id % 4);
        int type = List.of(Type.A, Type.AAAA, Type.SOA, Type.NS, Type.MX).get(id % 5);
        Message query = Message.newQuery(Record.newRecord(Name.fromString(name), type, DClass.IN));
        query.getHeader().setID(id);
        if (id % 3 == 0) {
            query.addRecord(new OPTRecord(1232, 0, 0), Section.ADDITIONAL);
        }
        return query.toWire();
    }

    private static DnsAnswerer answerer() throws Exception {
        // Not rotating: the reference answerer and the served one agree whatever order the answers go in.
        return new DnsAnswerer(
                List.of("mms.operator.test"),
                List.of(InetAddress.getByName("192.0.2.1"), InetAddress.getByName("2001:db8::1")),
                60,
                false,
                false,
                1L);
    }

    private static DnsUdpServer start(DnsUdpServer.Transport transport, int receivers) throws Exception {
        DnsUdpServer server = DnsUdpServer.start(
                answerer(),
                new ResponseRateLimiter(0, 2, Clock.systemUTC()),
                new InetSocketAddress("127.0.0.1", 0),
                Executors.defaultThreadFactory(),
                receivers,
                transport);
        if (transport == DnsUdpServer.Transport.JDK) {
            assertEquals("JDK DatagramChannel, one socket, 2 receiving thread(s)", server.description());
        }
        return server;
    }
}
