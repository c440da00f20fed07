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
import org.mmsrouter.mm.ForwardOutcome;
import org.mmsrouter.mm.QueuedMm;
import org.mmsrouter.pdu.FollowUps;
import org.mmsrouter.pdu.PduFormatException;
import org.mmsrouter.pdu.PduHeaders;
import org.mmsrouter.pdu.Printable;

/**
 * One forwarding thread: takes MMs from the submissions queue in a locally transacted broker
 * session, forwards each on this thread, and ends their deliveries in that same session — one
 * commit for the acknowledgements and for what the MMs' outcomes send (dead letters; copies
 * re-queued to wait for a route or, after a failed attempt, to retry after the queue's back-off).
 * No XA: the MMSC's HTTP cannot take part in a transaction anyway, so a two-phase commit bought
 * nothing but its cost. Outcomes and per-MM records are published only after the commit, so a
 * rolled-back delivery ends nothing.
 *
 * <p>Under load (the next MM is already waiting in the consumer's buffer), up to {@code batch} MMs
 * share one commit: a commit is a broker round trip and a journal sync, the largest cost left per
 * MM. No failure of one MM rolls the others back: a failed attempt re-queues a copy carrying its
 * attempt count ({@link AttemptCount#afterFailure}) instead of rolling back; only an unexpected
 * error rolls back the whole transaction, and then its MMs are redelivered.
 *
 * <p>While no MMSC is up the thread takes no MM and keeps no consumer open ({@link
 * Collaborators#waitForRoute}): the backlog stays on the queue, untouched, until one comes up.
 *
 * <p>Duplicates: as with the XA-transacted bean this replaces, an MM the MMSC accepted is
 * acknowledged by a commit after the HTTP answer, and a crash between the two redelivers it. Each
 * thread holds at most {@code batch} such MMs at a time, so a crash can duplicate at most
 * {@code consumers × batch} MMs (the bean: one per delivery in flight), and only MMs whose
 * acceptance had not yet been committed.
 */
final class ForwardingWorker implements Runnable {

    private static final Logger LOG = Logger.getLogger(ForwardingWorker.class.getName());
    /** How long one receive waits, so that a stop or a suspension is seen that soon. */
    private static final long RECEIVE_MILLIS = 250;
    /** Pause before reopening a broker session that failed (a broker restarting or failing back). */
    private static final long REOPEN_PAUSE_MILLIS = 1_000;
    /**
     * A first MM that arrived within this long of asking was already waiting in the consumer's
     * buffer: there is a backlog, so the batch is worth extending. (Asking an empty buffer costs a
     * broker round trip, which an idle router should not pay after every MM.)
     */
    private static final long BACKLOG_NANOS = 200_000;

    /** What a forwarding attempt needs from the container. */
    interface Collaborators {
        ForwardOutcome forward(QueuedMm mm, PduHeaders headers) throws InterruptedException;

        ForwardOutcome deliverFollowUp(QueuedMm mm) throws InterruptedException;

        void publish(QueuedMm mm, OutcomeBoard.Outcome outcome);

        /**
         * Whether an MMSC is routable; when none is, waits a while for one ({@link
         * ForwardingService#waitForRoute}) and says whether one came up.
         */
        boolean waitForRoute() throws InterruptedException;

        void record(MmRecord record);

        int maxAttempts();

        String nodeName();
    }

    private final LateJndi<ConnectionFactory> factory;
    private final LateJndi<Queue> submissions;
    private final LateJndi<Queue> deadLetters;
    private final Collaborators collaborators;
    private final BooleanSupplier paused;
    private final int batch;
    private volatile boolean stopping;
    private JMSContext session;
    private JMSConsumer consumer;
    private boolean failureLogged;
    /** Whether a session ever opened: before that a failure is the broker not started yet (boot), not news. */
    private boolean opened;

    /**
     * @param factory the broker's connection factory, looked up when a session opens: while the
     *                broker is down (or not yet started) that fails and the thread tries again later
     * @param paused whether to take no new MM now (the server is suspending or suspended)
     * @param batch  the most MMs one commit ends
     */
    ForwardingWorker(
            LateJndi<ConnectionFactory> factory,
            LateJndi<Queue> submissions,
            LateJndi<Queue> deadLetters,
            Collaborators collaborators,
            BooleanSupplier paused,
            int batch) {
        this.batch = batch;
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
                    closeSession(); // hands back what the consumer had prefetched
                    Thread.sleep(RECEIVE_MILLIS);
                    continue;
                }
                if (!collaborators.waitForRoute()) {
                    // No MMSC is up: take nothing, and hand back what the consumer had prefetched, so
                    // that the backlog waits on the queue (visible to the NOC and its queue actions)
                    // instead of cycling through re-queues or sitting in this thread's buffer.
                    closeSession();
                    continue;
                }
                try {
                    if (session == null) {
                        session = factory.get().createContext(JMSContext.SESSION_TRANSACTED);
                        consumer = session.createConsumer(submissions.get());
                        opened = true;
                    }
                    long asked = System.nanoTime();
                    Message message = consumer.receive(RECEIVE_MILLIS);
                    if (message != null) {
                        deliver(message, System.nanoTime() - asked < BACKLOG_NANOS);
                    }
                    failureLogged = false;
                } catch (JMSRuntimeException e) {
                    if (!failureLogged) {
                        failureLogged = true;
                        LOG.log(
                                opened ? Level.WARNING : Level.FINE,
                                "Forwarding paused, the broker session failed (reopening every second): " + e);
                    }
                    closeSession();
                    factory.forget(); // a stopped broker unbinds it: look it up afresh
                    Thread.sleep(REOPEN_PAUSE_MILLIS);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            closeSession(); // an uncommitted delivery is rolled back: redelivered, not lost
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

    /**
     * Forwards {@code first} and, when {@code backlog}, the MMs already waiting behind it (up to the
     * batch), then ends their deliveries: one commit, then what follows a commit; or, after an
     * unexpected error, one rollback.
     */
    void deliver(Message first, boolean backlog) throws InterruptedException {
        List<Runnable> afterCommit = new ArrayList<>(4);
        try {
            Message message = first;
            int taken = 0;
            while (message != null) {
                decide(message, afterCommit);
                taken++;
                message = backlog && taken < batch && !stopping ? consumer.receiveNoWait() : null;
            }
        } catch (JMSRuntimeException e) {
            // The broker session failed (the broker stopped, or the server is shutting down): run()
            // says so once and reopens; closing the session rolls its deliveries back (redelivered).
            throw e;
        } catch (JMSException | RuntimeException e) {
            LOG.log(Level.SEVERE, "Forwarding of queued messages failed, left for redelivery", e);
            session.rollback();
            return;
        } catch (InterruptedException e) {
            session.rollback();
            throw e;
        }
        session.commit();
        for (Runnable action : afterCommit) {
            action.run();
        }
    }

    /**
     * Forwards one delivery and makes its outcome part of this session's transaction: nothing to
     * add (accepted), a dead letter, or a copy re-queued; {@code afterCommit} collects what is done
     * once the transaction committed. What each outcome calls for is {@link OutcomeActions}' decision.
     */
    private void decide(Message message, List<Runnable> afterCommit) throws JMSException, InterruptedException {
        QueuedMm mm = MmMessages.fromMessage(message);
        int deliveryCount = message.getIntProperty("JMSXDeliveryCount");
        AttemptCount count = MmMessages.attemptCount(message);
        PduHeaders headers = scan(mm); // once per delivery: routing, dispatch and the record share it
        boolean followUp = headers != null
                && headers.messageType().map(FollowUps::isFollowUp).orElse(false);
        OutcomeActions.Kind kind = followUp ? OutcomeActions.Kind.FOLLOW_UP : OutcomeActions.Kind.SUBMISSION;
        List<OutcomeActions.Action> actions;
        String triedMmsc = null;
        if (Instant.now().isAfter(mm.expiresAt())) {
            actions = OutcomeActions.expired(kind, mm.expiresAt(), count.attemptsBefore(deliveryCount));
        } else {
            // Follow-up PDUs (acknowledgements, read reports, ...) go to the owner of their message;
            // m-send-reqs are routed afresh.
            ForwardOutcome outcome = followUp ? collaborators.deliverFollowUp(mm) : collaborators.forward(mm, headers);
            triedMmsc = outcome instanceof ForwardOutcome.TransientFailure failure ? failure.mmscId() : null;
            actions = OutcomeActions.decide(outcome, kind, count, deliveryCount, collaborators.maxAttempts());
        }
        OutcomeActions.Effects effects = new Effects(mm, headers, message.getJMSPriority(), triedMmsc, afterCommit);
        for (OutcomeActions.Action action : actions) {
            action.carryOut(effects);
        }
    }

    /** The actions' effects on one delivery: sends in this session's transaction, the rest after its commit. */
    private final class Effects implements OutcomeActions.Effects {
        private final QueuedMm mm;
        private final PduHeaders headers;
        private final int priority;
        private final String triedMmsc;
        private final List<Runnable> afterCommit;

        Effects(QueuedMm mm, PduHeaders headers, int priority, String triedMmsc, List<Runnable> afterCommit) {
            this.mm = mm;
            this.headers = headers;
            this.priority = priority;
            this.triedMmsc = triedMmsc;
            this.afterCommit = afterCommit;
        }

        @Override
        public void deadLetter(String reason) throws JMSException {
            ForwardingWorker.this.deadLetter(mm, reason);
        }

        @Override
        public void retry(AttemptCount next, int attempt, int maxAttempts, String reason) throws JMSException {
            LOG.warning(() -> "MM " + mm.routerMessageId() + " stays queued (attempt " + attempt + " of " + maxAttempts
                    + ", next in " + next.retryDelay().toSeconds() + " s): " + reason);
            requeue(mm, priority, next, next.retryDelay().toMillis(), triedMmsc, reason);
        }

        @Override
        public void await(AttemptCount next) throws JMSException {
            LOG.fine(() ->
                    "MM " + mm.routerMessageId() + " waits " + next.waitDelay().toSeconds() + " s: no MMSC is up ("
                            + next.earlierAttempts() + " attempts so far)");
            requeue(mm, priority, next, next.waitDelay().toMillis(), null, "waiting for a route: no MMSC is up");
        }

        @Override
        public void publish(OutcomeBoard.Outcome outcome) {
            afterCommit.add(() -> collaborators.publish(mm, outcome));
        }

        /** Writes the MM's per-MM record ({@link MmJournal}) once this delivery has committed. */
        @Override
        public void record(String outcome, String mmscId, String messageId, int attempts) {
            MmRecord line = MmRecord.of(
                    mm, headers, Instant.now(), collaborators.nodeName(), outcome, mmscId, messageId, attempts);
            afterCommit.add(() -> collaborators.record(line));
        }

        @Override
        public void noteDelivered(String mmscId) {
            LOG.fine(() -> "Follow-up " + mm.routerMessageId() + " (TID " + Printable.escape(mm.transactionId())
                    + ") delivered to " + mmscId);
        }

        @Override
        public void noteAccepted(String mmscId, String messageId) {
            LOG.fine(() -> "MM " + mm.routerMessageId() + " (TID " + Printable.escape(mm.transactionId())
                    + ") accepted by " + mmscId + " as " + messageId);
        }
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
     * Re-queues {@code mm} in this transaction (so it is neither lost nor doubled) with its attempt
     * count, invisible for {@code delayMillis}. If that send fails the transaction rolls back, and
     * then the redelivery counts as an attempt. {@code mmscId} (when one was tried) and {@code why}
     * go with it for the NOC's queue view.
     */
    private void requeue(QueuedMm mm, int priority, AttemptCount next, long delayMillis, String mmscId, String why)
            throws JMSException {
        BytesMessage copy = MmMessages.toMessage(session, mm);
        MmMessages.setAttemptCount(copy, next);
        copy.setStringProperty(MmMessages.LAST_ERROR, why);
        if (mmscId != null) {
            copy.setStringProperty(MmMessages.LAST_MMSC, mmscId);
        }
        session.createProducer()
                .setPriority(priority)
                .setDeliveryDelay(delayMillis)
                .send(submissions.get(), copy);
    }

    private void deadLetter(QueuedMm mm, String reason) throws JMSException {
        LOG.warning(() -> "MM " + mm.routerMessageId() + " dead-lettered: " + reason);
        session.createProducer()
                .setProperty(MmMessages.DEAD_LETTER_REASON, reason)
                .send(deadLetters.get(), MmMessages.toMessage(session, mm));
    }
}
