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
        try (DnsUdpServer server = DnsUdpServer.start(answerer, new InetSocketAddress("127.0.0.1", 0),
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
}
