package org.mmsrouter.dns;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * The answers to the common UDP queries as wire templates, so that answering one is a copy and
 * three patches instead of parsing a {@code Message}, building a response and compressing its
 * names. Each template is the slow path's own response ({@link DnsAnswerer}, through a
 * {@link Source}), built once per zone snapshot, for:
 *
 * <ul>
 *   <li>each apex and name server name × query type A, AAAA, SOA, NS, ANY or any other (the other
 *       types all get the same NODATA) × with or without EDNS0, and for answers that carry the
 *       rotating addresses, one per rotation offset;
 *   <li>REFUSED (a name outside every zone, or a class other than IN), with or without EDNS0: that
 *       response is the header, the question as asked and the OPT record, whatever the name.
 * </ul>
 *
 * <p>Per query only the header and question are read, straight from the bytes; the response is the
 * template with the query's ID, its RD flag and its question (name in the case it was asked: 0x20)
 * copied in. That gives the slow path's bytes because the question is the response's first name and
 * name compression compares names without regard to case, so every later name points at the same
 * offsets whatever the case. {@link #answer} serves only queries whose response cannot differ from
 * the template's: opcode QUERY, no flag but RD in the third header byte, one question and no other
 * record than an OPT without options, EDNS version 0, an uncompressed name of at most 255 bytes, no
 * trailing bytes, and a template that fits the client's UDP size. Everything else (including the
 * other names in a zone: NXDOMAIN, or wildcard answers) is {@link #NOT_SERVED} and goes the slow way.
 * Immutable and safe for concurrent use; {@link #answer} allocates nothing.
 */
final class WireAnswers {

    /** {@link #answer}'s result for a query the templates do not serve. */
    static final int NOT_SERVED = -2;

    /** No templates at all (every query goes the slow way). */
    static final WireAnswers NONE = new WireAnswers(new Entry[0], new byte[0][], null, null);

    /** Rotation offsets precomputed at most; a longer period is left to the slow path. */
    static final int MAX_ROTATIONS = 64;

    private static final int HEADER = 12;
    private static final int OPT_LENGTH = 11;
    private static final int MAX_NAME = 255;
    private static final int FLAG_RD = 0x01;
    /** The query types with an answer of their own; every other type gets the NODATA of TXT. */
    private static final int[] TYPES = {Type.A, Type.AAAA, Type.SOA, Type.NS, Type.ANY, Type.TXT};

    private static final int OTHER_TYPE = TYPES.length - 1;

    /** The responses the slow path gives; rotation offsets are taken from the supplier it is handed. */
    @FunctionalInterface
    interface Source {
        /** The full (not truncated) response to {@code query}, rotating with offsets from {@code rotation}. */
        byte[] respond(byte[] query, IntSupplier rotation);
    }

    /**
     * The templates of one name for one query type and EDNS presence: one per rotation offset (one in
     * all when the answer carries no rotating addresses), all of the same length.
     */
    private record Variants(byte[][] bytes, boolean rotates) {}

    /** One name's templates: its wire form in lower case and its variants by [edns][type index]. */
    private record Entry(byte[] name, Variants[][] variants) {}

    private final Entry[] entries;
    /** The apexes' wire forms in lower case: a name ending in one of them is in a zone. */
    private final byte[][] apexes;
    /** REFUSED by EDNS presence: the header (12 bytes) and what follows the question. */
    private final byte[][] refusedHeader;

    private final byte[][] refusedTail;

    private WireAnswers(Entry[] entries, byte[][] apexes, byte[][] refusedHeader, byte[][] refusedTail) {
        this.entries = entries;
        this.apexes = apexes;
        this.refusedHeader = refusedHeader;
        this.refusedTail = refusedTail;
    }

    /**
     * Builds the templates of {@code names} (duplicates are dropped) in the zones of {@code apexes},
     * with {@code rotationPeriod} answers after which the order of the addresses repeats.
     */
    static WireAnswers build(List<Name> apexes, List<Name> names, int rotationPeriod, Source source) {
        Map<String, Name> unique = new LinkedHashMap<>();
        for (Name name : names) {
            unique.putIfAbsent(Arrays.toString(lowerWire(name)), name);
        }
        List<Entry> entries = new ArrayList<>();
        for (Name name : unique.values()) {
            Variants[][] variants = new Variants[2][TYPES.length];
            for (int edns = 0; edns < 2; edns++) {
                for (int t = 0; t < TYPES.length; t++) {
                    variants[edns][t] = variants(source, query(name, TYPES[t], edns == 1), rotationPeriod);
                }
            }
            entries.add(new Entry(lowerWire(name), variants));
        }
        byte[][] apexWires = apexes.stream().map(WireAnswers::lowerWire).toArray(byte[][]::new);
        byte[][] refusedHeader = null;
        byte[][] refusedTail = null;
        Name outside = outsideEveryZone(apexes);
        if (outside != null) {
            refusedHeader = new byte[2][];
            refusedTail = new byte[2][];
            int question = outside.length() + 4;
            for (int edns = 0; edns < 2; edns++) {
                byte[] refused = source.respond(query(outside, Type.A, edns == 1), () -> {
                    throw new IllegalStateException("REFUSED carries no address");
                });
                refusedHeader[edns] = Arrays.copyOf(refused, HEADER);
                refusedTail[edns] = Arrays.copyOfRange(refused, HEADER + question, refused.length);
            }
        }
        return new WireAnswers(entries.toArray(Entry[]::new), apexWires, refusedHeader, refusedTail);
    }

    /** The variants of one query's response, or null when it rotates with a period too long to keep. */
    private static Variants variants(Source source, byte[] query, int rotationPeriod) {
        AtomicInteger asked = new AtomicInteger();
        byte[] first = source.respond(query, () -> {
            asked.incrementAndGet();
            return 0;
        });
        if (asked.get() == 0) {
            return new Variants(new byte[][] {first}, false);
        }
        if (asked.get() > 1 || rotationPeriod > MAX_ROTATIONS) {
            return null; // the slow path keeps these right
        }
        byte[][] all = new byte[rotationPeriod][];
        all[0] = first;
        for (int offset = 1; offset < rotationPeriod; offset++) {
            int fixed = offset;
            all[offset] = source.respond(query, () -> fixed);
        }
        return new Variants(all, true);
    }

    /** A name no apex is a suffix of, or null when there is none (a zone at the root). */
    private static Name outsideEveryZone(List<Name> apexes) {
        for (String candidate : List.of("refused.invalid.", "refused.arpa.", "refused.test.")) {
            Name name = Name.fromConstantString(candidate);
            if (apexes.stream().noneMatch(name::subdomain)) {
                return name;
            }
        }
        return null;
    }

    /** A query as a resolver sends it: ID 0, no flags, one question, an OPT record if {@code edns}. */
    private static byte[] query(Name name, int type, boolean edns) {
        Message query = new Message(0);
        query.addRecord(Record.newRecord(name, type, DClass.IN), Section.QUESTION);
        if (edns) {
            query.addRecord(new OPTRecord(DnsAnswerer.EDNS_UDP_LIMIT, 0, 0), Section.ADDITIONAL);
        }
        return query.toWire();
    }

    private static byte[] lowerWire(Name name) {
        byte[] wire = name.toWire();
        for (int i = 0; i < wire.length; i++) {
            wire[i] = lower(wire[i]);
        }
        return wire;
    }

    /**
     * Answers {@code query} (its first {@code length} bytes) into {@code out} from a template and
     * returns the response's length, or {@link #NOT_SERVED} (nothing written, no rotation used) when
     * the query is not one the templates serve. Takes a rotation offset from {@code rotation} exactly
     * when the slow path would.
     */
    int answer(byte[] query, int length, byte[] out, AtomicInteger rotation) {
        if (length < HEADER + 5 || (query[2] & ~FLAG_RD) != 0) {
            return NOT_SERVED; // a response, another opcode, AA or TC set: the slow path decides
        }
        int additional = u16(query, 10);
        if (u16(query, 4) != 1 || u16(query, 6) != 0 || u16(query, 8) != 0 || additional > 1) {
            return NOT_SERVED;
        }
        int nameEnd = nameEnd(query, length);
        if (nameEnd < 0 || nameEnd + 4 > length) {
            return NOT_SERVED;
        }
        int type = u16(query, nameEnd);
        int dclass = u16(query, nameEnd + 2);
        int questionEnd = nameEnd + 4;
        boolean edns = additional == 1;
        int limit = DnsAnswerer.PLAIN_UDP_LIMIT;
        if (edns) {
            if (questionEnd + OPT_LENGTH != length || !plainOpt(query, questionEnd)) {
                return NOT_SERVED;
            }
            int size = u16(query, questionEnd + 3);
            limit = Math.max(DnsAnswerer.PLAIN_UDP_LIMIT, Math.min(size, DnsAnswerer.EDNS_UDP_LIMIT));
        } else if (questionEnd != length) {
            return NOT_SERVED; // trailing bytes
        }
        int e = edns ? 1 : 0;
        if (dclass != DClass.IN || !inAZone(query, nameEnd)) {
            return refused(query, questionEnd, out, e, limit);
        }
        Entry entry = entry(query, nameEnd);
        if (entry == null) {
            return NOT_SERVED;
        }
        Variants variants = entry.variants()[e][typeIndex(type)];
        if (variants == null || variants.bytes()[0].length > limit) {
            return NOT_SERVED; // a rotation period too long, or truncation: the slow path does those
        }
        byte[][] bytes = variants.bytes();
        byte[] template =
                variants.rotates() ? bytes[(rotation.getAndIncrement() & Integer.MAX_VALUE) % bytes.length] : bytes[0];
        System.arraycopy(template, 0, out, 0, template.length);
        patch(query, questionEnd, out);
        return template.length;
    }

    private int refused(byte[] query, int questionEnd, byte[] out, int edns, int limit) {
        if (refusedHeader == null) {
            return NOT_SERVED;
        }
        byte[] tail = refusedTail[edns];
        int length = questionEnd + tail.length;
        if (length > limit) {
            return NOT_SERVED;
        }
        System.arraycopy(refusedHeader[edns], 0, out, 0, HEADER);
        System.arraycopy(tail, 0, out, questionEnd, tail.length);
        patch(query, questionEnd, out);
        return length;
    }

    /** The query's ID, its RD flag and its question as asked, into the response's header and question. */
    private static void patch(byte[] query, int questionEnd, byte[] out) {
        out[0] = query[0];
        out[1] = query[1];
        out[2] = (byte) (out[2] | (query[2] & FLAG_RD));
        System.arraycopy(query, HEADER, out, HEADER, questionEnd - HEADER);
    }

    /**
     * Where the question's name ends (after its root label), or -1 unless it is a plain sequence of
     * labels (no compression pointer, no extended label type) of at most 255 bytes within the packet.
     */
    private static int nameEnd(byte[] query, int length) {
        int position = HEADER;
        while (position < length && position - HEADER < MAX_NAME) {
            int label = query[position] & 0xFF;
            if (label == 0) {
                return position + 1;
            }
            if (label > 63) {
                return -1;
            }
            position += label + 1;
        }
        return -1;
    }

    /** An OPT record of version 0 without options, on the root name (payload size and flags any). */
    private static boolean plainOpt(byte[] query, int at) {
        return query[at] == 0
                && u16(query, at + 1) == Type.OPT
                && query[at + 6] == 0 // EDNS version
                && u16(query, at + 9) == 0; // no options
    }

    /** Whether the name ending at {@code nameEnd} is an apex or below one. */
    private boolean inAZone(byte[] query, int nameEnd) {
        for (byte[] apex : apexes) {
            int start = nameEnd - apex.length;
            if (start >= HEADER && labelStart(query, start) && equalsIgnoreCase(query, start, apex)) {
                return true;
            }
        }
        return false;
    }

    /** Whether a label of the question's name starts at {@code offset}. */
    private static boolean labelStart(byte[] query, int offset) {
        int position = HEADER;
        while (position < offset) {
            position += (query[position] & 0xFF) + 1;
        }
        return position == offset;
    }

    private Entry entry(byte[] query, int nameEnd) {
        int length = nameEnd - HEADER;
        for (Entry entry : entries) {
            if (entry.name().length == length && equalsIgnoreCase(query, HEADER, entry.name())) {
                return entry;
            }
        }
        return null;
    }

    /** Whether the bytes at {@code offset} equal {@code lower} (lower case) but for the case of ASCII letters. */
    private static boolean equalsIgnoreCase(byte[] query, int offset, byte[] lower) {
        for (int i = 0; i < lower.length; i++) {
            if (lower(query[offset + i]) != lower[i]) {
                return false;
            }
        }
        return true;
    }

    /** ASCII lower case, as DNS compares names (label lengths, at most 63, are never letters). */
    private static byte lower(byte b) {
        return b >= 'A' && b <= 'Z' ? (byte) (b + ('a' - 'A')) : b;
    }

    private static int typeIndex(int type) {
        for (int i = 0; i < OTHER_TYPE; i++) {
            if (TYPES[i] == type) {
                return i;
            }
        }
        return OTHER_TYPE;
    }

    private static int u16(byte[] bytes, int at) {
        return ((bytes[at] & 0xFF) << 8) | (bytes[at + 1] & 0xFF);
    }
}
