package org.mmsrouter.web.mm1;

import java.time.Duration;
import java.time.Instant;
import org.mmsrouter.pdu.HeaderValue;
import org.mmsrouter.pdu.PduHeaders;

/**
 * The checks of an MM1 POST that need no container: its media type, how many body bytes its
 * admission reserves, the headers an m-send-req must carry, and until when its MM may wait in the
 * queue. Plain Java, so each rule has a unit test of its own.
 */
final class PostChecks {

    /** The only media type an MM1 POST may carry (OMA MMS encapsulation). */
    static final String MMS_CONTENT_TYPE = "application/vnd.wap.mms-message";

    private PostChecks() {}

    /** Whether a request's Content-Type (null when absent) is the MMS media type, parameters and case aside. */
    static boolean isMms(String contentType) {
        return contentType != null && mediaType(contentType).equals(MMS_CONTENT_TYPE);
    }

    /** The media type of a Content-Type value: without parameters, trimmed, lower case. */
    static String mediaType(String contentType) {
        int semicolon = contentType.indexOf(';');
        return (semicolon < 0 ? contentType : contentType.substring(0, semicolon))
                .trim()
                .toLowerCase();
    }

    /**
     * How many body bytes to reserve for a request before reading it: its Content-Length, or the
     * limit when the length is unknown (chunked, -1) or larger than the limit (only the limit is read).
     */
    static long bodyBudget(long declaredLength, int maxMessageBytes) {
        return declaredLength < 0 || declaredLength > maxMessageBytes ? maxMessageBytes : declaredLength;
    }

    /** The headers an m-send-req must carry (OMA MMS encapsulation, m-send-req), or null when all are there. */
    static String missingMandatoryHeader(PduHeaders headers) {
        if (headers.transactionId() == null) {
            return "X-Mms-Transaction-ID";
        }
        if (headers.mmsVersion() < 0) {
            return "X-Mms-MMS-Version";
        }
        if (headers.from() == null) {
            return "From";
        }
        if (headers.to().isEmpty() && headers.cc().isEmpty() && headers.bcc().isEmpty()) {
            return "a recipient (To, Cc or Bcc)";
        }
        if (headers.bodyOffset() < 0) {
            return "Content-Type";
        }
        return null;
    }

    /**
     * Until when the router keeps an MM in its queue: its X-Mms-Expiry, clamped to {@code maxExpiry}
     * from now (any 63-bit value is accepted: a sender's "as long as possible" is not an error, and
     * the MMSC, which gets the PDU unchanged, applies its own retention limit); without one,
     * {@code defaultExpiry} from now. An expiry already past stays past: the MM is dead-lettered as
     * expired instead of forwarded.
     */
    static Instant expiresAt(HeaderValue.Time expiry, Instant now, Duration defaultExpiry, Duration maxExpiry) {
        if (expiry == null) {
            return now.plus(defaultExpiry);
        }
        return expiry.until(now, now.plus(maxExpiry));
    }
}
