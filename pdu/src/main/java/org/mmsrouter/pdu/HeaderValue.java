package org.mmsrouter.pdu;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/** A typed MMS header value. Which variant a header takes follows from its field (see {@link MmsHeader}). */
public sealed interface HeaderValue {

    /** The value as text, for logs and {@code tools dump}. */
    String text();

    /**
     * Checks what a Text-string can carry: no NUL, and not starting with a control octet or 0x7F
     * (on the wire those would read as a length or a quote).
     */
    static String textStringValue(String value) {
        Objects.requireNonNull(value);
        if (value.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("a text value cannot contain NUL");
        }
        if (!value.isEmpty() && (value.charAt(0) < 0x20 || value.charAt(0) == 0x7F)) {
            throw new IllegalArgumentException(
                    String.format("a text value cannot start with U+%04X", (int) value.charAt(0)));
        }
        return value;
    }

    /** Text-string. */
    record Text(String value) implements HeaderValue {
        public Text {
            textStringValue(value);
        }

        @Override
        public String text() {
            return value;
        }
    }

    /**
     * Encoded-string-value.
     *
     * @param value   the decoded text
     * @param charset IANA MIBenum of the charset, or {@link #NO_CHARSET} for a plain Text-string
     */
    record EncodedText(String value, int charset) implements HeaderValue {
        public static final int NO_CHARSET = -1;

        public EncodedText {
            if (charset == NO_CHARSET) {
                textStringValue(value);
            } else if (value.indexOf('\0') >= 0) {
                throw new IllegalArgumentException("a text value cannot contain NUL");
            }
        }

        public static EncodedText plain(String value) {
            return new EncodedText(value, NO_CHARSET);
        }

        @Override
        public String text() {
            return value;
        }
    }

    /** One enumerated octet, high bit included (0x80 = Yes, Ok, m-send-req …). */
    record Octet(int value) implements HeaderValue {
        public Octet {
            if (value < 0x80 || value > 0xFF) {
                throw new IllegalArgumentException("an enumerated octet is 0x80..0xFF, not " + value);
            }
        }

        @Override
        public String text() {
            return String.format("0x%02X", value);
        }
    }

    /** Long-integer or Integer-value: dates (seconds since the epoch), sizes, counts. */
    record Int(long value) implements HeaderValue {
        public Int {
            if (value < 0) {
                throw new IllegalArgumentException("MMS integers are unsigned, not " + value);
            }
        }

        @Override
        public String text() {
            return Long.toString(value);
        }
    }

    /** Expiry, Delivery-Time, Reply-Charging-Deadline: an absolute date or a relative number of seconds. */
    record Time(boolean absolute, long seconds) implements HeaderValue {
        public Time {
            if (seconds < 0) {
                throw new IllegalArgumentException("negative time " + seconds);
            }
        }

        @Override
        public String text() {
            return (absolute ? "absolute " : "relative ") + seconds;
        }

        /**
         * The moment this time names, read at {@code now}, and never later than {@code latest}. A
         * sender may put any 63-bit number here (absolute 0x7FFFFFFFFFFFFFFF is year 292 billion, far
         * past what {@link Instant} or epoch milliseconds hold): such a value means "as
         * late as you allow", so it saturates instead of failing. An absolute date in the past stays
         * in the past (the caller decides what an already-expired time means).
         */
        public Instant until(Instant now, Instant latest) {
            if (latest.isBefore(now)) {
                throw new IllegalArgumentException("latest " + latest + " is before now " + now);
            }
            if (absolute) {
                return seconds >= latest.getEpochSecond() ? latest : Instant.ofEpochSecond(seconds);
            }
            long room = Duration.between(now, latest).getSeconds();
            return seconds >= room ? latest : now.plusSeconds(seconds);
        }
    }

    /** From: an address, or {@code null} for Insert-address (the MMSC fills the sender in). */
    record From(EncodedText address) implements HeaderValue {
        public static final From INSERT_ADDRESS = new From(null);

        public boolean insertAddress() {
            return address == null;
        }

        @Override
        public String text() {
            return address == null ? "#insert" : address.value();
        }
    }

    /** Content-Type. */
    record ContentTypeValue(ContentType contentType) implements HeaderValue {
        public ContentTypeValue {
            Objects.requireNonNull(contentType);
        }

        @Override
        public String text() {
            return contentType.toString();
        }
    }

    /** Previously-Sent-By (an {@link EncodedText}) or Previously-Sent-Date (an {@link Int}), with the forward count. */
    record Counted(long count, HeaderValue value) implements HeaderValue {
        @Override
        public String text() {
            return count + " " + value.text();
        }
    }

    /** MM-Flags: Add (0x80), Remove (0x81) or Filter (0x82) token with a keyword. */
    record TokenText(int token, EncodedText value) implements HeaderValue {
        @Override
        public String text() {
            return String.format("0x%02X %s", token, value.value());
        }
    }

    /** Mbox-Totals, Mbox-Quotas: Messages (0x80) or Size (0x81) token with a number. */
    record TokenInteger(int token, long value) implements HeaderValue {
        @Override
        public String text() {
            return String.format("0x%02X %d", token, value);
        }
    }

    /** A value kept as its encoded bytes: structured fields, and values that do not fit their field's type. */
    record Generic(Bytes encoded) implements HeaderValue {
        @Override
        public String text() {
            return "0x" + encoded.hex();
        }

        /**
         * Best-effort text for people (logs, dump): the bytes read as a Text-string or an
         * Encoded-string-value with bad sequences replaced (seen: a UTF-8 subject cut mid-character),
         * else {@link #text()}.
         */
        public String displayText() {
            byte[] raw = encoded.toArray();
            try {
                WspReader reader = new WspReader(raw);
                long charset = 106;
                if (reader.peekOctet() < 32) {
                    reader.readValueLength();
                    charset = reader.readIntegerValue();
                }
                int from = reader.position();
                if (from < raw.length && raw[from] == 0x7F) {
                    from++;
                }
                int to = from;
                while (to < raw.length && raw[to] != 0) {
                    to++;
                }
                return new String(raw, from, to - from, WspTables.charset(charset));
            } catch (PduFormatException e) {
                return text();
            }
        }
    }
}
