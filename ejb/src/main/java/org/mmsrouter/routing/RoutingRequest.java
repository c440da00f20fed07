package org.mmsrouter.routing;

/**
 * What routing looks at in one MM.
 *
 * @param recipient the first recipient address as it appears in the MM ("+4915112345678/TYPE=PLMN",
 *                  "user@example.com"), or null
 * @param sender    the sender address, or null (MM1 submissions usually carry an insert-address
 *                  token instead of the sender's number)
 */
public record RoutingRequest(String recipient, String sender) {

    private static final String TYPE_SUFFIX = "/type=";

    /**
     * The recipient as {@link #normalizeAddress(String)} gives it; null when it is no phone number,
     * which means no recipient-prefix affinity.
     */
    public String normalizedRecipient() {
        return normalizeAddress(recipient);
    }

    /**
     * An MMS address reduced to what prefix matching compares: the "/TYPE=..." suffix stripped,
     * spaces and dashes dropped, a leading '+' kept ("+49 151-123/TYPE=PLMN" gives "+49151123").
     *
     * @return the number, or null when the address is null or no phone number (an e-mail address,
     *         an IPv4 address, anything but an optional '+' and digits)
     */
    public static String normalizeAddress(String address) {
        if (address == null) {
            return null;
        }
        int end = typeSuffixStart(address);
        StringBuilder number = new StringBuilder(end);
        for (int i = 0; i < end; i++) {
            char c = address.charAt(i);
            if (c == ' ' || c == '-') {
                continue;
            }
            boolean leadingPlus = c == '+' && number.length() == 0;
            if (!leadingPlus && (c < '0' || c > '9')) {
                return null;
            }
            number.append(c);
        }
        int digits = number.length() - (number.length() > 0 && number.charAt(0) == '+' ? 1 : 0);
        return digits == 0 ? null : number.toString();
    }

    /** Where "/TYPE=" starts (any case: handsets differ), or the length when there is none. */
    private static int typeSuffixStart(String address) {
        for (int i = address.indexOf('/'); i >= 0; i = address.indexOf('/', i + 1)) {
            if (address.regionMatches(true, i, TYPE_SUFFIX, 0, TYPE_SUFFIX.length())) {
                return i;
            }
        }
        return address.length();
    }
}
