package org.mmsrouter.dns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.NSRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

class DnsAnswererTest {

    private final DnsAnswerer answerer =
            new DnsAnswerer(List.of("mms.operator.test"), List.of(address("192.0.2.10"), address("192.0.2.11")), 60);

    private static InetAddress address(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    private static byte[] query(String name, int type) throws Exception {
        return Message.newQuery(Record.newRecord(Name.fromString(name), type, DClass.IN))
                .toWire();
    }

    private Message answer(byte[] query) throws Exception {
        Optional<byte[]> wire = answerer.answer(query, 512);
        assertTrue(wire.isPresent(), "an answer");
        return new Message(wire.get());
    }

    @Test
    void answersTheMmsDomainWithEveryRouterAddress() throws Exception {
        byte[] query = query("mms.operator.test.", Type.A);
        Message response = answer(query);

        assertEquals(
                new Message(query).getHeader().getID(), response.getHeader().getID());
        assertEquals(Rcode.NOERROR, response.getRcode());
        assertTrue(response.getHeader().getFlag(Flags.QR));
        assertTrue(response.getHeader().getFlag(Flags.AA));
        List<String> addresses = response.getSection(Section.ANSWER).stream()
                .map(r -> ((ARecord) r).getAddress().getHostAddress())
                .toList();
        assertEquals(List.of("192.0.2.10", "192.0.2.11"), addresses);
        assertTrue(response.getSection(Section.ANSWER).stream().allMatch(r -> r.getTTL() == 60));
    }

    @Test
    void otherTypesOfTheMmsDomainGetAnEmptyAuthoritativeAnswer() throws Exception {
        Message response = answer(query("mms.operator.test.", Type.AAAA));

        assertEquals(Rcode.NOERROR, response.getRcode());
        assertTrue(response.getHeader().getFlag(Flags.AA));
        assertTrue(response.getSection(Section.ANSWER).isEmpty());
    }

    @Test
    void otherTypesAtTheApexAreNodataWithTheSoaForNegativeCaching() throws Exception {
        Message response = answer(query("mms.operator.test.", Type.MX));

        assertEquals(Rcode.NOERROR, response.getRcode());
        assertTrue(response.getSection(Section.ANSWER).isEmpty());
        SOARecord soa = (SOARecord) response.getSection(Section.AUTHORITY).get(0);
        assertEquals(Name.fromString("mms.operator.test."), soa.getName());
        assertEquals(60, soa.getMinimum(), "negative-caching TTL = the answers' TTL");
    }

    @Test
    void otherNamesInTheZoneAreNxdomainWithTheSoa() throws Exception {
        Message response = answer(query("www.mms.operator.test.", Type.A));

        assertEquals(Rcode.NXDOMAIN, response.getRcode());
        assertTrue(response.getHeader().getFlag(Flags.AA));
        assertEquals(Type.SOA, response.getSection(Section.AUTHORITY).get(0).getType());
    }

    @Test
    void theApexHasSoaAndNsAndTheNameServerHasTheRoutersAddresses() throws Exception {
        Message soa = answer(query("mms.operator.test.", Type.SOA));
        assertEquals(Type.SOA, soa.getSection(Section.ANSWER).get(0).getType());

        Message ns = answer(query("mms.operator.test.", Type.NS));
        NSRecord nsRecord = (NSRecord) ns.getSection(Section.ANSWER).get(0);
        assertEquals(Name.fromString("ns.mms.operator.test."), nsRecord.getTarget());
        assertEquals(2, ns.getSection(Section.ADDITIONAL).size(), "glue: the name server's A records");

        assertEquals(
                2,
                answer(query("ns.mms.operator.test.", Type.A))
                        .getSection(Section.ANSWER)
                        .size());
    }

    @Test
    void theQuestionIsEchoedWithItsCase() throws Exception {
        Message response = answer(query("MmS.OpErAtOr.TeSt.", Type.A));

        assertEquals("MmS.OpErAtOr.TeSt.", response.getQuestion().getName().toString());
        assertEquals(
                "MmS.OpErAtOr.TeSt.",
                response.getSection(Section.ANSWER).get(0).getName().toString());
    }

    @Test
    void edns0IsAnsweredWithOptAndTheClientsUdpSizeUpToOurs() throws Exception {
        List<InetAddress> many = new ArrayList<>();
        for (int i = 1; i <= 60; i++) {
            many.add(address("192.0.2." + i));
        }
        DnsAnswerer big = new DnsAnswerer(List.of("mms.operator.test"), many, 60);
        Message plain = Message.newQuery(Record.newRecord(Name.fromString("mms.operator.test."), Type.A, DClass.IN));
        Message withEdns = Message.newQuery(Record.newRecord(Name.fromString("mms.operator.test."), Type.A, DClass.IN));
        withEdns.addRecord(new OPTRecord(4096, 0, 0), Section.ADDITIONAL);

        Message truncated = new Message(
                big.answer(plain.toWire(), DnsAnswerer.Transport.UDP).orElseThrow());
        Message whole = new Message(
                big.answer(withEdns.toWire(), DnsAnswerer.Transport.UDP).orElseThrow());

        assertTrue(truncated.getHeader().getFlag(Flags.TC), "60 A records exceed 512 bytes: TC, retry over TCP");
        assertTrue(!whole.getHeader().getFlag(Flags.TC), "they fit the EDNS0 size");
        assertEquals(60, whole.getSection(Section.ANSWER).size());
        assertEquals(DnsAnswerer.EDNS_UDP_LIMIT, whole.getOPT().getPayloadSize());
    }

    @Test
    void anUnknownEdnsVersionGetsBadvers() throws Exception {
        Message query = Message.newQuery(Record.newRecord(Name.fromString("mms.operator.test."), Type.A, DClass.IN));
        query.addRecord(new OPTRecord(1232, 0, 1), Section.ADDITIONAL);

        Message response = new Message(
                answerer.answer(query.toWire(), DnsAnswerer.Transport.UDP).orElseThrow());

        assertEquals(Rcode.BADVERS, response.getRcode());
    }

    @Test
    void otherNamesAreRefusedNotResolved() throws Exception {
        for (String name : List.of("example.com.", "operator.test.", "xmms.operator.test.")) {
            Message response = answer(query(name, Type.A));
            assertEquals(Rcode.REFUSED, response.getRcode(), name);
            assertTrue(response.getSection(Section.ANSWER).isEmpty(), name);
        }
    }

    @Test
    void packetsTooShortForAHeaderAreDropped() {
        assertEquals(Optional.empty(), answerer.answer(new byte[] {1, 2, 3}, 512));
    }

    @Test
    void responsesAreNeverAnswered() throws Exception {
        Message response = Message.newQuery(Record.newRecord(Name.fromString("mms.operator.test."), Type.A, DClass.IN));
        response.getHeader().setFlag(Flags.QR);

        assertEquals(Optional.empty(), answerer.answer(response.toWire(), 512));
    }

    @Test
    void aGarbledQuestionGetsFormerrWithTheQueryId() throws Exception {
        byte[] garbled = {0x12, 0x34, 0x01, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x3F, 'a', 'b'};

        Message response = answer(garbled);

        assertEquals(0x1234, response.getHeader().getID());
        assertEquals(Rcode.FORMERR, response.getRcode());
    }

    @Test
    void otherOpcodesAreNotImplemented() throws Exception {
        Message notify = Message.newQuery(Record.newRecord(Name.fromString("mms.operator.test."), Type.SOA, DClass.IN));
        notify.getHeader().setOpcode(Opcode.NOTIFY);

        assertEquals(Rcode.NOTIMP, answer(notify.toWire()).getRcode());
    }

    private static List<String> answerAddresses(Message response) {
        return response.getSection(Section.ANSWER).stream()
                .map(r -> r instanceof ARecord a
                        ? a.getAddress().getHostAddress()
                        : ((org.xbill.DNS.AAAARecord) r).getAddress().getHostAddress())
                .toList();
    }

    @Test
    void withoutWildcardANameBelowTheApexIsNxdomainWithItTheNameGetsTheAddresses() throws Exception {
        DnsAnswerer wild =
                new DnsAnswerer(List.of("mms.operator.test"), List.of(address("192.0.2.10")), 60, true, false);

        Message plain = answer(query("mmsc1.mms.operator.test.", Type.A));
        Message wildcard = new Message(
                wild.answer(query("mmsc1.MMS.operator.test.", Type.A), 512).orElseThrow());
        Message wildcardMx = new Message(
                wild.answer(query("a.b.mms.operator.test.", Type.MX), 512).orElseThrow());
        Message belowNameServer = new Message(
                wild.answer(query("x.ns.mms.operator.test.", Type.A), 512).orElseThrow());

        assertEquals(Rcode.NXDOMAIN, plain.getRcode());
        assertEquals(Rcode.NOERROR, wildcard.getRcode());
        assertEquals(List.of("192.0.2.10"), answerAddresses(wildcard));
        assertEquals(
                Name.fromString("mmsc1.MMS.operator.test."),
                wildcard.getSection(Section.ANSWER).get(0).getName(),
                "synthesised under the name asked, as a wildcard is");
        assertEquals(Rcode.NOERROR, wildcardMx.getRcode());
        assertTrue(wildcardMx.getSection(Section.ANSWER).isEmpty(), "other types: NODATA");
        assertTrue(wildcardMx.getSection(Section.AUTHORITY).get(0) instanceof SOARecord);
        assertEquals(Rcode.NXDOMAIN, belowNameServer.getRcode(), "the wildcard does not reach below an existing name");
        assertEquals(
                Rcode.REFUSED,
                new Message(wild.answer(query("operator.test.", Type.A), 512).orElseThrow()).getRcode());
    }

    @Test
    void rotationStartsEachAnswerWithTheNextAddressOfEachFamily() throws Exception {
        DnsAnswerer rotating = new DnsAnswerer(
                List.of("mms.operator.test"),
                List.of(address("192.0.2.1"), address("2001:db8::1"), address("192.0.2.2"), address("192.0.2.3")),
                60,
                false,
                true);

        List<List<String>> firstThree = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            firstThree.add(answerAddresses(new Message(
                    rotating.answer(query("mms.operator.test.", Type.A), 512).orElseThrow())));
        }
        Message aaaa = new Message(
                rotating.answer(query("mms.operator.test.", Type.AAAA), 512).orElseThrow());

        assertEquals(
                List.of(
                        List.of("192.0.2.1", "192.0.2.2", "192.0.2.3"),
                        List.of("192.0.2.2", "192.0.2.3", "192.0.2.1"),
                        List.of("192.0.2.3", "192.0.2.1", "192.0.2.2")),
                firstThree);
        assertEquals(List.of("2001:db8:0:0:0:0:0:1"), answerAddresses(aaaa));
    }

    @Test
    void withoutRotationTheOrderIsTheConfiguredOne() throws Exception {
        for (int i = 0; i < 3; i++) {
            assertEquals(
                    List.of("192.0.2.10", "192.0.2.11"), answerAddresses(answer(query("mms.operator.test.", Type.A))));
        }
    }

    @Test
    void publishedAddressesReplaceTheOldOnesAndMoveTheSerialOnlyOnChange() throws Exception {
        DnsAnswerer live =
                new DnsAnswerer(List.of("mms.operator.test"), List.of(address("192.0.2.1")), 60, false, false, 1000);

        live.publish(List.of(address("192.0.2.1")));
        long unchanged = ((SOARecord) new Message(live.answer(query("mms.operator.test.", Type.SOA), 512)
                                .orElseThrow())
                        .getSection(Section.ANSWER)
                        .get(0))
                .getSerial();
        live.publish(List.of(address("192.0.2.1"), address("192.0.2.2")));
        Message after = new Message(
                live.answer(query("mms.operator.test.", Type.A), 512).orElseThrow());
        long changed = ((SOARecord) new Message(live.answer(query("mms.operator.test.", Type.SOA), 512)
                                .orElseThrow())
                        .getSection(Section.ANSWER)
                        .get(0))
                .getSerial();

        assertEquals(1000, unchanged);
        assertEquals(List.of("192.0.2.1", "192.0.2.2"), answerAddresses(after));
        assertTrue(changed > 1000, "serial moved on: " + changed);
        assertThrows(IllegalArgumentException.class, () -> live.publish(List.of()));
    }

    @Test
    void anyIsAnsweredMinimallyWithOneHinfoAsRfc8482Says() throws Exception {
        for (String name : List.of("mms.operator.test.", "ns.mms.operator.test.")) {
            byte[] any = query(name, Type.ANY);
            Message response = answer(any);
            byte[] a = answerer.answer(query(name, Type.A), 512).orElseThrow();

            assertEquals(Rcode.NOERROR, response.getRcode(), name);
            List<Record> answers = response.getSection(Section.ANSWER);
            assertEquals(1, answers.size(), name);
            org.xbill.DNS.HINFORecord hinfo = (org.xbill.DNS.HINFORecord) answers.get(0);
            assertEquals("RFC8482", hinfo.getCPU());
            assertEquals("", hinfo.getOS());
            assertTrue(response.getSection(Section.AUTHORITY).isEmpty()
                    && response.getSection(Section.ADDITIONAL).isEmpty());
            assertTrue(
                    answerer.answer(any, DnsAnswerer.Transport.TCP).orElseThrow().length <= a.length + 16,
                    "no amplification over TCP either");
        }
        assertEquals(
                Rcode.NXDOMAIN,
                answer(query("nothing.mms.operator.test.", Type.ANY)).getRcode());
        assertEquals(Rcode.REFUSED, answer(query("example.com.", Type.ANY)).getRcode());
    }
}
