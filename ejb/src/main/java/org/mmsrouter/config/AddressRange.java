package org.mmsrouter.config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/**
 * An IP address or a CIDR block ({@code 10.20.0.0/16}, {@code 2001:db8::/32}) and whether an
 * address falls inside it. Used for the WAP gateways whose MSISDN headers are trusted.
 */
public record AddressRange(byte[] network, int prefixLength) {

    private static final Pattern LITERAL = Pattern.compile("[0-9A-Fa-f:.]+");

    /** By value (the network's bytes), so that a settings reload sees an unchanged range as unchanged. */
    @Override
    public boolean equals(Object other) {
        return other instanceof AddressRange range
                && range.prefixLength == prefixLength
                && Arrays.equals(range.network, network);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(network) * 31 + prefixLength;
    }

    @Override
    public String toString() {
        try {
            return InetAddress.getByAddress(network).getHostAddress() + "/" + prefixLength;
        } catch (UnknownHostException e) {
            return Arrays.toString(network) + "/" + prefixLength;
        }
    }

    public static AddressRange parse(String text) {
        int slash = text.indexOf('/');
        String address = slash < 0 ? text : text.substring(0, slash);
        if (!LITERAL.matcher(address).matches()) {
            throw new IllegalArgumentException("'" + text + "' is not an IP address or CIDR block");
        }
        byte[] bytes;
        try {
            bytes = InetAddress.getByName(address).getAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("'" + text + "' is not an IP address or CIDR block");
        }
        int prefix = bytes.length * 8;
        if (slash >= 0) {
            try {
                prefix = Integer.parseInt(text.substring(slash + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("'" + text + "' has no valid prefix length");
            }
            if (prefix < 0 || prefix > bytes.length * 8) {
                throw new IllegalArgumentException("'" + text + "' has a prefix length outside 0.." + bytes.length * 8);
            }
        }
        return new AddressRange(bytes, prefix);
    }

    /** Whether {@code address} (an IP literal as a servlet container reports it) lies in this range. */
    public boolean contains(String address) {
        byte[] candidate = literal(address);
        return candidate != null && contains(candidate);
    }

    /**
     * Whether {@code address} lies in any of {@code ranges}; the address is parsed once, however many
     * ranges there are (the MM1 ingress asks this for every request).
     */
    public static boolean anyContains(List<AddressRange> ranges, String address) {
        if (ranges.isEmpty()) {
            return false;
        }
        byte[] candidate = literal(address);
        return candidate != null && ranges.stream().anyMatch(range -> range.contains(candidate));
    }

    /** The bytes of an IP literal, or null when it is not one (never a DNS lookup). */
    private static byte[] literal(String address) {
        if (address == null || !LITERAL.matcher(address).matches()) {
            return null;
        }
        try {
            return InetAddress.getByName(address).getAddress();
        } catch (UnknownHostException e) {
            return null;
        }
    }

    private boolean contains(byte[] candidate) {
        if (candidate.length != network.length) {
            return false;
        }
        int fullBytes = prefixLength / 8;
        for (int i = 0; i < fullBytes; i++) {
            if (candidate[i] != network[i]) {
                return false;
            }
        }
        int restBits = prefixLength % 8;
        if (restBits == 0) {
            return true;
        }
        int mask = (0xFF << (8 - restBits)) & 0xFF;
        return (candidate[fullBytes] & mask) == (network[fullBytes] & mask);
    }
}
