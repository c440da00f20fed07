package org.mmsrouter.pdu;

import java.util.Objects;

/**
 * One header of a PDU, in wire order.
 *
 * @param octet the field octet (0x80–0xFF), or {@link #APPLICATION} for an application header
 * @param name  the header's name (for application headers, the name as sent)
 * @param value the typed value
 * @param wire  the value's bytes as they were decoded (for application headers: name and value, as a
 *              name need not be UTF-8), or {@code null} for a header built in code; the encoder
 *              writes these back so that re-encoding a decoded PDU is byte-exact.
 *              Not part of equality: two headers with the same field and value are equal.
 */
public record Header(int octet, String name, HeaderValue value, Bytes wire) {

    /** The {@link #octet} of application (token-text named) headers. */
    public static final int APPLICATION = -1;

    public Header {
        Objects.requireNonNull(name);
        Objects.requireNonNull(value);
    }

    /** A header built in code, encoded canonically. */
    public static Header of(MmsHeader field, HeaderValue value) {
        return new Header(field.octet(), field.headerName(), value, null);
    }

    /** An application header: a text name and a text value. */
    public static Header application(String name, String value) {
        return new Header(APPLICATION, name, new HeaderValue.Text(value), null);
    }

    /** The assigned field, or {@code null} for application headers and unassigned octets. */
    public MmsHeader field() {
        return octet == APPLICATION ? null : MmsHeader.byOctetOrNull(octet);
    }

    public boolean is(MmsHeader field) {
        return octet == field.octet();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Header that
                && octet == that.octet
                && name.equals(that.name)
                && value.equals(that.value);
    }

    @Override
    public int hashCode() {
        return Objects.hash(octet, name, value);
    }
}
