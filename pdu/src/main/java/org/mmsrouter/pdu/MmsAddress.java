package org.mmsrouter.pdu;

import java.util.Locale;
import java.util.Objects;

/**
 * An MMS address as To/Cc/Bcc/From carry it: {@code +4915112345678/TYPE=PLMN},
 * {@code 10.1.2.3/TYPE=IPv4}, {@code user@example.net}. Parsing is liberal, as real traffic is:
 * unknown or misspelt types ({@code /TYPE=PLNM}) are kept as {@link Kind#OTHER} with their name,
 * and bare numbers or names without a type are {@link Kind#UNQUALIFIED}.
 *
 * @param value    the address without its {@code /TYPE=} suffix
 * @param kind     what kind of address it is
 * @param typeName the type as written after {@code /TYPE=}, or {@code null}
 */
public record MmsAddress(String value, Kind kind, String typeName) {

    /** Address kinds of OMA MMS encapsulation section 8. */
    public enum Kind {
        PLMN,
        IPV4,
        IPV6,
        EMAIL,
        OTHER,
        UNQUALIFIED
    }

    private static final String TYPE_MARK = "/TYPE=";

    public MmsAddress {
        Objects.requireNonNull(value);
        Objects.requireNonNull(kind);
    }

    public static MmsAddress parse(String text) {
        int mark = text.toUpperCase(Locale.ROOT).lastIndexOf(TYPE_MARK);
        if (mark >= 0) {
            String value = text.substring(0, mark);
            String typeName = text.substring(mark + TYPE_MARK.length());
            Kind kind = switch (typeName.toUpperCase(Locale.ROOT)) {
                case "PLMN" -> Kind.PLMN;
                case "IPV4" -> Kind.IPV4;
                case "IPV6" -> Kind.IPV6;
                default -> Kind.OTHER;
            };
            return new MmsAddress(value, kind, typeName);
        }
        return new MmsAddress(text, text.contains("@") ? Kind.EMAIL : Kind.UNQUALIFIED, null);
    }

    /** The address as it goes on the wire. */
    public String text() {
        return typeName == null ? value : value + TYPE_MARK + typeName;
    }

    /** For PLMN addresses: the digits only (no '+', '-', '.'), e.g. for prefix routing; else the value. */
    public String digits() {
        return kind == Kind.PLMN ? value.replaceAll("[^0-9]", "") : value;
    }
}
