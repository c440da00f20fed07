package org.mmsrouter.pdu;

/**
 * X-Mms-Response-Status octets (m-send-conf and the other confirmations) and their classes. Unknown octets in 0xC0–0xDF
 * count as transient failures, 0xE0–0xFF as permanent ones, as the specification says.
 */
public final class ResponseStatus {
    public static final int OK = 0x80;
    public static final int ERROR_UNSPECIFIED = 0x81;
    /** MMS 1.0's Error-message-not-found (1.1 moved it to 0xC2 and 0xE4). */
    public static final int ERROR_MESSAGE_NOT_FOUND_1_0 = 0x85;

    public static final int ERROR_TRANSIENT_FAILURE = 0xC0;
    public static final int ERROR_TRANSIENT_MESSAGE_NOT_FOUND = 0xC2;
    public static final int ERROR_TRANSIENT_NETWORK_PROBLEM = 0xC3;
    public static final int ERROR_PERMANENT_FAILURE = 0xE0;
    public static final int ERROR_PERMANENT_SERVICE_DENIED = 0xE1;
    public static final int ERROR_PERMANENT_MESSAGE_FORMAT_CORRUPT = 0xE2;
    public static final int ERROR_PERMANENT_MESSAGE_NOT_FOUND = 0xE4;
    public static final int ERROR_PERMANENT_CONTENT_NOT_ACCEPTED = 0xE5;

    private ResponseStatus() {}

    public static boolean isOk(int status) {
        return status == OK;
    }

    public static boolean isTransient(int status) {
        return status >= 0xC0 && status <= 0xDF;
    }

    /** Whether the status says the MMSC does not hold the message the request is about (a sweep asks the next one). */
    public static boolean isMessageNotFound(int status) {
        return status == ERROR_PERMANENT_MESSAGE_NOT_FOUND
                || status == ERROR_TRANSIENT_MESSAGE_NOT_FOUND
                || status == ERROR_MESSAGE_NOT_FOUND_1_0;
    }

    public static boolean isPermanent(int status) {
        return status >= 0xE0 || (status > OK && status < 0xC0);
    }
}
