package org.mmsrouter.dns;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.From;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.xbill.DNS.DClass;
import org.xbill.DNS.ExtendedFlags;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * The templates give the slow path's bytes: two answerers alike (same zones, addresses, settings and
 * SOA serial) get the same sequence of queries, one through {@link DnsAnswerer#answerUdp} (templates
 * where they serve) and one through {@link DnsAnswerer#answer(byte[], DnsAnswerer.Transport)} (the
 * slow path only), and every response must be byte for byte the same, rotation included.
 */
class WireAnswersPropertyTest {

    private static final long SERIAL = 2_026_120_501L;

    /** How the router may be configured: the shapes of address sets and settings the templates must follow. */
    enum Setup {
        ONE_V4(List.of("192.0.2.1"), false, false),
        TWO_V4_ROTATED(List.of("192.0.2.1", "192.0.2.2"), true, false),
        MIXED_ROTATED(List.of("192.0.2.1", "2001:db8::1", "192.0.2.2", "192.0.2.3", "2001:db8::2"), true, false),
        MIXED_WILDCARD(List.of("192.0.2.1", "2001:db8::1"), false, true),
        /** NS answers too large for 512 bytes (their additional section): truncated without EDNS. */
        MANY_ROTATED(manyAddresses(), true, true);

        final List<String> addresses;
        final boolean rotate;
        final boolean wildcard;

        Setup(List<String> addresses, boolean rotate, boolean wildcard) {
            this.addresses = addresses;
            this.rotate = rotate;
            this.wildcard = wildcard;
        }

        DnsAnswerer answerer() {
            return new DnsAnswerer(
                    List.of("mms.operator.test", "operator.test", "mms.other.example"),
                    addresses(addresses),
                    60,
                    wildcard,
                    rotate,
                    SERIAL);
        }

        private static List<String> manyAddresses() {
            List<String> all = new ArrayList<>();
            for (int i = 1; i <= 12; i++) {
                all.add("192.0.2." + i);
                all.add("2001:db8::" + Integer.toHexString(i));
            }
            return List.copyOf(all);
        }
    }

    /** One query as a resolver might send it; the fields the responses may depend on. */
    record Query(String name, int type, int dclass, int id, boolean rd, int byte3, Integer ednsSize, boolean dnssecOk) {

        byte[] wire() throws Exception {
            Message message = new Message(id);
            if (rd) {
                message.getHeader().setFlag(Flags.RD);
            }
            message.addRecord(Record.newRecord(Name.fromString(name), type, dclass), Section.QUESTION);
            if (ednsSize != null) {
                message.addRecord(new OPTRecord(ednsSize, 0, 0, dnssecOk ? ExtendedFlags.DO : 0), Section.ADDITIONAL);
            }
            byte[] wire = message.toWire();
            wire[3] = (byte) byte3; // RA, Z, AD, CD and the rcode bits: a query's are ignored
            return wire;
        }
    }

    private static final List<String> NAMES = List.of(
            "mms.operator.test.",
            "ns.mms.operator.test.",
            "operator.test.",
            "ns.operator.test.",
            "mms.other.example.",
            "ns.mms.other.example.",
            "wap.operator.test.", // in operator.test: NXDOMAIN (slow path)
            "x.ns.mms.operator.test.", // below a name server: NXDOMAIN even with the wildcard (slow path)
            "a.b.mms.operator.test.",
            "www.example.com.", // outside: REFUSED
            "test.",
            ".",
            "other.example.",
            "mms.operator.test.example.");

    @Provide
    Arbitrary<Query> queries() {
        Arbitrary<String> names = Arbitraries.of(NAMES)
                .flatMap(name -> Arbitraries.longs().map(seed -> randomCase(name, new Random(seed))));
        Arbitrary<Integer> types = Arbitraries.oneOf(
                Arbitraries.of(Type.A, Type.AAAA, Type.SOA, Type.NS, Type.ANY, Type.MX, Type.TXT, Type.CNAME),
                Arbitraries.integers().between(0, 65_535));
        Arbitrary<Integer> classes = Arbitraries.frequencyOf(
                Tuple.of(8, Arbitraries.just(DClass.IN)),
                Tuple.of(1, Arbitraries.of(DClass.CH, DClass.ANY, 0, 65_535)));
        Arbitrary<Integer> ednsSizes = Arbitraries.oneOf(
                        Arbitraries.of(0, 511, 512, 513, 1232, 1233, 4096, 65_535),
                        Arbitraries.integers().between(0, 65_535))
                .injectNull(0.3);
        return Combinators.combine(
                        names,
                        types,
                        classes,
                        Arbitraries.integers().between(0, 65_535),
                        Arbitraries.of(true, false),
                        Arbitraries.integers().between(0, 255),
                        ednsSizes,
                        Arbitraries.of(true, false))
                .as(Query::new);
    }

    private static String randomCase(String name, Random random) {
        StringBuilder cased = new StringBuilder(name.length());
        for (char c : name.toCharArray()) {
            cased.append(random.nextBoolean() ? Character.toUpperCase(c) : c);
        }
        return cased.toString();
    }

    /** 700 sequences of 1–30 queries: ≈ 10,000 queries compared per run. */
    @Property(tries = 700)
    void templatesGiveTheSlowPathsBytesForEveryQuery(
            @ForAll Setup setup, @ForAll @Size(min = 1, max = 30) List<@From("queries") Query> queries)
            throws Exception {
        DnsAnswerer fast = setup.answerer();
        DnsAnswerer slow = setup.answerer();
        byte[] out = new byte[UdpAnswering.BUFFER_BYTES];
        for (Query query : queries) {
            byte[] wire = query.wire();
            Optional<byte[]> expected = slow.answer(wire, DnsAnswerer.Transport.UDP);
            int length = fast.answerUdp(wire, wire.length, out);
            assertArrayEquals(
                    expected.orElse(null),
                    length < 0 ? null : Arrays.copyOf(out, length),
                    () -> "the same response to " + query + " with " + setup);
        }
        assertEquals(slow.responsesByRcode(), fast.responsesByRcode(), "counted alike");
    }

    /** The queries a WAP gateway's resolver sends all come from the templates, whatever their case, ID or EDNS. */
    @Property(tries = 400)
    void theCommonQueriesAreServedFromTemplates(
            @ForAll Setup setup, @ForAll @IntRange(min = 0, max = 5) int nameIndex, @ForAll("queries") Query random)
            throws Exception {
        Query query = new Query(
                randomCase(NAMES.get(nameIndex), new Random(random.id())),
                List.of(Type.A, Type.AAAA, Type.SOA, Type.ANY, Type.MX).get(random.id() % 5),
                DClass.IN,
                random.id(),
                random.rd(),
                random.byte3(),
                random.ednsSize(),
                random.dnssecOk());
        byte[] wire = query.wire();
        DnsAnswerer answerer = setup.answerer();
        byte[] out = new byte[UdpAnswering.BUFFER_BYTES];

        assertNotEquals(
                WireAnswers.NOT_SERVED,
                answerer.wireAnswers().answer(wire, wire.length, out, new AtomicInteger()),
                () -> query + " served from a template");
    }

    private static List<InetAddress> addresses(List<String> literals) {
        return literals.stream()
                .map(literal -> {
                    try {
                        return InetAddress.getByName(literal);
                    } catch (UnknownHostException e) {
                        throw new AssertionError(e);
                    }
                })
                .toList();
    }
}
