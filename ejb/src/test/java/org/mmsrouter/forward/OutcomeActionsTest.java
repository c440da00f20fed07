package org.mmsrouter.forward;

import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.jms.JMSException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mmsrouter.forward.OutcomeActions.Action;
import org.mmsrouter.forward.OutcomeActions.DeadLetter;
import org.mmsrouter.forward.OutcomeActions.Kind;
import org.mmsrouter.forward.OutcomeActions.NoteAccepted;
import org.mmsrouter.forward.OutcomeActions.NoteDelivered;
import org.mmsrouter.forward.OutcomeActions.Publish;
import org.mmsrouter.forward.OutcomeActions.Record;
import org.mmsrouter.forward.OutcomeActions.Retry;
import org.mmsrouter.forward.OutcomeActions.Wait;
import org.mmsrouter.mm.ForwardOutcome;
import org.mmsrouter.pdu.SendConf;

/** The table outcome × submission / follow-up → actions, row by row. */
class OutcomeActionsTest {

    private static final int MAX = 5;
    /** Two earlier attempts, one wait; this copy's second delivery: attempt 4. */
    private static final AttemptCount COUNT = new AttemptCount(2, 1);

    private static final int DELIVERY = 2;
    private static final byte[] RAW = {(byte) 0x8C, (byte) 0x81};
    private static final SendConf CONF = new SendConf("tid-1", 0x12, 0x80, null, "msg-1@a");

    private static List<Action> decide(ForwardOutcome outcome, Kind kind) {
        return OutcomeActions.decide(outcome, kind, COUNT, DELIVERY, MAX);
    }

    @Test
    void acceptedIsNotedPublishedAndRecordedWhateverTheKind() {
        ForwardOutcome accepted = new ForwardOutcome.Accepted("a", CONF, RAW);
        List<Action> expected = List.of(
                new NoteAccepted("a", "msg-1@a"),
                new Publish(new OutcomeBoard.Outcome(true, "a", RAW)),
                new Record("delivered", "a", "msg-1@a", 4));
        assertEquals(expected, decide(accepted, Kind.SUBMISSION));
        assertEquals(expected, decide(accepted, Kind.FOLLOW_UP));
    }

    @Test
    void aDeliveredFollowUpIsOnlyNoted() {
        assertEquals(List.of(new NoteDelivered("b")), decide(new ForwardOutcome.Delivered("b"), Kind.FOLLOW_UP));
        assertEquals(List.of(new NoteDelivered("b")), decide(new ForwardOutcome.Delivered("b"), Kind.SUBMISSION));
    }

    @Test
    void aPermanentFailureIsDeadLetteredAndPublishedAndOnlyASubmissionRecorded() {
        ForwardOutcome rejected = new ForwardOutcome.PermanentFailure("a", "status 0xE3", RAW);
        DeadLetter deadLetter = new DeadLetter("a rejected it: status 0xE3");
        Publish publish = new Publish(new OutcomeBoard.Outcome(false, "a", RAW));
        assertEquals(
                List.of(deadLetter, publish, new Record("rejected", "a", null, 4)), decide(rejected, Kind.SUBMISSION));
        assertEquals(List.of(deadLetter, publish), decide(rejected, Kind.FOLLOW_UP));
    }

    @Test
    void anUnownedFollowUpIsDeadLetteredWithNoMmscToName() {
        ForwardOutcome unowned = new ForwardOutcome.Unowned("no MMSC holds the message it is about");
        DeadLetter deadLetter = new DeadLetter("no MMSC holds the message it is about");
        Publish publish = new Publish(new OutcomeBoard.Outcome(false, null, null));
        assertEquals(List.of(deadLetter, publish), decide(unowned, Kind.FOLLOW_UP));
        assertEquals(
                List.of(deadLetter, publish, new Record("rejected", null, null, 4)), decide(unowned, Kind.SUBMISSION));
    }

    @Test
    void aTransientFailureBelowTheLimitIsRetriedWithThisAttemptCounted() {
        ForwardOutcome failed = new ForwardOutcome.TransientFailure("a", "HTTP 503");
        List<Action> retry = List.of(new Retry(new AttemptCount(4, 1), 4, MAX, "HTTP 503"));
        assertEquals(retry, decide(failed, Kind.SUBMISSION));
        assertEquals(retry, decide(failed, Kind.FOLLOW_UP));
    }

    @Test
    void aTransientFailureAtTheLimitGivesUpAndOnlyASubmissionIsRecorded() {
        ForwardOutcome failed = new ForwardOutcome.TransientFailure("a", "HTTP 503");
        List<Action> submission = OutcomeActions.decide(failed, Kind.SUBMISSION, COUNT, DELIVERY, 4);
        DeadLetter deadLetter = new DeadLetter("no MMSC took it in 4 attempts; last: HTTP 503");
        assertEquals(List.of(deadLetter, new Record("gave-up", "a", null, 4)), submission);
        assertEquals(List.of(deadLetter), OutcomeActions.decide(failed, Kind.FOLLOW_UP, COUNT, DELIVERY, 3));
    }

    @Test
    void noRouteWaitsWithoutUsingAnAttempt() {
        List<Action> wait = List.of(new Wait(new AttemptCount(3, 2)));
        assertEquals(wait, decide(new ForwardOutcome.NoRoute(), Kind.SUBMISSION));
        assertEquals(wait, decide(new ForwardOutcome.NoRoute(), Kind.FOLLOW_UP));
    }

    @Test
    void anExpiredMmIsDeadLetteredAndOnlyASubmissionRecorded() {
        Instant expiry = Instant.parse("2026-01-02T03:04:05Z");
        DeadLetter deadLetter = new DeadLetter("expired at 2026-01-02T03:04:05Z before any MMSC took it");
        assertEquals(
                List.of(deadLetter, new Record("expired", null, null, 3)),
                OutcomeActions.expired(Kind.SUBMISSION, expiry, 3));
        assertEquals(List.of(deadLetter), OutcomeActions.expired(Kind.FOLLOW_UP, expiry, 3));
    }

    @Test
    void eachActionCarriesOutItsOwnEffect() throws JMSException {
        List<String> done = new ArrayList<>();
        OutcomeActions.Effects effects = new OutcomeActions.Effects() {
            @Override
            public void deadLetter(String reason) {
                done.add("dead-letter " + reason);
            }

            @Override
            public void retry(AttemptCount next, int attempt, int maxAttempts, String reason) {
                done.add("retry " + next + " " + attempt + "/" + maxAttempts + " " + reason);
            }

            @Override
            public void await(AttemptCount next) {
                done.add("wait " + next);
            }

            @Override
            public void publish(OutcomeBoard.Outcome outcome) {
                done.add("publish " + outcome.accepted() + " " + outcome.mmscId());
            }

            @Override
            public void record(String outcome, String mmscId, String messageId, int attempts) {
                done.add("record " + outcome + " " + mmscId + " " + messageId + " " + attempts);
            }

            @Override
            public void noteDelivered(String mmscId) {
                done.add("delivered " + mmscId);
            }

            @Override
            public void noteAccepted(String mmscId, String messageId) {
                done.add("accepted " + mmscId + " " + messageId);
            }
        };
        List<Action> all = List.of(
                new DeadLetter("r"),
                new Retry(new AttemptCount(1, 0), 1, 5, "x"),
                new Wait(new AttemptCount(0, 1)),
                new Publish(new OutcomeBoard.Outcome(true, "a", null)),
                new Record("delivered", "a", "m", 1),
                new NoteDelivered("b"),
                new NoteAccepted("a", "m"));
        for (Action action : all) {
            action.carryOut(effects);
        }
        assertEquals(
                List.of(
                        "dead-letter r",
                        "retry AttemptCount[earlierAttempts=1, waits=0] 1/5 x",
                        "wait AttemptCount[earlierAttempts=0, waits=1]",
                        "publish true a",
                        "record delivered a m 1",
                        "delivered b",
                        "accepted a m"),
                done);
    }
}
