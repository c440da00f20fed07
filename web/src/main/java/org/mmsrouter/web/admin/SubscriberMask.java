package org.mmsrouter.web.admin;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.mmsrouter.privacy.SubscriberAddress;

/**
 * What of a subscriber's data the admin API shows a caller: everything ({@link #REVEAL}, operators),
 * or addresses masked and free text withheld ({@link #MASK}, viewers and any other role, e.g. the
 * Prometheus scraper's). Pure: {@link SubscriberPrivacy} picks one by the caller's role.
 *
 * <p>Masking keeps what a NOC needs to tell numbers and networks apart, not who it is:
 * <ul>
 *   <li>a number keeps its {@code +}, its first {@value #LEADING_DIGITS} and last {@value #TRAILING_DIGITS}
 *       digits, every other digit a {@code *} ({@code +4915112345678} → {@code +4915********78}); a number of
 *       fewer than {@value #SHORTEST_PARTLY_SHOWN} digits is all stars;</li>
 *   <li>an e-mail address keeps the first character of its local part and its domain
 *       ({@code alice@example.com} → {@code a***@example.com});</li>
 *   <li>any other address (IPv4/IPv6 subscriber addresses, aliases) becomes {@value #HIDDEN};</li>
 *   <li>an address's {@code /TYPE=…} suffix stays, so is the From header's {@code #insert}.</li>
 * </ul>
 * In an MM's headers, address headers are masked, headers that carry no subscriber data (message
 * type, dates, sizes, classes, IDs, content type…) are shown, and every other header, Subject and
 * application headers among them, is replaced by {@value #WITHHELD}: a header the router does not
 * know is withheld rather than shown.
 */
public final class SubscriberMask {

    /** Operators: subscriber data as it is. */
    public static final SubscriberMask REVEAL = new SubscriberMask(false);
    /** Everyone else. */
    public static final SubscriberMask MASK = new SubscriberMask(true);

    static final int LEADING_DIGITS = 4;
    static final int TRAILING_DIGITS = 2;
    /** Fewer digits than this and a number shows none (8 = at least two digits hidden besides the kept six). */
    static final int SHORTEST_PARTLY_SHOWN = 8;

    static final String HIDDEN = "***";
    static final String WITHHELD = "(withheld)";

    private static final Set<String> ADDRESS_HEADERS = Set.of("from", "to", "cc", "bcc", "x-mms-previously-sent-by");
    private static final String INSERT_ADDRESS = "#insert";

    /** MM1 headers that carry no subscriber data (lower case); the rest are masked or withheld. */
    private static final Set<String> HARMLESS_HEADERS = Set.of(
            "x-mms-message-type",
            "x-mms-transaction-id",
            "x-mms-mms-version",
            "message-id",
            "date",
            "x-mms-expiry",
            "x-mms-delivery-time",
            "x-mms-delivery-report",
            "x-mms-read-report",
            "x-mms-report-allowed",
            "x-mms-message-class",
            "x-mms-priority",
            "x-mms-sender-visibility",
            "content-type",
            "x-mms-message-size",
            "x-mms-content-location",
            "x-mms-status",
            "x-mms-response-status",
            "x-mms-retrieve-status",
            "x-mms-read-status",
            "x-mms-reply-charging",
            "x-mms-reply-charging-deadline",
            "x-mms-reply-charging-id",
            "x-mms-reply-charging-size",
            "x-mms-previously-sent-date",
            "x-mms-store",
            "x-mms-mm-state",
            "x-mms-store-status",
            "x-mms-stored",
            "x-mms-distribution-indicator",
            "x-mms-content-class",
            "x-mms-drm-content",
            "x-mms-adaptation-allowed",
            "x-mms-replace-id",
            "x-mms-cancel-id",
            "x-mms-cancel-status");

    private final boolean masking;

    private SubscriberMask(boolean masking) {
        this.masking = masking;
    }

    /** Whether this mask hides anything. */
    public boolean masks() {
        return masking;
    }

    /** A subscriber address (MSISDN, e-mail, or other), masked or as it is; null stays null. */
    public String address(String address) {
        if (!masking || address == null || address.equals(INSERT_ADDRESS)) {
            return address;
        }
        int type = SubscriberAddress.typeSuffixAt(address);
        return maskBare(address.substring(0, type).trim()) + address.substring(type);
    }

    /** One header's value as this mask shows it. */
    public String header(String name, String value) {
        if (!masking || value == null) {
            return value;
        }
        String lower = name == null ? "" : name.toLowerCase(Locale.ROOT);
        if (HARMLESS_HEADERS.contains(lower)) {
            return value;
        }
        if (ADDRESS_HEADERS.contains(lower)) {
            return lower.equals("x-mms-previously-sent-by") ? countedAddress(value) : address(value);
        }
        return WITHHELD;
    }

    /** Headers as {@code [name, value]} pairs, in order, each value as {@link #header} shows it. */
    public List<List<String>> headers(List<List<String>> headers) {
        if (!masking) {
            return headers;
        }
        List<List<String>> shown = new ArrayList<>(headers.size());
        for (List<String> pair : headers) {
            shown.add(pair.size() == 2 ? List.of(pair.get(0), header(pair.get(0), pair.get(1))) : List.of(WITHHELD));
        }
        return shown;
    }

    /** Previously-Sent-By reads "count address": the count stays. */
    private String countedAddress(String value) {
        int space = value.indexOf(' ');
        if (space > 0 && value.substring(0, space).chars().allMatch(Character::isDigit)) {
            return value.substring(0, space + 1) + address(value.substring(space + 1));
        }
        return address(value);
    }

    private static String maskBare(String bare) {
        int at = bare.lastIndexOf('@');
        if (at > 0 && at < bare.length() - 1) {
            return bare.charAt(0) + HIDDEN + bare.substring(at);
        }
        if (SubscriberAddress.isNumber(bare)) {
            return maskNumber(bare);
        }
        return HIDDEN;
    }

    private static String maskNumber(String number) {
        long digits =
                number.chars().filter(c -> SubscriberAddress.isDigit((char) c)).count();
        long keepLeading = digits >= SHORTEST_PARTLY_SHOWN ? LEADING_DIGITS : 0;
        long keepTrailingFrom = digits >= SHORTEST_PARTLY_SHOWN ? digits - TRAILING_DIGITS : digits;
        StringBuilder masked = new StringBuilder(number.length());
        int seen = 0;
        for (int i = 0; i < number.length(); i++) {
            char c = number.charAt(i);
            if (SubscriberAddress.isDigit(c)) {
                masked.append(seen < keepLeading || seen >= keepTrailingFrom ? c : '*');
                seen++;
            } else {
                masked.append(c);
            }
        }
        return masked.toString();
    }
}
