package org.mmsrouter.forward;

import jakarta.jms.BytesMessage;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSConsumer;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSException;
import jakarta.jms.JMSRuntimeException;
import jakarta.jms.Message;
import jakarta.jms.Queue;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.mmsrouter.pdu.FollowUps;
import org.mmsrouter.pdu.PduFormatException;
import org.mmsrouter.pdu.PduHeaders;

/**
 * One forwarding thread: takes an MM from the submissions queue in a locally transacted broker
 * session, forwards it on this thread, and ends the delivery in that same session — commit
 * (accepted, dead-lettered, or re-queued to wait for a route: the send and the acknowledgement are
 * one local transaction) or roll back (a transient failure: Artemis redelivers after the queue's
 * back-off and counts the delivery). No XA: the MMSC's HTTP cannot take part in a transaction
 * anyway, so a two-phase commit bought nothing but its cost. Outcomes and per-MM records are
 * published only after the commit, so a rolled-back delivery ends nothing.
 *
 * <p>Duplicates are no more likely than with the XA-transacted MDB this replaces: in both, an MM
 * the MMSC accepted is acknowledged in a commit after the HTTP answer, and a crash between the
 * answer and the commit redelivers it. The commit is one local broker transaction instead of a
 * two-phase one, so that window is shorter, not longer.
 */
final class ForwardingWorker implements Runnable {

    private static final Logger LOG = Logger.getLogger(ForwardingWorker.class.getName());
    /** How long one receive waits, so that a stop or a suspension is seen that soon. */
    private static final long RECEIVE_MILLIS = 250;
    /** Pause before reopening a broker session that failed (a broker restarting or failing back). */
    private static final long REOPEN_PAUSE_MILLIS = 1_000;

    /** What a forwarding attempt needs from the container. */
    interface Collaborators {
        ForwardOutcome forward(QueuedMm mm, PduHeaders headers) throws InterruptedException;

        ForwardOutcome deliverFollowUp(QueuedMm mm) throws InterruptedException;

        void publish(QueuedMm mm, OutcomeBoard.Outcome outcome);

        void record(MmRecord record);

        int maxAttempts();

        String nodeName();
    }

    private final ConnectionFactory factory;
    private final Queue submissions;
    private final Queue deadLetters;
    private final Collaborators collaborators;
    private final BooleanSupplier paused;
    private volatile boolean stopping;
    private JMSContext session;
    private JMSConsumer consumer;
    private boolean failureLogged;

    /**
     * @param paused whether to take no new MM now (the server is suspending or suspended)
     */
    ForwardingWorker(ConnectionFactory factory, Queue submissions, Queue deadLetters, Collaborators collaborators,
                     BooleanSupplier paused) {
        this.factory = factory;
        this.submissions = submissions;
        this.deadLetters = deadLetters;
        this.collaborators = collaborators;
        this.paused = paused;
    }

    /** Asks the thread to end after the MM it holds, if any. */
    void stop() {
        stopping = true;
    }

    @Override
    public void run() {
        try {
            while (!stopping && !Thread.currentThread().isInterrupted()) {
                if (paused.getAsBoolean()) {
                    closeSession();   // hands back what the consumer had prefetched
                    Thread.sleep(RECEIVE_MILLIS);
                    continue;
                }
                try {
                    if (session == null) {
                        session = factory.createContext(JMSContext.SESSION_TRANSACTED);
                        consumer = session.createConsumer(submissions);
                    }
                    Message message = consumer.receive(RECEIVE_MILLIS);
                    if (message != null) {
                        deliver(message);
                    }
                    failureLogged = false;
                } catch (JMSRuntimeException e) {
                    if (!failureLogged) {
                        failureLogged = true;
                        LOG.warning("Forwarding paused, the broker session failed (reopening every second): " + e);
                    }
                    closeSession();
                    Thread.sleep(REOPEN_PAUSE_MILLIS);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            closeSession();   // an uncommitted delivery is rolled back: redelivered, not lost
        }
    }

    private void closeSession() {
        if (session != null) {
            try {
                session.close();
            } catch (JMSRuntimeException e) {
                LOG.log(Level.FINE, "Closing a failed broker session", e);
            } finally {
                session = null;
                consumer = null;
            }
        }
    }

    /** Forwards one queued MM and ends its delivery: commit, then what follows a commit; or roll back. */
    void deliver(Message message) throws InterruptedException {
        List<Runnable> afterCommit = new ArrayList<>(2);
        boolean commit;
        try {
            commit = decide(message, afterCommit);
        } catch (JMSException | RuntimeException e) {
            LOG.log(Level.SEVERE, "Forwarding of a queued message failed, left for redelivery", e);
            commit = false;
        } catch (InterruptedException e) {
            session.rollback();
            throw e;
        }
        if (!commit) {
            session.rollback();
            return;
        }
        session.commit();
        for (Runnable action : afterCommit) {
            action.run();
        }
    }

    /**
     * What to do with one delivery: true to commit it (with the sends made in this session), false
     * to roll it back; {@code afterCommit} collects what is done once it committed.
     */
    private boolean decide(Message message, List<Runnable> afterCommit) throws JMSException, InterruptedException {
        QueuedMm mm = MmMessages.fromMessage(message);
        int deliveryCount = message.getIntProperty("JMSXDeliveryCount");
        AttemptCount count = MmMessages.attemptCount(message);
        int priority = message.getJMSPriority();
        PduHeaders headers = scan(mm);   // once per delivery: routing, dispatch and the record share it
        boolean followUp = headers != null && headers.messageType().map(FollowUps::isFollowUp).orElse(false);
        if (Instant.now().isAfter(mm.expiresAt())) {
            deadLetter(mm, "expired at " + mm.expiresAt() + " before any MMSC took it");
            if (!followUp) {
                record(afterCommit, mm, headers, "expired", null, null, count.attemptsBefore(deliveryCount));
            }
            return true;
        }
        int attempt = count.attempt(deliveryCount);
        // Follow-up PDUs (acknowledgements, read reports, ...) go to the owner of their message;
        // m-send-reqs are routed afresh.
        ForwardOutcome outcome = followUp ? collaborators.deliverFollowUp(mm) : collaborators.forward(mm, headers);
        if (outcome instanceof ForwardOutcome.Delivered delivered) {
            LOG.fine(() -> "Follow-up " + mm.routerMessageId() + " (TID " + mm.transactionId() + ") delivered to "
                    + delivered.mmscId());
            return true;
        }
        if (outcome instanceof ForwardOutcome.Accepted accepted) {
            LOG.fine(() -> "MM " + mm.routerMessageId() + " (TID " + mm.transactionId() + ") accepted by "
                    + accepted.mmscId() + " as " + accepted.sendConf().messageId());
            afterCommit.add(() -> collaborators.publish(mm, new OutcomeBoard.Outcome(true, accepted.mmscId(), accepted.rawSendConf())));
            record(afterCommit, mm, headers, "delivered", accepted.mmscId(), accepted.sendConf().messageId(), attempt);
            return true;
        }
        if (outcome instanceof ForwardOutcome.PermanentFailure rejected) {
            deadLetter(mm, rejected.mmscId() + " rejected it: " + rejected.reason());
            afterCommit.add(() -> collaborators.publish(mm, new OutcomeBoard.Outcome(false, rejected.mmscId(), rejected.rawSendConf())));
            if (!followUp) {
                record(afterCommit, mm, headers, "rejected", rejected.mmscId(), null, attempt);
            }
            return true;
        }
        if (outcome instanceof ForwardOutcome.TransientFailure failure) {
            int maxAttempts = collaborators.maxAttempts();
            if (attempt >= maxAttempts) {
                deadLetter(mm, "no MMSC took it in " + attempt + " attempts; last: " + failure.reason());
                if (!followUp) {
                    record(afterCommit, mm, headers, "gave-up", failure.mmscId(), null, attempt);
                }
                return true;
            }
            LOG.warning(() -> "MM " + mm.routerMessageId() + " stays queued (attempt " + attempt + " of "
                    + maxAttempts + "): " + failure.reason());
            return false;   // redelivered after the queue's back-off: the next attempt
        }
        // No MMSC is up: nothing was tried. A rollback would count this delivery against
        // max-attempts, so a copy carrying the real attempt count waits instead (AttemptCount).
        return waitForRoute(mm, priority, count.afterWait(deliveryCount));
    }

    /** Writes the MM's per-MM record ({@link MmJournal}) once this delivery has committed. */
    private void record(List<Runnable> afterCommit, QueuedMm mm, PduHeaders headers, String outcome, String mmsc,
                        String messageId, int attempts) {
        MmRecord line = MmRecord.of(mm, headers, Instant.now(), collaborators.nodeName(), outcome, mmsc, messageId, attempts);
        afterCommit.add(() -> collaborators.record(line));
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
     * Re-queues {@code mm} in this delivery's transaction (so it is neither lost nor doubled) with its
     * attempt count, invisible for a back-off delay; if that send fails, the delivery rolls back
     * (and then the wait counts as an attempt).
     */
    private boolean waitForRoute(QueuedMm mm, int priority, AttemptCount next) {
        LOG.fine(() -> "MM " + mm.routerMessageId() + " waits " + next.waitDelay().toSeconds() + " s: no MMSC is up ("
                + next.earlierAttempts() + " attempts so far)");
        try {
            BytesMessage copy = MmMessages.toMessage(session, mm);
            MmMessages.setAttemptCount(copy, next);
            session.createProducer()
                    .setPriority(priority)
                    .setDeliveryDelay(next.waitDelay().toMillis())
                    .send(submissions, copy);
            return true;
        } catch (JMSException | JMSRuntimeException e) {
            LOG.warning("Cannot re-queue MM " + mm.routerMessageId() + " to wait for a route, rolling back instead: " + e);
            return false;
        }
    }

    private void deadLetter(QueuedMm mm, String reason) throws JMSException {
        LOG.warning(() -> "MM " + mm.routerMessageId() + " dead-lettered: " + reason);
        session.createProducer()
                .setProperty(MmMessages.DEAD_LETTER_REASON, reason)
                .send(deadLetters, MmMessages.toMessage(session, mm));
    }
}
