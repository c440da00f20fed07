package org.mmsrouter.dns;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
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
        DnsAnswerer answerer = new DnsAnswerer(List.of("mms.operator.test"), List.of(InetAddress.getByName("127.0.0.1")), 60);
        try (DnsUdpServer server = DnsUdpServer.start(answerer, new ResponseRateLimiter(0, 2, java.time.Clock.systemUTC()), new InetSocketAddress("127.0.0.1", 0),
                Executors.defaultThreadFactory())) {
            try (DatagramSocket client = new DatagramSocket()) {
                byte[] garbage = {(byte) 0xFF, 0x00, 0x7E};
                client.send(new DatagramPacket(garbage, garbage.length, InetAddress.getByName("127.0.0.1"), server.localPort()));
            }
            SimpleResolver resolver = new SimpleResolver(InetAddress.getByName("127.0.0.1"));
            resolver.setPort(server.localPort());
            resolver.setTimeout(Duration.ofSeconds(2));

            Message response = resolver.send(Message.newQuery(
                    Record.newRecord(Name.fromString("mms.operator.test."), Type.A, DClass.IN)));

            assertEquals(Rcode.NOERROR, response.getRcode());
            assertEquals(1, response.getSection(Section.ANSWER).size());
        }
    }

    @Test
    void aBurstBeyondTheRateLimitGetsSomeTruncatedAnswersAndNoFullOnes() throws Exception {
        DnsAnswerer answerer = new DnsAnswerer(List.of("mms.operator.test"), List.of(InetAddress.getByName("127.0.0.1")), 60);
        ResponseRateLimiter limiter = new ResponseRateLimiter(10, 2, java.time.Clock.systemUTC());
        try (DnsUdpServer server = DnsUdpServer.start(answerer, limiter, new InetSocketAddress("127.0.0.1", 0),
                Executors.defaultThreadFactory());
             DatagramSocket client = new DatagramSocket()) {
            client.setSoTimeout(500);
            byte[] query = Message.newQuery(Record.newRecord(Name.fromString("mms.operator.test."), Type.A, DClass.IN)).toWire();
            for (int i = 0; i < 40; i++) {
                client.send(new DatagramPacket(query, query.length, InetAddress.getByName("127.0.0.1"), server.localPort()));
            }
            int full = 0;
            int truncated = 0;
            byte[] buffer = new byte[1500];
            while (true) {
                DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
                try {
                    client.receive(packet);
                } catch (java.net.SocketTimeoutException e) {
                    break;
                }
                Message response = new Message(java.util.Arrays.copyOf(packet.getData(), packet.getLength()));
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
            org.junit.jupiter.api.Assertions.assertTrue(Math.abs(truncated - limited / 2) <= 1,
                    truncated + " truncated of " + limited + " limited");
        }
    }
}
