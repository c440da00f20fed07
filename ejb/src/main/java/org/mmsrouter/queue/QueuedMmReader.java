package org.mmsrouter.queue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.mmsrouter.forward.MmMessages;
import org.mmsrouter.pdu.FollowUps;
import org.mmsrouter.pdu.PduFormatException;
import org.mmsrouter.pdu.PduHeaders;

/**
 * Reads a queued MM's view from what the broker holds: its message properties ({@link MmMessages})
 * and the start of its PDU (sender, recipients, message type). Knows nothing of the broker's types:
 * {@link Fields} is all it asks, so a unit test drives it with plain maps.
 */
public final class QueuedMmReader {

    /** How much of a PDU is read for its headers at first; a longer header block is read whole. */
    static final int HEADER_PREFIX_BYTES = 4096;

    /** A queued message as the reader sees it. */
    public interface Fields {
        /** A property's value, or {@code null} when the message has none. */
        Object property(String name);

        /** The PDU's length. */
        int bodySize();

        /** The first {@code length} bytes of the PDU (fewer when it is shorter). */
        byte[] bodyPrefix(int length);
    }

    private QueuedMmReader() {}

    /**
     * The view of one message.
     *
     * @param deliveries  deliveries of this copy so far, each a failed attempt rolled back (the broker's count)
     * @param nextAttempt when a waiting message becomes visible, else {@code null}
     */
    public static QueuedMmView read(Fields message, QueueState state, int deliveries, Instant nextAttempt) {
        PduHeaders headers = headers(message);
        List<String> recipients = new ArrayList<>();
        String sender = null;
        boolean followUp = false;
        if (headers != null) {
            recipients.addAll(headers.to());
            recipients.addAll(headers.cc());
            recipients.addAll(headers.bcc());
            sender = headers.from();
            followUp = headers.messageType().map(FollowUps::isFollowUp).orElse(false);
        }
        int earlier = intValue(message.property(MmMessages.EARLIER_ATTEMPTS));
        return new QueuedMmView(
                text(message.property(MmMessages.ROUTER_MESSAGE_ID)),
                text(message.property(MmMessages.TRANSACTION_ID)),
                followUp,
                state,
                sender,
                recipients,
                message.bodySize(),
                instant(message.property(MmMessages.ARRIVAL_EPOCH_MS)),
                instant(message.property(MmMessages.EXPIRES_EPOCH_MS)),
                earlier + Math.max(0, deliveries),
                nextAttempt,
                text(message.property(MmMessages.LAST_ERROR)),
                text(message.property(MmMessages.LAST_MMSC)));
    }

    private static PduHeaders headers(Fields message) {
        int size = message.bodySize();
        try {
            return PduHeaders.scan(message.bodyPrefix(Math.min(size, HEADER_PREFIX_BYTES)));
        } catch (PduFormatException | RuntimeException prefixTooShort) {
            if (size <= HEADER_PREFIX_BYTES) {
                return null; // the ingress checked it: a PDU that does not scan is shown without its addresses
            }
            try {
                return PduHeaders.scan(message.bodyPrefix(size));
            } catch (PduFormatException | RuntimeException e) {
                return null;
            }
        }
    }

    private static String text(Object value) {
        return value == null ? null : value.toString();
    }

    private static int intValue(Object value) {
        if (value instanceof Number number) {
            return number.intValue();
        }
        if (value != null) {
            try {
                return Integer.parseInt(value.toString());
            } catch (NumberFormatException e) {
                return 0;
            }
        }
        return 0;
    }

    private static Instant instant(Object value) {
        if (value instanceof Number number) {
            return Instant.ofEpochMilli(number.longValue());
        }
        if (value != null) {
            try {
                return Instant.ofEpochMilli(Long.parseLong(value.toString()));
            } catch (NumberFormatException e) {
                return Instant.EPOCH;
            }
        }
        return Instant.EPOCH;
    }
}
