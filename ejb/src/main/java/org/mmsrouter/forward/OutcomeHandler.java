package org.mmsrouter.forward;

import jakarta.jms.JMSException;
import jakarta.jms.Message;
import java.time.Duration;
import java.time.Instant;
import java.util.logging.Logger;
import org.mmsrouter.mm.LearnedOwners;
import org.mmsrouter.pdu.PduFormatException;
import org.mmsrouter.pdu.SendConf;

/**
 * What this node does with each message of the outcomes topic ({@link OutcomeLoop} hears it): wakes
 * the waiting ingress, and learns which MMSC took an MM (its Message-ID), also when another node
 * forwarded it; and learns the owners other nodes learned from retrievals and follow-ups. A plain
 * object, safe for concurrent use (its collaborators are).
 */
final class OutcomeHandler {

    /** When an outcome does not say how long its MM is valid (an older node sent it). */
    private static final Duration DEFAULT_EXPIRY = Duration.ofHours(72);

    private static final Logger LOG = Logger.getLogger(OutcomeHandler.class.getName());

    private final OutcomeWaiters waiters;
    private final LearnedOwners owners;

    /**
     * @param waiters the ingress requests waiting on this node
     * @param owners  what this node knows about message owners
     */
    OutcomeHandler(OutcomeWaiters waiters, LearnedOwners owners) {
        this.waiters = waiters;
        this.owners = owners;
    }

    /** Handles one message of the topic; never fails (an unreadable one is logged and skipped). */
    void handle(Message message) {
        try {
            if (OutcomeMessages.isOwners(message)) {
                OutcomeMessages.readOwners(message)
                        .forEach(o -> owners.learn(o.kind(), o.value(), o.mmscId(), o.expiresAt()));
                return;
            }
            OutcomeMessages.Received received = OutcomeMessages.read(message);
            waiters.deliver(received.routerMessageId(), received.outcome());
            learn(received);
        } catch (JMSException e) {
            // An outcome is a courtesy: the sender then gets the router's own answer after the window.
            LOG.warning("Unreadable outcome message: " + e);
        }
    }

    private void learn(OutcomeMessages.Received received) {
        OutcomeBoard.Outcome outcome = received.outcome();
        if (!outcome.accepted() || outcome.rawSendConf() == null || outcome.mmscId() == null) {
            return;
        }
        try {
            String messageId = SendConf.decode(outcome.rawSendConf()).messageId();
            Instant expiresAt = received.expiresAt() != null
                    ? received.expiresAt()
                    : Instant.now().plus(DEFAULT_EXPIRY);
            owners.learn(LearnedOwners.Kind.MESSAGE_ID, messageId, outcome.mmscId(), expiresAt);
        } catch (PduFormatException | RuntimeException e) {
            LOG.fine(() -> "No owner learned from the outcome of " + received.routerMessageId() + ": " + e);
        }
    }
}
