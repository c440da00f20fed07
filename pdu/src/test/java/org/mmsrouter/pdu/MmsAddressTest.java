package org.mmsrouter.pdu;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class MmsAddressTest {

    @Test
    void parsesEveryKindTheSpecificationNames() {
        assertEquals(
                new MmsAddress("+358-50.123", MmsAddress.Kind.PLMN, "PLMN"), MmsAddress.parse("+358-50.123/TYPE=PLMN"));
        assertEquals("35850123", MmsAddress.parse("+358-50.123/TYPE=PLMN").digits());
        assertEquals(
                MmsAddress.Kind.IPV4, MmsAddress.parse("10.1.2.3/TYPE=IPv4").kind());
        assertEquals(MmsAddress.Kind.IPV6, MmsAddress.parse("fe80::1/TYPE=ipv6").kind());
        assertEquals(
                MmsAddress.Kind.EMAIL, MmsAddress.parse("Joe <joe@example.net>").kind());
    }

    @Test
    void isLiberalWithWhatRealTrafficCarries() {
        MmsAddress typo = MmsAddress.parse("+358500000000/TYPE=PLNM");
        assertEquals(MmsAddress.Kind.OTHER, typo.kind());
        assertEquals("PLNM", typo.typeName());
        assertEquals("+358500000000/TYPE=PLNM", typo.text());
        assertEquals(new MmsAddress("0444444444", MmsAddress.Kind.UNQUALIFIED, null), MmsAddress.parse("0444444444"));
    }
}
