package org.mmsrouter.web.mm1;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.mmsrouter.mm.KeptHeader;

class ForwardedHeadersTest {

    private static final List<KeptHeader> FORGED = List.of(
            new KeptHeader("X-WAP-Network-Client-MSISDN", "4915112345678"),
            new KeptHeader("x-msisdn", "4915112345678"),
            new KeptHeader("X-Up-Calling-Line-ID", "4915112345678"),
            new KeptHeader("X-WAP-Network-Client-IP", "10.9.8.7"),
            new KeptHeader("X-Forwarded-For", "10.1.1.1"),
            new KeptHeader("User-Agent", "Handset/1.0"),
            new KeptHeader("Cookie", "a=b"));

    @Test
    void fromAnUntrustedSourceNoIdentityHeaderPassesAndForwardedForIsTheSourceAlone() {
        List<KeptHeader> kept = ForwardedHeaders.keep(FORGED, "192.0.2.9", false);

        assertEquals(
                List.of(new KeptHeader("User-Agent", "Handset/1.0"), new KeptHeader("X-Forwarded-For", "192.0.2.9")),
                kept);
    }

    @Test
    void fromATrustedGatewayIdentityHeadersPassAndTheChainGrows() {
        List<KeptHeader> kept = ForwardedHeaders.keep(FORGED, "10.0.0.1", true);

        assertTrue(kept.contains(new KeptHeader("X-WAP-Network-Client-MSISDN", "4915112345678")));
        assertTrue(kept.contains(new KeptHeader("X-WAP-Network-Client-IP", "10.9.8.7")));
        assertFalse(kept.contains(new KeptHeader("Cookie", "a=b")));
        assertEquals(new KeptHeader("X-Forwarded-For", "10.1.1.1, 10.0.0.1"), kept.get(kept.size() - 1));
        assertEquals(
                1,
                kept.stream()
                        .filter(h -> h.name().equalsIgnoreCase("x-forwarded-for"))
                        .count());
    }

    @Test
    void identityHeadersAreRecognisedInAnyCase() {
        assertTrue(ForwardedHeaders.isIdentity("x-wap-network-client-ip"));
        assertTrue(ForwardedHeaders.isIdentity("X-FORWARDED-FOR"));
        assertTrue(ForwardedHeaders.isIdentity("X-MSISDN"));
        assertFalse(ForwardedHeaders.isIdentity("Via"));
    }

    @Test
    void msisdnHeadersAreRecognisedInAnyCase() {
        assertTrue(ForwardedHeaders.isMsisdn("X-WAP-Network-Client-MSISDN"));
        assertTrue(ForwardedHeaders.isMsisdn("x-msisdn"));
        assertTrue(ForwardedHeaders.isMsisdn("X-Up-Calling-Line-ID"));
        assertFalse(ForwardedHeaders.isMsisdn("X-WAP-Network-Client-IP"));
    }

    @Test
    void onlyTheHeadersMmscsRelyOnAreKept() {
        assertTrue(ForwardedHeaders.isKept("X-WAP-Network-Client-IP"));
        assertTrue(ForwardedHeaders.isKept("accept-charset"));
        assertTrue(ForwardedHeaders.isKept("Via"));
        assertFalse(ForwardedHeaders.isKept("Cookie"));
        assertFalse(ForwardedHeaders.isKept("X-WAP-Network-Client-MSISDN"), "MSISDN needs a trusted gateway");
    }
}
