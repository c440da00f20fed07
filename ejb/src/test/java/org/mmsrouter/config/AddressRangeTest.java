package org.mmsrouter.config;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class AddressRangeTest {

    @Test
    void singleAddressesAndCidrBlocks() {
        assertTrue(AddressRange.parse("127.0.0.1").contains("127.0.0.1"));
        assertFalse(AddressRange.parse("127.0.0.1").contains("127.0.0.2"));
        assertTrue(AddressRange.parse("10.20.0.0/16").contains("10.20.255.1"));
        assertFalse(AddressRange.parse("10.20.0.0/16").contains("10.21.0.1"));
        assertTrue(AddressRange.parse("192.168.7.128/25").contains("192.168.7.200"));
        assertFalse(AddressRange.parse("192.168.7.128/25").contains("192.168.7.100"));
        assertTrue(AddressRange.parse("2001:db8::/32").contains("2001:db8:1::5"));
        assertFalse(AddressRange.parse("2001:db8::/32").contains("10.0.0.1"), "IPv4 is never in an IPv6 block");
    }

    @Test
    void namesAndBadPrefixesAreRefusedWithoutALookup() {
        assertThrows(IllegalArgumentException.class, () -> AddressRange.parse("gateway.operator.test"));
        assertThrows(IllegalArgumentException.class, () -> AddressRange.parse("10.0.0.0/33"));
        assertThrows(IllegalArgumentException.class, () -> AddressRange.parse("10.0.0.0/x"));
        assertFalse(AddressRange.parse("10.0.0.0/8").contains("not-an-address"));
    }
}
