package org.mmsrouter.pdu;

/** Wire octets of the MMS header fields used so far (assigned number | 0x80). */
final class HeaderField {
    static final int BCC = 0x81;
    static final int CC = 0x82;
    static final int CONTENT_TYPE = 0x84;
    static final int DATE = 0x85;
    static final int FROM = 0x89;
    static final int MESSAGE_ID = 0x8B;
    static final int MESSAGE_TYPE = 0x8C;
    static final int MMS_VERSION = 0x8D;
    static final int RESPONSE_STATUS = 0x92;
    static final int RESPONSE_TEXT = 0x93;
    static final int SUBJECT = 0x96;
    static final int TO = 0x97;
    static final int TRANSACTION_ID = 0x98;

    private HeaderField() {
    }
}
