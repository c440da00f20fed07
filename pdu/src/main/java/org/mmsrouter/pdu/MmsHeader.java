package org.mmsrouter.pdu;

import java.util.Optional;

/** Every assigned MMS header field (OMA MMS encapsulation 1.0–1.3): wire octet, name, value encoding. */
public enum MmsHeader {
    BCC(0x81, "Bcc", ValueKind.ENCODED_STRING),
    CC(0x82, "Cc", ValueKind.ENCODED_STRING),
    CONTENT_LOCATION(0x83, "X-Mms-Content-Location", ValueKind.TEXT),
    CONTENT_TYPE(0x84, "Content-Type", ValueKind.CONTENT_TYPE),
    DATE(0x85, "Date", ValueKind.LONG_INTEGER),
    DELIVERY_REPORT(0x86, "X-Mms-Delivery-Report", ValueKind.OCTET),
    DELIVERY_TIME(0x87, "X-Mms-Delivery-Time", ValueKind.TIME),
    EXPIRY(0x88, "X-Mms-Expiry", ValueKind.TIME),
    FROM(0x89, "From", ValueKind.FROM),
    MESSAGE_CLASS(0x8A, "X-Mms-Message-Class", ValueKind.OCTET_OR_TEXT),
    MESSAGE_ID(0x8B, "Message-ID", ValueKind.TEXT),
    MESSAGE_TYPE(0x8C, "X-Mms-Message-Type", ValueKind.OCTET),
    MMS_VERSION(0x8D, "X-Mms-MMS-Version", ValueKind.OCTET),
    MESSAGE_SIZE(0x8E, "X-Mms-Message-Size", ValueKind.LONG_INTEGER),
    PRIORITY(0x8F, "X-Mms-Priority", ValueKind.OCTET),
    READ_REPORT(0x90, "X-Mms-Read-Report", ValueKind.OCTET),
    REPORT_ALLOWED(0x91, "X-Mms-Report-Allowed", ValueKind.OCTET),
    RESPONSE_STATUS(0x92, "X-Mms-Response-Status", ValueKind.OCTET),
    RESPONSE_TEXT(0x93, "X-Mms-Response-Text", ValueKind.ENCODED_STRING),
    SENDER_VISIBILITY(0x94, "X-Mms-Sender-Visibility", ValueKind.OCTET),
    STATUS(0x95, "X-Mms-Status", ValueKind.OCTET),
    SUBJECT(0x96, "Subject", ValueKind.ENCODED_STRING),
    TO(0x97, "To", ValueKind.ENCODED_STRING),
    TRANSACTION_ID(0x98, "X-Mms-Transaction-ID", ValueKind.TEXT),
    RETRIEVE_STATUS(0x99, "X-Mms-Retrieve-Status", ValueKind.OCTET),
    RETRIEVE_TEXT(0x9A, "X-Mms-Retrieve-Text", ValueKind.ENCODED_STRING),
    READ_STATUS(0x9B, "X-Mms-Read-Status", ValueKind.OCTET),
    REPLY_CHARGING(0x9C, "X-Mms-Reply-Charging", ValueKind.OCTET),
    REPLY_CHARGING_DEADLINE(0x9D, "X-Mms-Reply-Charging-Deadline", ValueKind.TIME),
    REPLY_CHARGING_ID(0x9E, "X-Mms-Reply-Charging-ID", ValueKind.TEXT),
    REPLY_CHARGING_SIZE(0x9F, "X-Mms-Reply-Charging-Size", ValueKind.LONG_INTEGER),
    PREVIOUSLY_SENT_BY(0xA0, "X-Mms-Previously-Sent-By", ValueKind.COUNTED_ADDRESS),
    PREVIOUSLY_SENT_DATE(0xA1, "X-Mms-Previously-Sent-Date", ValueKind.COUNTED_DATE),
    STORE(0xA2, "X-Mms-Store", ValueKind.OCTET),
    MM_STATE(0xA3, "X-Mms-MM-State", ValueKind.OCTET),
    MM_FLAGS(0xA4, "X-Mms-MM-Flags", ValueKind.TOKEN_STRING),
    STORE_STATUS(0xA5, "X-Mms-Store-Status", ValueKind.OCTET),
    STORE_STATUS_TEXT(0xA6, "X-Mms-Store-Status-Text", ValueKind.ENCODED_STRING),
    STORED(0xA7, "X-Mms-Stored", ValueKind.OCTET),
    ATTRIBUTES(0xA8, "X-Mms-Attributes", ValueKind.OCTET),
    TOTALS(0xA9, "X-Mms-Totals", ValueKind.OCTET),
    MBOX_TOTALS(0xAA, "X-Mms-Mbox-Totals", ValueKind.TOKEN_INTEGER),
    QUOTAS(0xAB, "X-Mms-Quotas", ValueKind.OCTET),
    MBOX_QUOTAS(0xAC, "X-Mms-Mbox-Quotas", ValueKind.TOKEN_INTEGER),
    MESSAGE_COUNT(0xAD, "X-Mms-Message-Count", ValueKind.INTEGER),
    CONTENT(0xAE, "Content", ValueKind.GENERIC),
    START(0xAF, "X-Mms-Start", ValueKind.INTEGER),
    ADDITIONAL_HEADERS(0xB0, "Additional-headers", ValueKind.OCTET),
    DISTRIBUTION_INDICATOR(0xB1, "X-Mms-Distribution-Indicator", ValueKind.OCTET),
    ELEMENT_DESCRIPTOR(0xB2, "X-Mms-Element-Descriptor", ValueKind.GENERIC),
    LIMIT(0xB3, "X-Mms-Limit", ValueKind.INTEGER),
    RECOMMENDED_RETRIEVAL_MODE(0xB4, "X-Mms-Recommended-Retrieval-Mode", ValueKind.OCTET),
    RECOMMENDED_RETRIEVAL_MODE_TEXT(0xB5, "X-Mms-Recommended-Retrieval-Mode-Text", ValueKind.ENCODED_STRING),
    STATUS_TEXT(0xB6, "X-Mms-Status-Text", ValueKind.ENCODED_STRING),
    APPLIC_ID(0xB7, "X-Mms-Applic-ID", ValueKind.TEXT),
    REPLY_APPLIC_ID(0xB8, "X-Mms-Reply-Applic-ID", ValueKind.TEXT),
    AUX_APPLIC_INFO(0xB9, "X-Mms-Aux-Applic-Info", ValueKind.TEXT),
    CONTENT_CLASS(0xBA, "X-Mms-Content-Class", ValueKind.OCTET),
    DRM_CONTENT(0xBB, "X-Mms-DRM-Content", ValueKind.OCTET),
    ADAPTATION_ALLOWED(0xBC, "X-Mms-Adaptation-Allowed", ValueKind.OCTET),
    REPLACE_ID(0xBD, "X-Mms-Replace-ID", ValueKind.TEXT),
    CANCEL_ID(0xBE, "X-Mms-Cancel-ID", ValueKind.TEXT),
    CANCEL_STATUS(0xBF, "X-Mms-Cancel-Status", ValueKind.OCTET);

    private static final MmsHeader[] BY_OCTET = new MmsHeader[256];

    static {
        for (MmsHeader header : values()) {
            BY_OCTET[header.octet] = header;
        }
    }

    private final int octet;
    private final String headerName;
    private final ValueKind kind;

    MmsHeader(int octet, String headerName, ValueKind kind) {
        this.octet = octet;
        this.headerName = headerName;
        this.kind = kind;
    }

    /** The field octet on the wire (assigned number | 0x80). */
    public int octet() {
        return octet;
    }

    /** The header's name as the specification writes it. */
    public String headerName() {
        return headerName;
    }

    ValueKind kind() {
        return kind;
    }

    /** The header for a field octet, empty when none is assigned to it. */
    public static Optional<MmsHeader> fromOctet(int octet) {
        return octet >= 0 && octet < 256 ? Optional.ofNullable(BY_OCTET[octet]) : Optional.empty();
    }

    static MmsHeader byOctetOrNull(int octet) {
        return BY_OCTET[octet & 0xFF];
    }
}
