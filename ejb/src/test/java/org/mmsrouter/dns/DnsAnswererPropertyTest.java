package org.mmsrouter.dns;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/** Hostile packets: whatever arrives, the answerer returns (an answer or nothing) and never throws. */
class DnsAnswererPropertyTest {

    private final DnsAnswerer answerer;

    DnsAnswererPropertyTest() throws Exception {
        answerer = new DnsAnswerer(
                List.of("mms.operator.test"),
                List.of(InetAddress.getByName("192.0.2.1"), InetAddress.getByName("2001:db8::1")),
                60);
    }

    @Property(tries = 3000)
    void randomBytesNeverBreakIt(@ForAll @Size(max = 600) byte[] packet) {
        for (DnsAnswerer.Transport transport : DnsAnswerer.Transport.values()) {
            checkAnswer(packet, answerer.answer(packet, transport), transport);
        }
    }

    @Property(tries = 3000)
    void mutatedQueriesNeverBreakIt(
            @ForAll @IntRange(min = 0, max = 200) int position,
            @ForAll byte value,
            @ForAll @IntRange(min = 0, max = 3) int cut,
            @ForAll boolean edns)
            throws Exception {
        Message query = Message.newQuery(Record.newRecord(Name.fromString("mms.operator.test."), Type.A, DClass.IN));
        if (edns) {
            query.addRecord(new OPTRecord(4096, 0, 0), Section.ADDITIONAL);
        }
        byte[] wire = query.toWire();
        wire[position % wire.length] = value;
        byte[] packet = Arrays.copyOf(wire, Math.max(0, wire.length - cut));
        checkAnswer(packet, answerer.answer(packet, DnsAnswerer.Transport.UDP), DnsAnswerer.Transport.UDP);
    }

    /** An answer is a well-formed response within the transport's limit. */
    private static void checkAnswer(byte[] packet, Optional<byte[]> answer, DnsAnswerer.Transport transport) {
        if (answer.isEmpty()) {
            return;
        }
        byte[] wire = answer.get();
        assertTrue(wire.length <= (transport == DnsAnswerer.Transport.UDP ? DnsAnswerer.EDNS_UDP_LIMIT : 65_535));
        try {
            Message response = new Message(wire);
            assertTrue(response.getHeader().getFlag(Flags.QR), "a response");
            if (packet.length >= 2) {
                assertTrue(
                        response.getHeader().getID() == (((packet[0] & 0xFF) << 8) | (packet[1] & 0xFF)), "ID echoed");
            }
        } catch (IOException e) {
            throw new AssertionError("the answer does not parse: " + e, e);
        }
    }
}
