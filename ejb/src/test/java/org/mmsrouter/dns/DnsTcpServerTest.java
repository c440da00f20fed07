package org.mmsrouter.dns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
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
        List<InetAddress> addresses = new java.util.ArrayList<>();
        for (int i = 1; i <= 60; i++) {
            addresses.add(InetAddress.getByName("192.0.2." + i));
        }
        return addresses;
    }

    @Test
    void anAnswerTooLargeForUdpComesWholeOverTcpAndAConnectionCarriesSeveralQueries() throws Exception {
        DnsAnswerer answerer = new DnsAnswerer(List.of("mms.operator.test"), manyAddresses(), 60);
        try (DnsTcpServer tcp = DnsTcpServer.start(answerer, new InetSocketAddress("127.0.0.1", 0), Executors.defaultThreadFactory());
             DnsUdpServer udp = DnsUdpServer.start(answerer, new ResponseRateLimiter(0, 2, java.time.Clock.systemUTC()), new InetSocketAddress("127.0.0.1", 0), Executors.defaultThreadFactory())) {
            Message query = Message.newQuery(Record.newRecord(Name.fromString("mms.operator.test."), Type.A, DClass.IN));

            byte[] overUdp = answerer.answer(query.toWire(), DnsAnswerer.Transport.UDP).orElseThrow();
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
                    assertEquals(60, new Message(answer).getSection(Section.ANSWER).size(), "query " + i);
                }
            }
        }
    }

    @Test
    void garbageOnOneConnectionDoesNotStopTheServer() throws Exception {
        DnsAnswerer answerer = new DnsAnswerer(List.of("mms.operator.test"), List.of(InetAddress.getByName("127.0.0.1")), 60);
        try (DnsTcpServer tcp = DnsTcpServer.start(answerer, new InetSocketAddress("127.0.0.1", 0), Executors.defaultThreadFactory())) {
            try (Socket socket = new Socket("127.0.0.1", tcp.localPort())) {
                DataOutputStream out = new DataOutputStream(socket.getOutputStream());
                out.writeShort(40_000);   // announces 40,000 bytes, sends 3, then hangs up
                out.write(new byte[] {1, 2, 3});
                out.flush();
            }
            SimpleResolver resolver = new SimpleResolver(InetAddress.getByName("127.0.0.1"));
            resolver.setPort(tcp.localPort());
            resolver.setTCP(true);
            resolver.setTimeout(Duration.ofSeconds(2));
            Message response = resolver.send(Message.newQuery(
                    Record.newRecord(Name.fromString("mms.operator.test."), Type.A, DClass.IN)));
            assertEquals(Rcode.NOERROR, response.getRcode());
        }
    }
}
