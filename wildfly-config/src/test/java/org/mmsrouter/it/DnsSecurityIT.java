package org.mmsrouter.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.xbill.DNS.HINFORecord;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * The DNS responder under attack (issue 17, docs/security/subscriber-plane.md): many slow TCP
 * clients from one source, and ANY queries (the amplification favourite).
 */
@ExtendWith(ArquillianExtension.class)
class DnsSecurityIT {

    /** mmsrouter.dns.tcp.max-connections-per-source's default. */
    private static final int PER_SOURCE = 8;

    @Deployment(testable = false)
    static EnterpriseArchive router() {
        return RouterTestSupport.routerEar();
    }

    private static Message query(String name, int type, boolean tcp) throws Exception {
        return RouterTestSupport.dnsQuery(name, type, tcp);
    }

    @Test
    void manySlowTcpClientsFromOneSourceGetTheirShareAndATcpQueryIsStillAnswered() throws Exception {
        List<Socket> slow = new ArrayList<>();
        try {
            for (int i = 0; i < 70; i++) {
                Socket socket = new Socket();
                socket.bind(new InetSocketAddress("127.0.0.2", 0));
                socket.connect(new InetSocketAddress("127.0.0.1", RouterTestSupport.DNS_PORT), 3000);
                try {
                    DataOutputStream out = new DataOutputStream(socket.getOutputStream());
                    out.writeShort(200); // a query of 200 bytes, of which one comes
                    out.write(0);
                    out.flush();
                } catch (IOException e) {
                    // already closed: over the source's share
                }
                slow.add(socket);
            }
            long open = slow.stream().filter(DnsSecurityIT::stillOpen).count();

            assertEquals(PER_SOURCE, open, "the one source keeps its share, the rest are closed at once");
            long start = System.nanoTime();
            Message answer = query("mms.operator.test.", Type.A, true);
            assertEquals(Rcode.NOERROR, answer.getRcode());
            assertTrue(
                    (System.nanoTime() - start) / 1_000_000 < 1000,
                    "answered at once over TCP while the slow ones wait");
        } finally {
            for (Socket socket : slow) {
                socket.close();
            }
        }
    }

    @Test
    void anyIsAnsweredMinimallyOverUdpAndTcp() throws Exception {
        for (boolean tcp : new boolean[] {false, true}) {
            Message response = query("mms.operator.test.", Type.ANY, tcp);

            assertEquals(Rcode.NOERROR, response.getRcode());
            List<Record> answers = response.getSection(Section.ANSWER);
            assertEquals(1, answers.size(), (tcp ? "TCP: " : "UDP: ") + answers);
            assertEquals("RFC8482", ((HINFORecord) answers.get(0)).getCPU());
        }
    }

    /** Whether the server still holds {@code socket} open: a short read neither ends nor fails. */
    private static boolean stillOpen(Socket socket) {
        try {
            socket.setSoTimeout(200);
            return socket.getInputStream().read() >= 0;
        } catch (SocketTimeoutException e) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
