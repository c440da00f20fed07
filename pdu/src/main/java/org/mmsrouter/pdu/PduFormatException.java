package org.mmsrouter.pdu;

/**
 * The one exception the codec raises for bytes that are not a well-formed MMS PDU.
 * It carries the byte offset where decoding stopped and a plain-language reason, so a
 * log line or an error answer can say exactly what was wrong.
 */
public final class PduFormatException extends Exception {

    private final int offset;
    private final String reason;

    public PduFormatException(int offset, String reason) {
        super("at byte " + offset + ": " + reason);
        this.offset = offset;
        this.reason = reason;
    }

    /** Byte offset in the input where the problem was found. */
    public int offset() {
        return offset;
    }

    /** The problem, without the offset. */
    public String reason() {
        return reason;
    }
}
