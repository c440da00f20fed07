package org.mmsrouter.queue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * One queued MM as the NOC sees it: what its message properties and PDU headers say, and where it
 * stands. The sender is the subscriber's address in clear: the web layer masks it for viewers.
 *
 * @param followUp    a follow-up PDU (acknowledgement, read report…) rather than an m-send-req
 * @param sizeBytes   the PDU's size
 * @param attempts    forwarding attempts made so far
 * @param nextAttempt when it becomes visible again ({@code null} unless {@link QueueState#WAITING})
 * @param lastError   why the last attempt failed, or why it waits ({@code null} before any attempt)
 * @param mmsc        the MMSC of the last attempt, when one was made ({@code null} otherwise)
 */
public record QueuedMmView(
        String routerMessageId,
        String transactionId,
        boolean followUp,
        QueueState state,
        String sender,
        List<String> recipients,
        int sizeBytes,
        Instant arrival,
        Instant expiresAt,
        int attempts,
        Instant nextAttempt,
        String lastError,
        String mmsc) {

    public QueuedMmView {
        recipients = List.copyOf(recipients);
    }

    /** How long it has been queued at {@code now} (never negative). */
    public Duration age(Instant now) {
        Duration age = Duration.between(arrival, now);
        return age.isNegative() ? Duration.ZERO : age;
    }

    /** This MM where an action put it: in {@code now}, visible at once unless it waits. */
    public QueuedMmView in(QueueState now) {
        return new QueuedMmView(
                routerMessageId,
                transactionId,
                followUp,
                now,
                sender,
                recipients,
                sizeBytes,
                arrival,
                expiresAt,
                attempts,
                now == QueueState.WAITING ? nextAttempt : null,
                lastError,
                mmsc);
    }

    /** The kind the API names: {@code submission} or {@code follow-up}. */
    public String kind() {
        return followUp ? "follow-up" : "submission";
    }
}
