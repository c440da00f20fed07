package org.mmsrouter.retrieval;

import org.mmsrouter.mm.ForwardOutcome;

/** What became of one follow-up PDU sent to its owner; and what that means for a queued one. */
public sealed interface FollowUpExchange {

    /** The outcome of delivering a queued follow-up PDU this way (a forwarding thread acts on it). */
    ForwardOutcome asForwardOutcome();

    /** The owner took it; for a request, its confirmation is in {@code answer}. */
    record Relayed(FollowUpForwarder.Answer.Taken answer, OwnerResolver.Source source) implements FollowUpExchange {
        @Override
        public ForwardOutcome asForwardOutcome() {
            return new ForwardOutcome.Delivered(answer.mmscId());
        }
    }

    /** The MMSCs that answered (or the owner the rules name) do not hold the message. */
    record NobodyHasIt() implements FollowUpExchange {
        @Override
        public ForwardOutcome asForwardOutcome() {
            return new ForwardOutcome.Unowned("no MMSC holds the message it is about");
        }
    }

    /** The owner is down (or, unknown, no MMSC is up): nothing was sent; a queued one waits. */
    record OwnerDown(String reason) implements FollowUpExchange {
        @Override
        public ForwardOutcome asForwardOutcome() {
            return new ForwardOutcome.NoRoute();
        }
    }

    /** Sent, but {@code mmscId} (the owner, or the last MMSC swept that failed) failed in a way worth retrying. */
    record Failed(String mmscId, String reason) implements FollowUpExchange {
        @Override
        public ForwardOutcome asForwardOutcome() {
            return new ForwardOutcome.TransientFailure(mmscId, reason);
        }
    }

    /** The owner {@code mmscId} refused it for good. */
    record Refused(String mmscId, String reason) implements FollowUpExchange {
        @Override
        public ForwardOutcome asForwardOutcome() {
            return new ForwardOutcome.PermanentFailure(mmscId, reason);
        }
    }
}
