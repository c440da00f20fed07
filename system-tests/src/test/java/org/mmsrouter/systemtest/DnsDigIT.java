package org.mmsrouter.systemtest;

import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer.OrderAnnotation;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.mmsrouter.systemtest.harness.Await;
import org.mmsrouter.systemtest.harness.Dig;
import org.mmsrouter.systemtest.harness.Prerequisites;
import org.mmsrouter.systemtest.harness.RouterNode;
import org.mmsrouter.systemtest.harness.SystemHarness;
import org.mmsrouter.systemtest.harness.SystemTest;

/**
 * The router's DNS responder as BIND's dig sees it from outside the JVM, over UDP and TCP: the answers
 * a resolver relies on (authority, TTL, SOA, NS glue, NXDOMAIN, NODATA, REFUSED outside the zone, EDNS0
 * and BADVERS, rotation, case echo), ANY answered minimally (RFC 8482), and slow TCP clients from one
 * source taking only that source's share (docs/security/subscriber-plane.md). One node, port offset
 * 600, DNS on 15853, two router addresses.
 */
@SystemTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(OrderAnnotation.class)
class DnsDigIT {

    @RegisterExtension
    static final SystemHarness harness = new SystemHarness();

    private static final int DNS_PORT = 15853;
    private static final int SLOW_CLIENTS = 70;
    private static final String ZONE = "mms.operator.test";
    private static final String A_RECORD = "mms\\.operator\\.test\\.\\s+60\\s+IN\\s+A\\s+127\\.0\\.0\\.1";
    private static final String HINFO = "IN\\s+HINFO\\s+\"RFC8482\"";

    private final Dig dig = Dig.at("127.0.0.1", DNS_PORT);

    @BeforeAll
    void startRouter() {
        Prerequisites.command("dig", "dnsutils");
        RouterNode node = harness.standaloneNode("router", 600);
        Duration started = node.start(
                "mmsrouter.dns.port=" + DNS_PORT,
                "mmsrouter.router.addresses=127.0.0.1,127.0.0.2",
                "mmsrouter.mmsc.sim-a.url=http://127.0.0.1:18681/mms",
                "mmsrouter.mmsc.sim-b.url=http://127.0.0.1:18682/mms");
        harness.figure("router deployed after %s", Await.seconds(started));
    }

    /** A over UDP: authoritative. */
    @Order(1)
    @Test
    void aOverUdpIsAuthoritative() {
        assertDig("flags: qr aa", ZONE, "A");
    }

    /** A over UDP: the router's address, TTL 60. */
    @Order(2)
    @Test
    void aOverUdpIsTheRoutersAddressWithTtl60() {
        assertDig(A_RECORD, ZONE, "A");
    }

    @Order(3)
    @Test
    void aOverTcp() {
        assertDig(A_RECORD, "+tcp", ZONE, "A");
    }

    @Order(4)
    @Test
    void soaAtTheApex() {
        assertDig("IN\\s+SOA\\s+ns\\.mms\\.operator\\.test\\. hostmaster\\.mms\\.operator\\.test\\.", ZONE, "SOA");
    }

    @Order(5)
    @Test
    void nsWithGlue() {
        assertDig("ADDITIONAL SECTION:", ZONE, "NS");
    }

    @Order(6)
    @Test
    void anUnknownNameInTheZoneIsNxdomain() {
        assertDig("status: NXDOMAIN", "www." + ZONE, "A");
    }

    @Order(7)
    @Test
    void anotherTypeAtTheApexIsNoerror() {
        assertDig("status: NOERROR", ZONE, "MX");
    }

    /** ... with no answer but the SOA (NODATA). */
    @Order(8)
    @Test
    void anotherTypeAtTheApexHasNoAnswerButTheSoa() {
        assertDig("ANSWER: 0, AUTHORITY: 1", ZONE, "MX");
    }

    @Order(9)
    @Test
    void outsideTheZoneIsRefusedWithoutRecursion() {
        assertDig("status: REFUSED", "www.example.com", "A");
    }

    @Order(10)
    @Test
    void edns0IsAnsweredWithOptUdp1232() {
        assertDig("udp: 1232", "+edns=0", ZONE, "A");
    }

    @Order(11)
    @Test
    void anUnknownEdnsVersionIsBadvers() {
        assertDig("status: BADVERS", "+edns=1", "+noednsnegotiation", ZONE, "A");
    }

    @Order(12)
    @Test
    void theQueryCaseIsEchoed() {
        assertDig("MmS\\.oPeRaToR\\.tEsT\\.\\s+60", "MmS.oPeRaToR.tEsT", "A");
    }

    /** Security (docs/security/subscriber-plane.md): ANY answered minimally (RFC 8482). */
    @Order(13)
    @Test
    void anyOverUdpIsOneRecordOnly() {
        assertDig("ANSWER: 1,", ZONE, "ANY");
    }

    @Order(14)
    @Test
    void anyOverUdpIsHinfoRfc8482() {
        assertDig(HINFO, ZONE, "ANY");
    }

    @Order(15)
    @Test
    void anyOverTcpIsHinfoRfc8482() {
        assertDig(HINFO, "+tcp", ZONE, "ANY");
    }

    @Order(16)
    @Test
    void bothAddressesRotatedFromOneAnswerToTheNext() {
        String one = dig.addresses(ZONE).stream().findFirst().orElse("");
        String two = dig.addresses(ZONE).stream().findFirst().orElse("");
        harness.figure("first addresses of two consecutive answers: %s, then %s", one, two);
        List<String> both = List.of("127.0.0.1", "127.0.0.2");
        assertTrue(both.contains(one) && both.contains(two), "first addresses '" + one + "' and '" + two + "'");
        assertNotEquals(one, two, "consecutive answers start with a different address");
    }

    @Order(17)
    @Test
    void tcpFromAnotherSourceWhileSlowTcpClientsWait() throws IOException {
        List<Socket> slow = new ArrayList<>();
        try {
            for (int i = 0; i < SLOW_CLIENTS; i++) {
                // A query announcing 200 bytes, of which one comes; the connections stay open until the end.
                try {
                    Socket socket = new Socket();
                    slow.add(socket);
                    socket.connect(new InetSocketAddress("127.0.0.1", DNS_PORT), 2_000);
                    OutputStream out = socket.getOutputStream();
                    out.write(new byte[] {0x00, (byte) 0xc8, 0x00});
                    out.flush();
                } catch (IOException e) {
                    // As the script's "exec {fd}<>/dev/tcp" that failed: a refused slow client is no failure.
                }
            }
            harness.figure(
                    "slow TCP clients connected: %d of %d",
                    slow.stream().filter(Socket::isConnected).count(), SLOW_CLIENTS);
            assertMatches("status: NOERROR", dig.query("-b", "127.0.0.2", "+tcp", ZONE, "A"));
        } finally {
            for (Socket socket : slow) {
                socket.close();
            }
        }
    }

    /** dig's output for {@code arguments} must match {@code pattern} (as dns-dig.sh's check did). */
    private void assertDig(String pattern, String... arguments) {
        assertMatches(pattern, dig.query(arguments));
    }

    private static void assertMatches(String pattern, String output) {
        assertTrue(Pattern.compile(pattern).matcher(output).find(), "expected /" + pattern + "/ in:\n" + output);
    }
}
