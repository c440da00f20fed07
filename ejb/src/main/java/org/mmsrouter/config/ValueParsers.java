package org.mmsrouter.config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/**
 * The converters of single setting values (domain names, addresses, paths, names): each returns the
 * value (normalised where the setting needs it) or throws {@link IllegalArgumentException} with the
 * reason {@link SettingsReader} reports after the key. Pure: nothing here looks a name up.
 */
final class ValueParsers {

    private static final Pattern DOMAIN_NAME =
            Pattern.compile("(?i)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)*[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.?");
    private static final Pattern IPV4_LITERAL = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern IPV6_LITERAL = Pattern.compile("(?i)[0-9a-f:.]{2,45}");
    private static final Pattern NODE_NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    private ValueParsers() {}

    static String pathPrefix(String value) {
        if (!value.startsWith("/")) {
            throw new IllegalArgumentException("'" + value + "' is not a path prefix starting with /");
        }
        return value;
    }

    static String domain(String value) {
        if (value.length() > 253 || !DOMAIN_NAME.matcher(value).matches()) {
            throw new IllegalArgumentException("'" + value + "' is not a domain name");
        }
        String lower = value.toLowerCase();
        return lower.endsWith(".") ? lower.substring(0, lower.length() - 1) : lower;
    }

    static InetAddress ipv4(String value) {
        if (!IPV4_LITERAL.matcher(value).matches()) {
            throw new IllegalArgumentException("'" + value + "' is not an IPv4 address");
        }
        try {
            for (String octet : value.split("\\.")) {
                if (Integer.parseInt(octet) > 255) {
                    throw new IllegalArgumentException("'" + value + "' is not an IPv4 address");
                }
            }
            return InetAddress.getByName(value);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("'" + value + "' is not an IPv4 address");
        }
    }

    /** An IPv4 or IPv6 literal (never a host name: settings must not depend on a lookup). */
    static InetAddress ipAddress(String value) {
        if (!value.contains(":")) {
            return ipv4(value);
        }
        if (!IPV6_LITERAL.matcher(value).matches()) {
            throw new IllegalArgumentException("'" + value + "' is not an IPv4 or IPv6 address");
        }
        try {
            return InetAddress.getByName(value); // a literal with ':' is parsed, never looked up
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("'" + value + "' is not an IPv4 or IPv6 address");
        }
    }

    static String nodeName(String value) {
        if (!NODE_NAME.matcher(value).matches()) {
            throw new IllegalArgumentException(
                    "'" + value + "' is not a node name (letters, digits, . _ -, at most 64)");
        }
        return value;
    }

    /** host or host:port of a name server; the port defaults to 53. */
    static String nameServer(String value) {
        int colon = value.lastIndexOf(':');
        String host = colon < 0 ? value : value.substring(0, colon);
        if (colon >= 0) {
            try {
                int port = Integer.parseInt(value.substring(colon + 1));
                if (port < 1 || port > 65535) {
                    throw new NumberFormatException();
                }
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("'" + value + "' is not host or host:port");
            }
        }
        if (!IPV4_LITERAL.matcher(host).matches() && !DOMAIN_NAME.matcher(host).matches()) {
            throw new IllegalArgumentException("'" + value + "' is not host or host:port");
        }
        return value;
    }

    static String servletPath(String value) {
        if (!value.startsWith("/") || value.length() < 2 || value.contains("*") || value.endsWith("/")) {
            throw new IllegalArgumentException("'" + value + "' is not a path like /mms");
        }
        return value;
    }
}
