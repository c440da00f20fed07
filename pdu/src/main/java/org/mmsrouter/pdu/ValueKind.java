package org.mmsrouter.pdu;

/** How a header's value is encoded on the wire (OMA MMS encapsulation, WSP). */
enum ValueKind {
    /** Text-string. */
    TEXT,
    /** Encoded-string-value: Text-string, or Value-length + charset + Text-string. */
    ENCODED_STRING,
    /** One enumerated octet (Short-integer with the high bit set). */
    OCTET,
    /** An enumerated octet, or Token-text for a value outside the enumeration (Message-Class). */
    OCTET_OR_TEXT,
    /** Long-integer (dates, sizes). */
    LONG_INTEGER,
    /** Integer-value: Short-integer or Long-integer. */
    INTEGER,
    /** Value-length + Absolute-token (0x80) Date | Relative-token (0x81) Delta-seconds. */
    TIME,
    /** Value-length + Address-present-token (0x80) Encoded-string | Insert-address-token (0x81). */
    FROM,
    /** WSP Content-type-value. */
    CONTENT_TYPE,
    /** Value-length + Forwarded-count (Integer-value) + Encoded-string (Previously-Sent-By). */
    COUNTED_ADDRESS,
    /** Value-length + Forwarded-count (Integer-value) + Date (Previously-Sent-Date). */
    COUNTED_DATE,
    /** Value-length + token octet + Encoded-string (MM-Flags). */
    TOKEN_STRING,
    /** Value-length + token octet + Integer-value (Mbox-Totals, Mbox-Quotas). */
    TOKEN_INTEGER,
    /** Structured values kept as their bytes (Element-Descriptor and the like). */
    GENERIC
}
