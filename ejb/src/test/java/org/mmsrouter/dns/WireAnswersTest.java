package org.mmsrouter.dns;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.EDNSOption;
import org.xbill.DNS.Flags;
import org.xbill.DNS.GenericEDNSOption;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/** Which queries the templates serve, and that they follow the router nodes and the rotation. */
class WireAnswersTest {

    private static final long SERIAL = 2_026_120_501L;
    private final byte[] out = new byte[UdpAnswering.BUFFER_BYTES];

    private static InetAddress address(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    private static DnsAnswerer answerer(boolean rotate, String... addresses) {
        return new DnsAnswerer(
                List.of("mms.operator.test"),
                Arrays.stream(addresses).map(WireAnswersTest::address).toList(),
                60,
                false,
                rotate,
                SERIAL);
    }

    private static Message query(String name, int type) throws Exception {
        Message query = Message.newQuery(Record.newRecord(Name.fromString(name), type, DClass.IN));
        query.getHeader().setID(0x1234);
        return query;
    }

    private static Message withEdns(Message query, OPTRecord opt) {
        query.addRecord(opt, Section.ADDITIONAL);
        return query;
    }

    private int fast(DnsAnswerer answerer, byte[] query) {
        return answerer.wireAnswers().answer(query, query.length, out, new AtomicInteger());
    }

    /** The A addresses of a fast answer, in order. */
    private List<String> fastAddresses(DnsAnswerer answerer) throws Exception {
        byte[] query = query("mms.operator.test.", Type.A).toWire();
        long before = answerer.templateAnswers();
        int length = answerer.answerUdp(query, query.length, out);
        assertEquals(before + 1, answerer.templateAnswers(), "answered from a template");
        return new Message(Arrays.copyOf(out, length))
                .getSection(Section.ANSWER).stream()
                        .map(r -> ((ARecord) r).getAddress().getHostAddress())
                        .toList();
    }

    @Test
    void theQuestionIsEchoedInTheCaseItWasAsked() throws Exception {
        DnsAnswerer answerer = answerer(false, "192.0.2.1");
        byte[] query = query("MmS.oPeRaToR.TeSt.", Type.A).toWire();

        int length = fast(answerer, query);

        Message response = new Message(Arrays.copyOf(out, length));
        assertEquals("MmS.oPeRaToR.TeSt.", response.getQuestion().getName().toString());
        assertEquals(0x1234, response.getHeader().getID());
        assertTrue(response.getHeader().getFlag(Flags.RD), "RD copied");
        assertTrue(response.getHeader().getFlag(Flags.AA));
        assertArrayEquals(answerer.answer(query, DnsAnswerer.Transport.UDP).orElseThrow(), Arrays.copyOf(out, length));
    }

    @Test
    void outOfZoneNamesAndOtherClassesAreRefusedFromATemplate() throws Exception {
        DnsAnswerer answerer = answerer(false, "192.0.2.1");
        for (Message query : List.of(
                query("www.example.com.", Type.A),
                query("operator.test.", Type.AAAA),
                query("mms.operator.test.example.", Type.A),
                Message.newQuery(Record.newRecord(Name.fromString("mms.operator.test."), Type.A, DClass.CH)))) {
            byte[] wire = query.toWire();
            int length = fast(answerer, wire);
            assertNotEquals(WireAnswers.NOT_SERVED, length, query::toString);
            assertEquals(Rcode.REFUSED, new Message(Arrays.copyOf(out, length)).getRcode());
        }
    }

    @Test
    void unusualQueriesGoTheSlowWay() throws Exception {
        DnsAnswerer answerer = answerer(false, "192.0.2.1");
        Message twoQuestions = query("mms.operator.test.", Type.A);
        twoQuestions.addRecord(
                Record.newRecord(Name.fromString("ns.mms.operator.test."), Type.A, DClass.IN), Section.QUESTION);
        Message notify = query("mms.operator.test.", Type.SOA);
        notify.getHeader().setOpcode(Opcode.NOTIFY);
        Message truncated = query("mms.operator.test.", Type.A);
        truncated.getHeader().setFlag(Flags.TC);
        Message response = query("mms.operator.test.", Type.A);
        response.getHeader().setFlag(Flags.QR);
        Message withAnswer = query("mms.operator.test.", Type.A);
        withAnswer.addRecord(
                new ARecord(Name.fromString("mms.operator.test."), DClass.IN, 60, address("192.0.2.9")),
                Section.ANSWER);
        List<EDNSOption> cookie = List.of(new GenericEDNSOption(10, new byte[8]));
        List<byte[]> slow = List.of(
                twoQuestions.toWire(),
                notify.toWire(),
                truncated.toWire(),
                response.toWire(),
                withAnswer.toWire(),
                withEdns(query("mms.operator.test.", Type.A), new OPTRecord(1232, 0, 0, 0, cookie))
                        .toWire(),
                withEdns(query("mms.operator.test.", Type.A), new OPTRecord(1232, 0, 1))
                        .toWire(), // BADVERS
                query("wap.mms.operator.test.", Type.A).toWire(), // NXDOMAIN: its own compression
                Arrays.copyOf(query("mms.operator.test.", Type.A).toWire(), 40), // trailing bytes
                Arrays.copyOf(query("mms.operator.test.", Type.A).toWire(), 20), // cut short
                compressedQuestion());
        for (byte[] query : slow) {
            assertEquals(
                    WireAnswers.NOT_SERVED, fast(answerer, query), () -> "slow path for " + Arrays.toString(query));
            long before = answerer.templateAnswers();
            int length = answerer.answerUdp(query, query.length, out);
            assertEquals(before, answerer.templateAnswers());
            assertArrayEquals(
                    answerer.answer(query, DnsAnswerer.Transport.UDP).orElse(null),
                    length < 0 ? null : Arrays.copyOf(out, length),
                    "the slow path's answer");
        }
    }

    /** A question whose name is a compression pointer into the header: legal-looking, never templated. */
    private static byte[] compressedQuestion() throws Exception {
        byte[] plain = query("mms.operator.test.", Type.A).toWire();
        byte[] wire = Arrays.copyOf(plain, 12 + 2 + 4);
        wire[12] = (byte) 0xC0;
        wire[13] = 0x04;
        System.arraycopy(plain, plain.length - 4, wire, 14, 4);
        return wire;
    }

    @Test
    void answersLargerThanTheClientsUdpSizeGoTheSlowWayToBeTruncated() throws Exception {
        String[] many = new String[40];
        for (int i = 0; i < many.length; i++) {
            many[i] = "2001:db8::" + Integer.toHexString(i + 1);
        }
        DnsAnswerer answerer = answerer(false, many);
        byte[] plain = query("mms.operator.test.", Type.AAAA).toWire(); // 40 × 28 bytes > 512
        byte[] edns = withEdns(query("mms.operator.test.", Type.AAAA), new OPTRecord(4096, 0, 0))
                .toWire();

        assertEquals(WireAnswers.NOT_SERVED, fast(answerer, plain));
        assertNotEquals(WireAnswers.NOT_SERVED, fast(answerer, edns), "fits 1,232 bytes");
        int length = answerer.answerUdp(plain, plain.length, out);
        assertTrue(new Message(Arrays.copyOf(out, length)).getHeader().getFlag(Flags.TC));
    }

    @Test
    void templatesFollowARouterNodeJoiningAndLeaving() throws Exception {
        DnsAnswerer answerer = answerer(false, "192.0.2.1");
        assertEquals(List.of("192.0.2.1"), fastAddresses(answerer));

        answerer.publish(List.of(address("192.0.2.1"), address("192.0.2.2")));
        assertEquals(List.of("192.0.2.1", "192.0.2.2"), fastAddresses(answerer));

        answerer.publish(List.of(address("192.0.2.2")));
        assertEquals(List.of("192.0.2.2"), fastAddresses(answerer));

        byte[] soa = query("mms.operator.test.", Type.SOA).toWire();
        int length = answerer.answerUdp(soa, soa.length, out);
        assertArrayEquals(answerer.answer(soa, DnsAnswerer.Transport.UDP).orElseThrow(), Arrays.copyOf(out, length));
        assertTrue(
                ((SOARecord) new Message(Arrays.copyOf(out, length))
                                        .getSection(Section.ANSWER)
                                        .get(0))
                                .getSerial()
                        > SERIAL,
                "the SOA serial moved with the change");
    }

    @Test
    void templatesRotateTheAddressesAsTheSlowPathDoes() throws Exception {
        DnsAnswerer answerer = answerer(true, "192.0.2.1", "192.0.2.2", "192.0.2.3");

        assertEquals(List.of("192.0.2.1", "192.0.2.2", "192.0.2.3"), fastAddresses(answerer));
        assertEquals(List.of("192.0.2.2", "192.0.2.3", "192.0.2.1"), fastAddresses(answerer));
        // A slow-path answer in between takes its turn in the same rotation.
        Message slow =
                new Message(answerer.answer(query("mms.operator.test.", Type.A).toWire(), DnsAnswerer.Transport.TCP)
                        .orElseThrow());
        assertEquals(
                "192.0.2.3",
                ((ARecord) slow.getSection(Section.ANSWER).get(0)).getAddress().getHostAddress());
        assertEquals(List.of("192.0.2.1", "192.0.2.2", "192.0.2.3"), fastAddresses(answerer));

        answerer.publish(List.of(address("192.0.2.1"), address("192.0.2.2")));
        List<String> first = fastAddresses(answerer);
        List<String> second = fastAddresses(answerer);
        assertEquals(List.of(first.get(1), first.get(0)), second, "two nodes: the order alternates");
    }

    /**
     * The fast path allocates nothing: 20,000 answers from templates (A with EDNS, REFUSED, NS) add
     * less than a byte per answer to what this thread allocated (the JVM's own count).
     */
    @Test
    void answeringFromATemplateAllocatesNothing() throws Exception {
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        DnsAnswerer answerer = answerer(true, "192.0.2.1", "192.0.2.2", "2001:db8::1");
        List<byte[]> queries = List.of(
                withEdns(query("MMS.operator.test.", Type.A), new OPTRecord(1232, 0, 0))
                        .toWire(),
                query("www.example.com.", Type.A).toWire(),
                query("mms.operator.test.", Type.NS).toWire());
        for (int i = 0; i < 20_000; i++) { // warm up: JIT compilation allocates on this thread too
            byte[] query = queries.get(i % queries.size());
            answerer.answerUdp(query, query.length, out);
        }
        long id = Thread.currentThread().getId();
        long before = threads.getThreadAllocatedBytes(id);
        for (int i = 0; i < 20_000; i++) {
            byte[] query = queries.get(i % queries.size());
            answerer.answerUdp(query, query.length, out);
        }
        long allocated = threads.getThreadAllocatedBytes(id) - before;

        assertTrue(allocated < 20_000, allocated + " bytes allocated for 20,000 answers");
        assertEquals(40_000, answerer.templateAnswers(), "all from templates");
    }
}
