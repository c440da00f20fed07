package org.mmsrouter.dns;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntSupplier;
import java.util.stream.Stream;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.HINFORecord;
import org.xbill.DNS.Header;
import org.xbill.DNS.Message;
import org.xbill.DNS.NSRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.NameTooLongException;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * Answers one DNS query as the authoritative server of the MMS zones. Each configured MMS domain
 * is a zone apex: A/AAAA there (and for its name server {@code ns.<zone>}) carry the router's
 * addresses, SOA and NS describe the zone, other types get NODATA and other names in the zone
 * NXDOMAIN, both with the SOA in the authority section (RFC 2308 negative caching); names outside
 * the zones are REFUSED (never a resolver). EDNS0 is honoured: the response fits the client's
 * advertised UDP size (512 without OPT), else it is truncated with TC set so the client retries
 * over TCP. The question is echoed as asked (0x20 case preserved). Optionally every name below an
 * apex answers like a wildcard, and the order of the addresses rotates per answer. ANY queries get
 * the minimal answer of RFC 8482 (one synthesised HINFO "RFC8482" record), so the responder cannot be
 * used to amplify: an ANY answer is never larger than an A answer. The addresses
 * can be replaced while serving ({@link #publish}), as router nodes come and go. Pure logic: bytes
 * in, bytes out, safe for concurrent use.
 *
 * <p>The common UDP queries (the apexes' and name servers' names, names outside the zones) are also
 * answered from wire templates ({@link #answerUdp}): the responses this class gives, built once per
 * snapshot by the same code, so the bytes are the same; {@link WireAnswers} says which queries qualify.
 */
public final class DnsAnswerer {

    /** How a query arrived; it decides how large the response may be. */
    public enum Transport {
        UDP,
        TCP
    }

    private static final int HEADER_LENGTH = 12;
    /** Classic DNS over UDP without EDNS0. */
    static final int PLAIN_UDP_LIMIT = 512;
    /** The EDNS0 UDP size this server advertises and never exceeds (the DNS flag day 2020 value). */
    static final int EDNS_UDP_LIMIT = 1232;

    private static final int TCP_LIMIT = 65_535;

    private final List<Name> apexes;
    private final long ttlSeconds;
    private final boolean wildcard;
    private final boolean rotate;
    /** Advances once per address answer, so consecutive answers start with a different address. */
    private final AtomicInteger rotation = new AtomicInteger();
    /** What the zones hold now; replaced whole when the live router nodes change. */
    private volatile Snapshot current;

    /** One MMS zone: its apex, its name server and its SOA. */
    private record Zone(Name apex, Name nameServer, SOARecord soa) {}

    /**
     * The zones' data at one moment: the addresses answers carry, the SOA serial that names them and
     * the wire templates of the answers they give.
     */
    private record Snapshot(List<InetAddress> addresses, long serial, List<Zone> zones, WireAnswers wire) {}

    /** What {@link #answerUdp} returns when the packet deserves no answer at all. */
    public static final int NO_ANSWER = -1;

    /** The slow path's rotation: the next offset when rotating, always 0 otherwise. */
    private final IntSupplier nextRotation = this::nextRotation;
    /** Responses {@link #answerUdp} sent from a template since start. */
    private final LongAdder templateAnswers = new LongAdder();

    /** Answers only the apex and its name server with {@code addresses}, in the configured order. */
    public DnsAnswerer(List<String> domains, List<InetAddress> addresses, long ttlSeconds) {
        this(domains, addresses, ttlSeconds, false, false, Instant.now().getEpochSecond());
    }

    /**
     * @param wildcard whether names below an apex (but the name server's) get the addresses too
     * @param rotate   whether the order of the addresses rotates from one answer to the next
     */
    public DnsAnswerer(
            List<String> domains, List<InetAddress> addresses, long ttlSeconds, boolean wildcard, boolean rotate) {
        this(domains, addresses, ttlSeconds, wildcard, rotate, Instant.now().getEpochSecond());
    }

    /** @param serial the zones' first SOA serial (the start time; {@link #publish} advances it) */
    DnsAnswerer(
            List<String> domains,
            List<InetAddress> addresses,
            long ttlSeconds,
            boolean wildcard,
            boolean rotate,
            long serial) {
        if (addresses.isEmpty()) {
            throw new IllegalArgumentException("at least one address to answer with is needed");
        }
        this.ttlSeconds = ttlSeconds;
        this.wildcard = wildcard;
        this.rotate = rotate;
        this.apexes = domains.stream().map(DnsAnswerer::absoluteName).toList();
        this.current = snapshot(addresses, serial);
    }

    /**
     * Replaces the addresses answers carry (the live router nodes changed). The SOA serial moves
     * forward, so a secondary or a curious operator sees that the zone changed; the same addresses
     * again change nothing.
     */
    public void publish(List<InetAddress> addresses) {
        if (addresses.isEmpty()) {
            throw new IllegalArgumentException("at least one address to answer with is needed");
        }
        Snapshot before = current;
        if (!before.addresses().equals(addresses)) {
            long serial = Math.max(before.serial() + 1, Instant.now().getEpochSecond());
            current = snapshot(addresses, serial);
        }
    }

    /** Responses by rcode (index: the rcode, 0..4095 folded to 0..15 and BADVERS at 16) since start. */
    private final LongAdder[] byRcode = newCounters();

    private static LongAdder[] newCounters() {
        LongAdder[] counters = new LongAdder[17];
        for (int i = 0; i < counters.length; i++) {
            counters[i] = new LongAdder();
        }
        return counters;
    }

    private void count(int rcode) {
        byRcode[rcode == Rcode.BADVERS ? 16 : rcode & 0xF].increment();
    }

    /** Responses sent (before any rate limiting) by rcode name since start, rcodes never sent left out. */
    public Map<String, Long> responsesByRcode() {
        Map<String, Long> counts = new TreeMap<>();
        for (int i = 0; i < byRcode.length; i++) {
            long sum = byRcode[i].sum();
            if (sum > 0) {
                counts.put(Rcode.string(i == 16 ? Rcode.BADVERS : i), sum);
            }
        }
        return counts;
    }

    /** The addresses answers carry now. */
    public List<InetAddress> addresses() {
        return current.addresses();
    }

    private Snapshot snapshot(List<InetAddress> addresses, long serial) {
        List<InetAddress> copy = List.copyOf(addresses);
        List<Zone> zones = apexes.stream().map(apex -> zone(apex, serial)).toList();
        Snapshot data = new Snapshot(copy, serial, zones, WireAnswers.NONE);
        List<Name> names = zones.stream()
                .flatMap(zone -> Stream.of(zone.apex(), zone.nameServer()))
                .toList();
        WireAnswers wire = WireAnswers.build(
                apexes, names, rotationPeriod(copy), (query, rotation) -> respondToWire(data, query, rotation));
        return new Snapshot(copy, serial, zones, wire);
    }

    /**
     * After how many answers the order of the addresses repeats: each family rotates on its own
     * (an offset taken modulo its count), so the pair repeats after the least common multiple.
     */
    private static int rotationPeriod(List<InetAddress> addresses) {
        long v4 = addresses.stream().filter(Inet4Address.class::isInstance).count();
        long v6 = addresses.size() - v4;
        long a = Math.max(1, v4);
        long b = Math.max(1, v6);
        long gcd = a;
        for (long r = b; r != 0; ) {
            long t = gcd % r;
            gcd = r;
            r = t;
        }
        return (int) Math.min(Integer.MAX_VALUE, a / gcd * b);
    }

    /**
     * The response the slow path gives {@code query} (an uncompressed, well-formed query) in
     * {@code snapshot}, not truncated, with rotation offsets from {@code rotation}: what templates
     * are made of. Null when the query deserves no answer.
     */
    private byte[] respondToWire(Snapshot snapshot, byte[] query, IntSupplier rotation) {
        try {
            Message request = new Message(query);
            return respond(request.getHeader(), request, request.getOPT(), snapshot, rotation)
                    .toWire(TCP_LIMIT);
        } catch (IOException e) {
            throw new IllegalStateException("a template query that does not parse", e);
        }
    }

    private int nextRotation() {
        return rotation.getAndIncrement() & Integer.MAX_VALUE;
    }

    /**
     * Answers a UDP query of {@code length} bytes in {@code query} into {@code out} (at least 65,535
     * bytes) and returns the response's length, or {@link #NO_ANSWER}. From a template when the
     * query is one the templates serve (no allocation, no parsing into a {@code Message}), else as
     * {@link #answer(byte[], Transport)}: the bytes are the same either way.
     */
    public int answerUdp(byte[] query, int length, byte[] out) {
        int fast = current.wire().answer(query, length, out, rotation);
        if (fast != WireAnswers.NOT_SERVED) {
            templateAnswers.increment();
            count(out[3] & 0xF);
            return fast;
        }
        Optional<byte[]> slow = answer(Arrays.copyOf(query, length), Transport.UDP);
        if (slow.isEmpty()) {
            return NO_ANSWER;
        }
        byte[] response = slow.get();
        System.arraycopy(response, 0, out, 0, response.length);
        return response.length;
    }

    /** Responses {@link #answerUdp} sent from a template since start (the others went the slow path). */
    public long templateAnswers() {
        return templateAnswers.sum();
    }

    /** The templates of the current snapshot (tests look at which queries they serve). */
    WireAnswers wireAnswers() {
        return current.wire();
    }

    private Zone zone(Name apex, long serial) {
        try {
            Name nameServer = Name.concatenate(Name.fromConstantString("ns"), apex);
            Name hostmaster = Name.concatenate(Name.fromConstantString("hostmaster"), apex);
            // refresh/retry/expire matter only to secondaries; minimum is the negative-caching TTL.
            SOARecord soa = new SOARecord(
                    apex,
                    DClass.IN,
                    ttlSeconds,
                    nameServer,
                    hostmaster,
                    serial & 0xFFFFFFFFL,
                    3600,
                    600,
                    86_400,
                    ttlSeconds);
            return new Zone(apex, nameServer, soa);
        } catch (NameTooLongException e) {
            throw new IllegalArgumentException("domain name too long for its name server name: " + apex, e);
        }
    }

    /** Answers a query that came over UDP with a 512-byte limit at most; kept for callers with their own limit. */
    public Optional<byte[]> answer(byte[] query, int maxResponseLength) {
        return answer(query, maxResponseLength, false);
    }

    /** The response to {@code query} arrived over {@code transport}; empty when it deserves none. */
    public Optional<byte[]> answer(byte[] query, Transport transport) {
        return answer(query, transport == Transport.TCP ? TCP_LIMIT : PLAIN_UDP_LIMIT, transport == Transport.UDP);
    }

    /**
     * The response to {@code query}, or empty when the packet deserves no answer at all (too short
     * to carry a DNS header, or itself a response — answering those invites loops and reflection).
     */
    private Optional<byte[]> answer(byte[] query, int maxResponseLength, boolean ednsSizesUdp) {
        if (query.length < HEADER_LENGTH) {
            return Optional.empty();
        }
        Header header;
        try {
            header = new Header(Arrays.copyOf(query, HEADER_LENGTH));
        } catch (IOException e) {
            return Optional.empty();
        }
        if (header.getFlag(Flags.QR)) {
            return Optional.empty();
        }
        Message request;
        try {
            request = new Message(query);
        } catch (IOException | RuntimeException e) {
            count(Rcode.FORMERR);
            return Optional.of(errorResponse(header, Rcode.FORMERR).toWire(PLAIN_UDP_LIMIT));
        }
        OPTRecord opt = request.getOPT();
        int limit = maxResponseLength;
        if (ednsSizesUdp && opt != null) {
            limit = Math.max(PLAIN_UDP_LIMIT, Math.min(opt.getPayloadSize(), EDNS_UDP_LIMIT));
        }
        Message response = respond(header, request, opt, current, nextRotation);
        count(response.getRcode());
        return Optional.of(response.toWire(limit));
    }

    /**
     * The truncated stand-in for a rate-limited response: header and question only, TC set, so a
     * genuine resolver retries over TCP. Empty when the packet deserves no answer at all.
     */
    public Optional<byte[]> slip(byte[] query) {
        Optional<byte[]> full = answer(query, Transport.UDP);
        if (full.isEmpty()) {
            return full;
        }
        try {
            Message answer = new Message(full.get());
            Message stub = new Message(answer.getHeader().getID());
            Header header = stub.getHeader();
            header.setFlag(Flags.QR);
            header.setFlag(Flags.TC);
            header.setOpcode(answer.getHeader().getOpcode());
            header.setRcode(answer.getRcode() & 0xF);
            for (Record question : answer.getSection(Section.QUESTION)) {
                stub.addRecord(question, Section.QUESTION);
            }
            return Optional.of(stub.toWire(PLAIN_UDP_LIMIT));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private Message respond(Header header, Message request, OPTRecord opt, Snapshot snapshot, IntSupplier rotation) {
        if (opt != null && opt.getVersion() != 0) {
            Message badVersion = errorResponse(header, Rcode.NOERROR);
            badVersion.addRecord(new OPTRecord(EDNS_UDP_LIMIT, Rcode.BADVERS >>> 4, 0), Section.ADDITIONAL);
            return badVersion;
        }
        if (header.getOpcode() != Opcode.QUERY) {
            return withOpt(errorResponse(header, Rcode.NOTIMP), opt);
        }
        List<Record> questions = request.getSection(Section.QUESTION);
        if (questions.size() != 1) {
            return withOpt(errorResponse(header, Rcode.FORMERR), opt);
        }
        Record question = questions.get(0);
        Message response = errorResponse(header, Rcode.NOERROR);
        response.addRecord(question, Section.QUESTION);
        Optional<Zone> zone =
                question.getDClass() == DClass.IN ? zoneOf(snapshot, question.getName()) : Optional.empty();
        if (zone.isEmpty()) {
            response.getHeader().setRcode(Rcode.REFUSED);
            return withOpt(response, opt);
        }
        response.getHeader().setFlag(Flags.AA);
        answerInZone(snapshot, zone.get(), question, response, rotation);
        return withOpt(response, opt);
    }

    private void answerInZone(Snapshot snapshot, Zone zone, Record question, Message response, IntSupplier rotation) {
        Name name = question.getName();
        int type = question.getType();
        boolean apex = name.equals(zone.apex());
        boolean nameServer = name.equals(zone.nameServer());
        // As a wildcard *.<zone> would (RFC 4592): it covers names that do not exist, not those below ns.<zone>.
        boolean coveredByWildcard = wildcard && !apex && !name.subdomain(zone.nameServer());
        if (!apex && !nameServer && !coveredByWildcard) {
            response.getHeader().setRcode(Rcode.NXDOMAIN);
            response.addRecord(zone.soa(), Section.AUTHORITY);
            return;
        }
        if (type == Type.ANY) {
            // RFC 8482 section 4.2: a synthesised HINFO says "ANY is not answered in full" in one small record.
            response.addRecord(new HINFORecord(name, DClass.IN, ttlSeconds, "RFC8482", ""), Section.ANSWER);
            return;
        }
        if (type == Type.A || type == Type.AAAA) {
            addAddresses(snapshot, name, type, response, Section.ANSWER, rotation);
        }
        if (apex && type == Type.SOA) {
            response.addRecord(zone.soa(), Section.ANSWER);
        }
        if (apex && type == Type.NS) {
            response.addRecord(new NSRecord(zone.apex(), DClass.IN, ttlSeconds, zone.nameServer()), Section.ANSWER);
            addAddresses(snapshot, zone.nameServer(), Type.ANY, response, Section.ADDITIONAL, rotation);
        }
        if (response.getSection(Section.ANSWER).isEmpty()) {
            response.addRecord(zone.soa(), Section.AUTHORITY); // NODATA
        }
    }

    /** The router's addresses as A and/or AAAA records of {@code name}, as {@code type} asks. */
    private void addAddresses(
            Snapshot snapshot, Name name, int type, Message response, int section, IntSupplier rotation) {
        int offset = rotate ? rotation.getAsInt() : 0;
        if (type == Type.A || type == Type.ANY) {
            List<InetAddress> v4 = snapshot.addresses().stream()
                    .filter(Inet4Address.class::isInstance)
                    .toList();
            for (int i = 0; i < v4.size(); i++) {
                response.addRecord(new ARecord(name, DClass.IN, ttlSeconds, v4.get((i + offset) % v4.size())), section);
            }
        }
        if (type == Type.AAAA || type == Type.ANY) {
            List<InetAddress> v6 = snapshot.addresses().stream()
                    .filter(Inet6Address.class::isInstance)
                    .toList();
            for (int i = 0; i < v6.size(); i++) {
                response.addRecord(
                        new AAAARecord(name, DClass.IN, ttlSeconds, v6.get((i + offset) % v6.size())), section);
            }
        }
    }

    /** The zone {@code name} lies in (the longest apex that is a suffix of it), if any. */
    private static Optional<Zone> zoneOf(Snapshot snapshot, Name name) {
        Zone best = null;
        for (Zone zone : snapshot.zones()) {
            if (name.subdomain(zone.apex())
                    && (best == null || zone.apex().labels() > best.apex().labels())) {
                best = zone;
            }
        }
        return Optional.ofNullable(best);
    }

    private static Message withOpt(Message response, OPTRecord queryOpt) {
        if (queryOpt != null) {
            response.addRecord(new OPTRecord(EDNS_UDP_LIMIT, 0, 0), Section.ADDITIONAL);
        }
        return response;
    }

    private static Message errorResponse(Header query, int rcode) {
        Message response = new Message(query.getID());
        Header header = response.getHeader();
        header.setFlag(Flags.QR);
        header.setOpcode(query.getOpcode());
        if (query.getFlag(Flags.RD)) {
            header.setFlag(Flags.RD);
        }
        header.setRcode(rcode);
        return response;
    }

    private static Name absoluteName(String domain) {
        try {
            return Name.fromString(domain.endsWith(".") ? domain : domain + ".");
        } catch (TextParseException e) {
            throw new IllegalArgumentException("not a domain name: " + domain, e);
        }
    }
}
