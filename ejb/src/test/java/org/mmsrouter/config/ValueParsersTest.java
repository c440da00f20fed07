package org.mmsrouter.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;

class ValueParsersTest {

    private static String refusal(Runnable parse) {
        return assertThrows(IllegalArgumentException.class, parse::run).getMessage();
    }

    @Test
    void domainsAreLowerCasedAndLoseTheirTrailingDot() {
        assertEquals("mms.example.net", ValueParsers.domain("MMS.Example.NET."));
        assertEquals("'a..b' is not a domain name", refusal(() -> ValueParsers.domain("a..b")));
        assertEquals("'-a.b' is not a domain name", refusal(() -> ValueParsers.domain("-a.b")));
    }

    @Test
    void addressesAreLiteralsOnlyNeverLookedUp() throws Exception {
        assertEquals(InetAddress.getByName("192.0.2.1"), ValueParsers.ipv4("192.0.2.1"));
        assertEquals("'192.0.2.256' is not an IPv4 address", refusal(() -> ValueParsers.ipv4("192.0.2.256")));
        assertEquals("'localhost' is not an IPv4 address", refusal(() -> ValueParsers.ipv4("localhost")));
        assertEquals(InetAddress.getByName("2001:db8::1"), ValueParsers.ipAddress("2001:db8::1"));
        assertEquals("'host:name' is not an IPv4 or IPv6 address", refusal(() -> ValueParsers.ipAddress("host:name")));
        assertEquals("'router' is not an IPv4 address", refusal(() -> ValueParsers.ipAddress("router")));
    }

    @Test
    void nameServersAreHostOrHostAndPort() {
        assertEquals("192.0.2.53", ValueParsers.nameServer("192.0.2.53"));
        assertEquals("ns.example.net:5353", ValueParsers.nameServer("ns.example.net:5353"));
        assertEquals("'ns:0' is not host or host:port", refusal(() -> ValueParsers.nameServer("ns:0")));
        assertEquals("'ns:x' is not host or host:port", refusal(() -> ValueParsers.nameServer("ns:x")));
        assertEquals("'n s:53' is not host or host:port", refusal(() -> ValueParsers.nameServer("n s:53")));
    }

    @Test
    void pathsAndNodeNamesHaveTheirShape() {
        assertEquals("/mms", ValueParsers.servletPath("/mms"));
        assertEquals("'/mms/' is not a path like /mms", refusal(() -> ValueParsers.servletPath("/mms/")));
        assertEquals("'/*' is not a path like /mms", refusal(() -> ValueParsers.servletPath("/*")));
        assertEquals("'/' is not a path like /mms", refusal(() -> ValueParsers.servletPath("/")));
        assertEquals("'x' is not a path prefix starting with /", refusal(() -> ValueParsers.pathPrefix("x")));
        assertEquals("node-1.a_b", ValueParsers.nodeName("node-1.a_b"));
        assertEquals(
                "'node 1' is not a node name (letters, digits, . _ -, at most 64)",
                refusal(() -> ValueParsers.nodeName("node 1")));
    }
}
