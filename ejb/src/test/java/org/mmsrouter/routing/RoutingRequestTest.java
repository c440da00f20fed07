package org.mmsrouter.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class RoutingRequestTest {

    @Test
    void phoneNumbersLoseTheTypeSuffixSpacesAndDashesButKeepThePlus() {
        assertEquals("+4915112345678", RoutingRequest.normalizeAddress("+4915112345678/TYPE=PLMN"));
        assertEquals("+49151123456", RoutingRequest.normalizeAddress(" +49 151-123 456 "));
        assertEquals("01511234", RoutingRequest.normalizeAddress("0151 1234/type=plmn"));
        assertEquals("4915112345678", new RoutingRequest("4915112345678", null).normalizedRecipient());
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"user@example.com", "192.0.2.1/TYPE=IPv4", "+", " - ", "49+151", "+49/TYPE", "#insert"})
    void anythingButANumberHasNoNormalForm(String address) {
        assertNull(RoutingRequest.normalizeAddress(address));
    }
}
