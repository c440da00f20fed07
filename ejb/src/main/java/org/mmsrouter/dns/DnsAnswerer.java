package org.mmsrouter.dns;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Header;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * Answers one DNS query for the MMS domains: A records with the router's addresses for those
 * names, an empty authoritative answer for their other types, REFUSED for every other name (the
 * responder is no resolver). Pure logic: bytes in, bytes out; no sockets.
 */
public final class DnsAnswerer {

    private static final int HEADER_LENGTH = 12;

    private final Set<Name> domains;
    private final List<InetAddress> addresses;
    private final long ttlSeconds;

    public DnsAnswerer(List<String> domains, List<InetAddress> addresses, long ttlSeconds) {
        this.domains = domains.stream().map(DnsAnswerer::absoluteName).collect(Collectors.toUnmodifiableSet());
        this.addresses = List.copyOf(addresses);
        this.ttlSeconds = ttlSeconds;
    }

    /**
     * The response to {@code query}, or empty when the packet deserves no answer at all (too short
     * to carry a DNS header, or itself a response — answering those invites loops and reflection).
     */
    public Optional<byte[]> answer(byte[] query, int maxResponseLength) {
        if (query.length < HEADER_LENGTH) {
            return Optional.empty();
        }
        Header header;
        try {
            header = new Header(java.util.Arrays.copyOf(query, HEADER_LENGTH));
        } catch (IOException e) {
            return Optional.empty();
        }
        if (header.getFlag(Flags.QR)) {
            return Optional.empty();
        }
        Message request;
        try {
            request = new Message(query);
        } catch (IOException e) {
            return Optional.of(errorResponse(header, Rcode.FORMERR).toWire(maxResponseLength));
        }
        if (header.getOpcode() != Opcode.QUERY) {
            return Optional.of(errorResponse(header, Rcode.NOTIMP).toWire(maxResponseLength));
        }
        List<Record> questions = request.getSection(Section.QUESTION);
        if (questions.size() != 1) {
            return Optional.of(errorResponse(header, Rcode.FORMERR).toWire(maxResponseLength));
        }
        Record question = questions.get(0);
        Message response = errorResponse(header, Rcode.NOERROR);
        response.addRecord(question, Section.QUESTION);
        if (question.getDClass() != DClass.IN || !domains.contains(question.getName())) {
            response.getHeader().setRcode(Rcode.REFUSED);
            return Optional.of(response.toWire(maxResponseLength));
        }
        response.getHeader().setFlag(Flags.AA);
        int type = question.getType();
        if (type == Type.A || type == Type.ANY) {
            for (InetAddress address : addresses) {
                if (address instanceof Inet4Address) {
                    response.addRecord(new ARecord(question.getName(), DClass.IN, ttlSeconds, address), Section.ANSWER);
                }
            }
        }
        return Optional.of(response.toWire(maxResponseLength));
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
