package org.mmsrouter.web.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class SubscriberMaskTest {

    private static final SubscriberMask MASK = SubscriberMask.MASK;

    @Test
    void numbersKeepTheirFirstFourAndLastTwoDigits() {
        assertEquals("+4915******34", MASK.address("+491512345634"));
        assertEquals("+4915*******78/TYPE=PLMN", MASK.address("+4915112345678/TYPE=PLMN"));
        assertEquals("4915*******78", MASK.address("4915112345678"), "as an MSISDN header gives it, without +");
        assertEquals("+49 15*-***** 78", MASK.address("+49 151-12345 78"), "separators stay, digits are counted");
        assertEquals("*******", MASK.address("0151234"), "a short number shows no digit");
        assertEquals("+4915*******78/type=plmn", MASK.address("+4915112345678/type=plmn"));
    }

    @Test
    void eMailsKeepTheirFirstCharacterAndDomainOtherAddressesNothing() {
        assertEquals("a***@example.com", MASK.address("alice.smith@example.com"));
        assertEquals("a***@example.com/TYPE=EMAIL", MASK.address("alice@example.com/TYPE=EMAIL"));
        assertEquals("***/TYPE=IPv4", MASK.address("10.1.2.3/TYPE=IPv4"));
        assertEquals("***", MASK.address("alice"));
        assertEquals("***", MASK.address("@"));
        assertEquals("#insert", MASK.address("#insert"), "the MMSC fills the sender in: nothing to hide");
        assertNull(MASK.address(null));
    }

    @Test
    void noDigitOfTheHiddenPartSurvives() {
        String number = "+4917098765432";
        String masked = MASK.address(number);
        assertEquals(number.length(), masked.length());
        assertFalse(masked.contains("987654"), masked);
        assertEquals(7, masked.chars().filter(c -> c == '*').count(), masked);
    }

    @Test
    void headersAreMaskedWithheldOrShownByName() {
        List<List<String>> headers = List.of(
                List.of("X-Mms-Message-Type", "m-send-req"),
                List.of("X-Mms-Transaction-ID", "tid-1"),
                List.of("From", "+4915112345678/TYPE=PLMN"),
                List.of("To", "+4917098765432/TYPE=PLMN"),
                List.of("Cc", "bob@example.org"),
                List.of("Bcc", "+4916011122233/TYPE=PLMN"),
                List.of("Subject", "meet me at 8, Alice"),
                List.of("X-Mms-Previously-Sent-By", "1 +4915112345678/TYPE=PLMN"),
                List.of("X-Custom-Name", "Alice Smith"),
                List.of("Content-Type", "application/vnd.wap.multipart.related"));
        assertEquals(
                List.of(
                        List.of("X-Mms-Message-Type", "m-send-req"),
                        List.of("X-Mms-Transaction-ID", "tid-1"),
                        List.of("From", "+4915*******78/TYPE=PLMN"),
                        List.of("To", "+4917*******32/TYPE=PLMN"),
                        List.of("Cc", "b***@example.org"),
                        List.of("Bcc", "+4916*******33/TYPE=PLMN"),
                        List.of("Subject", "(withheld)"),
                        List.of("X-Mms-Previously-Sent-By", "1 +4915*******78/TYPE=PLMN"),
                        List.of("X-Custom-Name", "(withheld)"),
                        List.of("Content-Type", "application/vnd.wap.multipart.related")),
                MASK.headers(headers));
        assertEquals("(withheld)", MASK.header("subject", "x"), "names compare without case");
    }

    @Test
    void operatorsSeeEverythingAsItIs() {
        SubscriberMask reveal = SubscriberMask.REVEAL;
        List<List<String>> headers = List.of(List.of("From", "+4915112345678/TYPE=PLMN"), List.of("Subject", "hi"));
        assertSame(headers, reveal.headers(headers));
        assertEquals("+4915112345678", reveal.address("+4915112345678"));
        assertFalse(reveal.masks());
        assertTrue(MASK.masks());
    }
}
