package org.mmsrouter.dns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

class DnsAnswererTest {

    private final DnsAnswerer answerer = new DnsAnswerer(List.of("mms.operator.test"),
            List.of(address("192.0.2.10"), address("192.0.2.11")), 60);

    private static InetAddress address(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (java.net.UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    private static byte[] query(String name, int type) throws Exception {
        return Message.newQuery(Record.newRecord(Name.fromString(name), type, DClass.IN)).toWire();
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

        assertEquals(new Message(query).getHeader().getID(), response.getHeader().getID());
        assertEquals(Rcode.NOERROR, response.getRcode());
        assertTrue(response.getHeader().getFlag(Flags.QR));
        assertTrue(response.getHeader().getFlag(Flags.AA));
        List<String> addresses = response.getSection(Section.ANSWER).stream()
                .map(r -> ((ARecord) r).getAddress().getHostAddress()).toList();
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
    void otherNamesAreRefusedNotResolved() throws Exception {
        for (String name : List.of("example.com.", "sub.mms.operator.test.", "operator.test.")) {
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
}
