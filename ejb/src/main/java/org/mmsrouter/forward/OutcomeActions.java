package org.mmsrouter.forward;

import jakarta.jms.JMSException;
import java.time.Instant;
import java.util.List;
import org.mmsrouter.mm.ForwardOutcome;

/**
 * What the end of one delivery does, decided from its outcome alone: dead-letter, re-queue to
 * retry or to wait for a route, and, once the delivery has committed, publish the outcome and write
 * the per-MM record. A pure function (the table is in its unit test); a forwarding thread carries
 * the actions out in order ({@link Action#carryOut}).
 */
final class OutcomeActions {

    /** What was delivered: an m-send-req, routed afresh, or a follow-up PDU, sent to its message's owner. */
    enum Kind {
        SUBMISSION,
        FOLLOW_UP
    }

    /** What carrying out the actions does; the forwarding thread's side of them. */
    interface Effects {
        /** In the delivery's transaction: the MM goes to the dead letters with {@code reason}. */
        void deadLetter(String reason) throws JMSException;

        /** In the delivery's transaction: a copy re-queued after a failed attempt, for the back-off of {@code next}. */
        void retry(AttemptCount next, int attempt, int maxAttempts, String reason) throws JMSException;

        /** In the delivery's transaction: a copy re-queued to wait for a route (no attempt used). */
        void await(AttemptCount next) throws JMSException;

        /** Once committed: the waiting ingress (or the outcomes topic) hears {@code outcome}. */
        void publish(OutcomeBoard.Outcome outcome);

        /** Once committed: the MM's per-MM record ({@link MmRecord}). */
        void record(String outcome, String mmscId, String messageId, int attempts);

        /** The owner of its message took a follow-up PDU: worth a line at FINE. */
        void noteDelivered(String mmscId);

        /** An MMSC accepted the MM as {@code messageId}: worth a line at FINE. */
        void noteAccepted(String mmscId, String messageId);
    }

    /** One thing the end of a delivery does. */
    sealed interface Action {
        void carryOut(Effects effects) throws JMSException;
    }

    record DeadLetter(String reason) implements Action {
        @Override
        public void carryOut(Effects effects) throws JMSException {
            effects.deadLetter(reason);
        }
    }

    record Retry(AttemptCount next, int attempt, int maxAttempts, String reason) implements Action {
        @Override
        public void carryOut(Effects effects) throws JMSException {
            effects.retry(next, attempt, maxAttempts, reason);
        }
    }

    record Wait(AttemptCount next) implements Action {
        @Override
        public void carryOut(Effects effects) throws JMSException {
            effects.await(next);
        }
    }

    record Publish(OutcomeBoard.Outcome outcome) implements Action {
        @Override
        public void carryOut(Effects effects) {
            effects.publish(outcome);
        }
    }

    record Record(String outcome, String mmscId, String messageId, int attempts) implements Action {
        @Override
        public void carryOut(Effects effects) {
            effects.record(outcome, mmscId, messageId, attempts);
        }
    }

    record NoteDelivered(String mmscId) implements Action {
        @Override
        public void carryOut(Effects effects) {
            effects.noteDelivered(mmscId);
        }
    }

    record NoteAccepted(String mmscId, String messageId) implements Action {
        @Override
        public void carryOut(Effects effects) {
            effects.noteAccepted(mmscId, messageId);
        }
    }

    private OutcomeActions() {}

    /**
     * An MM past its expiry before any MMSC took it: dead-lettered, and for an m-send-req recorded
     * (a follow-up PDU has no per-MM record of its own).
     */
    static List<Action> expired(Kind kind, Instant expiresAt, int attemptsBefore) {
        DeadLetter deadLetter = new DeadLetter("expired at " + expiresAt + " before any MMSC took it");
        return kind == Kind.SUBMISSION
                ? List.of(deadLetter, new Record("expired", null, null, attemptsBefore))
                : List.of(deadLetter);
    }

    /**
     * What follows {@code outcome} of the delivery that made attempt {@code count.attempt(deliveryCount)}.
     *
     * @param maxAttempts attempts after which a transient failure dead-letters the MM
     */
    static List<Action> decide(
            ForwardOutcome outcome, Kind kind, AttemptCount count, int deliveryCount, int maxAttempts) {
        int attempt = count.attempt(deliveryCount);
        boolean submission = kind == Kind.SUBMISSION;
        if (outcome instanceof ForwardOutcome.Delivered delivered) {
            return List.of(new NoteDelivered(delivered.mmscId()));
        }
        if (outcome instanceof ForwardOutcome.Accepted accepted) {
            String messageId = accepted.sendConf().messageId();
            return List.of(
                    new NoteAccepted(accepted.mmscId(), messageId),
                    new Publish(new OutcomeBoard.Outcome(true, accepted.mmscId(), accepted.rawSendConf())),
                    new Record("delivered", accepted.mmscId(), messageId, attempt));
        }
        if (outcome instanceof ForwardOutcome.PermanentFailure rejected) {
            DeadLetter deadLetter = new DeadLetter(rejected.mmscId() + " rejected it: " + rejected.reason());
            Publish publish = new Publish(new OutcomeBoard.Outcome(false, rejected.mmscId(), rejected.rawSendConf()));
            return submission
                    ? List.of(deadLetter, publish, new Record("rejected", rejected.mmscId(), null, attempt))
                    : List.of(deadLetter, publish);
        }
        if (outcome instanceof ForwardOutcome.Unowned unowned) {
            DeadLetter deadLetter = new DeadLetter(unowned.reason());
            Publish publish = new Publish(new OutcomeBoard.Outcome(false, null, null));
            return submission
                    ? List.of(deadLetter, publish, new Record("rejected", null, null, attempt))
                    : List.of(deadLetter, publish);
        }
        if (outcome instanceof ForwardOutcome.TransientFailure failure) {
            if (attempt < maxAttempts) {
                return List.of(new Retry(count.afterFailure(deliveryCount), attempt, maxAttempts, failure.reason()));
            }
            DeadLetter deadLetter =
                    new DeadLetter("no MMSC took it in " + attempt + " attempts; last: " + failure.reason());
            return submission
                    ? List.of(deadLetter, new Record("gave-up", failure.mmscId(), null, attempt))
                    : List.of(deadLetter);
        }
        // No MMSC is up: nothing was tried. A rollback would count this delivery against
        // max-attempts, so a copy carrying the real attempt count waits instead (AttemptCount).
        return List.of(new Wait(count.afterWait(deliveryCount)));
    }
}
