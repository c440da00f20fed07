package org.mmsrouter.privacy;

import java.util.Locale;

/**
 * How the privacy code reads a subscriber address (an MMS address such as
 * {@code +4915112345678/TYPE=PLMN}, an MSISDN header's {@code 4915112345678}, an e-mail address):
 * where its {@code /TYPE=…} suffix starts and whether the rest is a telephone number. One pass each,
 * no regular expression: the address is the client's, of any length. Shared by the admin API's
 * masking and the records' hashing, so both take the same things for numbers.
 */
public final class SubscriberAddress {

    private static final String TYPE_SUFFIX = "/type=";

    private SubscriberAddress() {}

    /** Where {@code address}'s {@code /TYPE=…} suffix starts (any case), or its length when it has none. */
    public static int typeSuffixAt(String address) {
        int at = address.toLowerCase(Locale.ROOT).lastIndexOf(TYPE_SUFFIX);
        return at < 0 ? address.length() : at;
    }

    /**
     * Whether {@code text} is a telephone number: at least one digit, an optional leading {@code +}, and
     * the separators people write (space, '-', parentheses). Not dots: 10.1.2.3 is an IPv4 address.
     */
    public static boolean isNumber(String text) {
        boolean digit = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (isDigit(c)) {
                digit = true;
            } else if (!(c == '+' && i == 0) && " -()".indexOf(c) < 0) {
                return false;
            }
        }
        return digit;
    }

    /** An ASCII digit (Character.isDigit would take other scripts' digits too). */
    public static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
