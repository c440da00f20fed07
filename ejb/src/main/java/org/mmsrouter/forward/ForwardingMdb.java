package org.mmsrouter.forward;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.ejb.ActivationConfigProperty;
import jakarta.ejb.EJB;
import jakarta.ejb.MessageDriven;
import jakarta.ejb.MessageDrivenContext;
import jakarta.inject.Inject;
import jakarta.jms.BytesMessage;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSException;
import jakarta.jms.JMSRuntimeException;
import jakarta.jms.Message;
import jakarta.jms.MessageListener;
import jakarta.jms.Queue;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.time.Instant;
import java.util.logging.Logger;
import org.mmsrouter.config.RouterConfiguration;
import org.mmsrouter.nodes.NodeDirectory;
import org.mmsrouter.pdu.FollowUps;
import org.mmsrouter.pdu.PduFormatException;
import org.mmsrouter.pdu.PduHeaders;
import org.mmsrouter.retrieval.RetrievalService;

/**
 * Consumes accepted MMs and forwards each to a live MMSC inside the delivery's transaction:
 * accepted → commit, then relay the outcome (so the waiting ingress can relay the MMSC's
 * m-send-conf); transient failure → roll back so Artemis redelivers after the configured
 * back-off; no MMSC up → a copy re-queued in the same transaction waits, carrying the real attempt
 * count ({@link AttemptCount}); permanent rejection, expiry or too many attempts → dead-letter queue
 * with the reason.
 */
@MessageDriven(activationConfig = {
        @ActivationConfigProperty(propertyName = "destinationLookup", propertyValue = Destinations.SUBMISSIONS),
        @ActivationConfigProperty(propertyName = "destinationType", propertyValue = "jakarta.jms.Queue")
})
public class ForwardingMdb implements MessageListener {

    private static final Logger LOG = Logger.getLogger(ForwardingMdb.class.getName());
    @Resource
    private MessageDrivenContext mdbContext;

    @EJB
    private ForwardingService forwarding;

    @EJB
    private RetrievalService retrievals;

    @EJB
    private NodeDirectory nodes;

    @EJB
    private MmJournal journal;

    private String nodeName;
    private MmJournal.Writer records;

    @PostConstruct
    void init() {
        nodeName = nodes.name();
        records = journal.writer();
    }

    @EJB
    private RouterConfiguration configuration;

    @Inject
    private JMSContext jms;

    @Resource(lookup = Destinations.DEAD_LETTERS)
    private Queue deadLetters;

    @Resource(lookup = Destinations.SUBMISSIONS)
    private Queue submissions;

    @EJB
    private OutcomePublisher outcomes;

    @Resource
    private TransactionSynchronizationRegistry transaction;

    @Override
    public void onMessage(Message message) {
        QueuedMm mm;
        int deliveryCount;
        AttemptCount count;
        int priority;
        try {
            mm = MmMessages.fromMessage(message);
            deliveryCount = message.getIntProperty("JMSXDeliveryCount");
            count = MmMessages.attemptCount(message);
            priority = message.getJMSPriority();
        } catch (JMSException e) {
            LOG.severe("Unreadable queue message, left for redelivery and dead-lettering: " + e);
            mdbContext.setRollbackOnly();
            return;
        }
        PduHeaders headers = scan(mm);   // once per delivery: routing, dispatch and the record share it
        boolean followUp = headers != null && headers.messageType().map(FollowUps::isFollowUp).orElse(false);
        if (Instant.now().isAfter(mm.expiresAt())) {
            deadLetter(mm, "expired at " + mm.expiresAt() + " before any MMSC took it");
            if (!followUp) {
                record(mm, headers, "expired", null, null, count.attemptsBefore(deliveryCount));
            }
            return;
        }
        int attempt = count.attempt(deliveryCount);
        ForwardOutcome outcome;
        try {
            // Follow-up PDUs (acknowledgements, read reports, ...) go to the owner of their message;
            // m-send-reqs are routed afresh.
            outcome = followUp ? retrievals.deliverFollowUp(mm) : forwarding.forward(mm, headers);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            mdbContext.setRollbackOnly();
            return;
        }
        if (outcome instanceof ForwardOutcome.Delivered delivered) {
            LOG.fine(() -> "Follow-up " + mm.routerMessageId() + " (TID " + mm.transactionId() + ") delivered to "
                    + delivered.mmscId());
        } else if (outcome instanceof ForwardOutcome.Accepted accepted) {
            LOG.fine(() -> "MM " + mm.routerMessageId() + " (TID " + mm.transactionId() + ") accepted by "
                    + accepted.mmscId() + " as " + accepted.sendConf().messageId());
            publish(mm, new OutcomeBoard.Outcome(true, accepted.mmscId(), accepted.rawSendConf()));
            record(mm, headers, "delivered", accepted.mmscId(), accepted.sendConf().messageId(), attempt);
        } else if (outcome instanceof ForwardOutcome.PermanentFailure rejected) {
            deadLetter(mm, rejected.mmscId() + " rejected it: " + rejected.reason());
            publish(mm, new OutcomeBoard.Outcome(false, rejected.mmscId(), rejected.rawSendConf()));
            if (!followUp) {
                record(mm, headers, "rejected", rejected.mmscId(), null, attempt);
            }
        } else if (outcome instanceof ForwardOutcome.TransientFailure failure) {
            int maxAttempts = configuration.settings().forwarding().maxAttempts();
            if (attempt >= maxAttempts) {
                deadLetter(mm, "no MMSC took it in " + attempt + " attempts; last: " + failure.reason());
                if (!followUp) {
                    record(mm, headers, "gave-up", failure.mmscId(), null, attempt);
                }
            } else {
                LOG.warning(() -> "MM " + mm.routerMessageId() + " stays queued (attempt " + attempt + " of "
                        + maxAttempts + "): " + failure.reason());
                mdbContext.setRollbackOnly();   // redelivered after the queue's back-off: the next attempt
            }
        } else {
            // No MMSC is up: nothing was tried. A rollback would count this delivery against
            // max-attempts, so a copy carrying the real attempt count waits instead (AttemptCount).
            waitForRoute(mm, priority, count.afterWait(deliveryCount));
        }
    }

    /**
     * Writes the MM's per-MM record ({@link MmJournal}: a rotating JSON Lines file that
     * wildfly-config sets up, and the recent records the NOC searches) once this delivery has committed: a rolled-back delivery ended nothing.
     */
    private void record(QueuedMm mm, PduHeaders headers, String outcome, String mmsc, String messageId, int attempts) {
        MmRecord line = MmRecord.of(mm, headers, Instant.now(), nodeName, outcome, mmsc, messageId, attempts);
        afterCommit(() -> records.ended(line));
    }

    /** Runs {@code action} once this delivery's transaction has committed (never if it rolls back). */
    private void afterCommit(Runnable action) {
        transaction.registerInterposedSynchronization(new Synchronization() {
            @Override
            public void beforeCompletion() {
            }

            @Override
            public void afterCompletion(int status) {
                if (status == Status.STATUS_COMMITTED) {
                    action.run();
                }
            }
        });
    }

    /** The MM's header scan, or null when it fails (the ingress checked it: should not happen). */
    private static PduHeaders scan(QueuedMm mm) {
        try {
            return PduHeaders.scan(mm.pdu());
        } catch (PduFormatException e) {
            return null;
        }
    }

    /**
     * Relays the outcome once this delivery has committed: the waiting ingress answers the WAP
     * gateway with the MMSC's m-send-conf only when the MM can no longer be forwarded again.
     */
    private void publish(QueuedMm mm, OutcomeBoard.Outcome outcome) {
        afterCommit(() -> outcomes.publish(mm.routerMessageId(), outcome, mm.expiresAt()));
    }

    /**
     * Re-queues {@code mm} in this delivery's transaction (so it is neither lost nor doubled) with its
     * attempt count, invisible for a back-off delay; if that send fails, the delivery rolls back
     * (and then the wait counts as an attempt, the old way).
     */
    private void waitForRoute(QueuedMm mm, int priority, AttemptCount next) {
        LOG.fine(() -> "MM " + mm.routerMessageId() + " waits " + next.waitDelay().toSeconds() + " s: no MMSC is up ("
                + next.earlierAttempts() + " attempts so far)");
        try {
            BytesMessage copy = MmMessages.toMessage(jms, mm);
            MmMessages.setAttemptCount(copy, next);
            jms.createProducer()
                    .setPriority(priority)
                    .setDeliveryDelay(next.waitDelay().toMillis())
                    .send(submissions, copy);
        } catch (JMSException | JMSRuntimeException e) {
            LOG.warning("Cannot re-queue MM " + mm.routerMessageId() + " to wait for a route, rolling back instead: " + e);
            mdbContext.setRollbackOnly();
        }
    }

    private void deadLetter(QueuedMm mm, String reason) {
        LOG.warning(() -> "MM " + mm.routerMessageId() + " dead-lettered: " + reason);
        try {
            jms.createProducer()
                    .setProperty(MmMessages.DEAD_LETTER_REASON, reason)
                    .send(deadLetters, MmMessages.toMessage(jms, mm));
        } catch (JMSException e) {
            LOG.severe("Cannot dead-letter MM " + mm.routerMessageId() + ", leaving it queued: " + e);
            mdbContext.setRollbackOnly();
        }
    }
}
