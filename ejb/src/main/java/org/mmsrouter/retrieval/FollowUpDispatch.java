package org.mmsrouter.retrieval;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.mmsrouter.config.MmscDefinition;
import org.mmsrouter.mm.ForwardOutcome;
import org.mmsrouter.mm.KeptHeader;
import org.mmsrouter.mm.QueuedMm;
import org.mmsrouter.pdu.FollowUps;
import org.mmsrouter.pdu.PduFormatException;
import org.mmsrouter.pdu.PduHeaders;

/**
 * Sends follow-up PDUs (acknowledgements, read reports, MMBox requests...) to the MMSC that owns
 * the message they are about: by rule or learned owner; else a request sweeps the live MMSCs in
 * priority order, and an indication goes to every enabled MMSC. Remembers who took it when that is
 * unambiguous. Plain Java over its collaborators; safe for concurrent use.
 */
public final class FollowUpDispatch {

    /** POSTs a follow-up PDU to one MMSC ({@link FollowUpForwarder#post}). */
    @FunctionalInterface
    public interface Poster {
        FollowUpForwarder.Answer post(MmscDefinition mmsc, byte[] pdu, List<KeptHeader> headers)
                throws InterruptedException;
    }

    /** Follow-ups since start, by how the owner was found, or that nobody had the message. */
    public record Counts(long byRule, long byLearned, long bySweep, long byBroadcast, long nobodyHasIt) {}

    private final Supplier<Owners> owners;
    private final Poster poster;
    private final FailureReporter failures;
    private final OwnerSharing sharing;
    private final AtomicLong byRule = new AtomicLong();
    private final AtomicLong byLearned = new AtomicLong();
    private final AtomicLong bySweep = new AtomicLong();
    private final AtomicLong byBroadcast = new AtomicLong();
    private final AtomicLong nobodyHasIt = new AtomicLong();

    /** @param owners the ownership in force, read once per follow-up */
    public FollowUpDispatch(Supplier<Owners> owners, Poster poster, FailureReporter failures, OwnerSharing sharing) {
        this.owners = owners;
        this.poster = poster;
        this.failures = failures;
        this.sharing = sharing;
    }

    /** Sends a follow-up PDU (its header scan in {@code keys}) to the owner of its message. */
    public FollowUpExchange exchange(byte[] pdu, PduHeaders keys, List<KeptHeader> headers)
            throws InterruptedException {
        Owners now = owners.get();
        Optional<Owners.Owner> owner = now.forPdu(keys);
        if (owner.isPresent()) {
            return toOwner(now, owner.get(), pdu, headers);
        }
        boolean indication = keys.messageType().map(FollowUps::isIndication).orElse(false);
        return indication ? broadcast(now, pdu, keys, headers) : sweep(now, pdu, keys, headers);
    }

    /**
     * Delivers a queued follow-up PDU (a forwarding thread's call): delivered, or waits while its
     * owner is down (not counted as an attempt), retried on failures, dead-lettered when no MMSC
     * holds its message or the owner refuses it.
     */
    public ForwardOutcome deliver(QueuedMm mm) throws InterruptedException {
        PduHeaders keys;
        try {
            keys = PduHeaders.scan(mm.pdu());
        } catch (PduFormatException e) {
            return new ForwardOutcome.Unowned("unreadable follow-up PDU: " + e.getMessage());
        }
        return exchange(mm.pdu(), keys, mm.headers()).asForwardOutcome();
    }

    private FollowUpExchange toOwner(Owners now, Owners.Owner owner, byte[] pdu, List<KeptHeader> headers)
            throws InterruptedException {
        MmscDefinition mmsc = owner.mmsc();
        if (!now.serves(mmsc)) {
            return new FollowUpExchange.OwnerDown(mmsc.id() + ", which owns it, is " + now.state(mmsc));
        }
        FollowUpForwarder.Answer answer = poster.post(mmsc, pdu, headers);
        if (answer instanceof FollowUpForwarder.Answer.Taken taken) {
            (owner.source() == OwnerResolver.Source.RULE ? byRule : byLearned).incrementAndGet();
            return new FollowUpExchange.Relayed(taken, owner.source());
        }
        if (answer instanceof FollowUpForwarder.Answer.NotMine) {
            nobodyHasIt.incrementAndGet();
            return new FollowUpExchange.NobodyHasIt();
        }
        if (answer instanceof FollowUpForwarder.Answer.Transient failed) {
            return failed(mmsc, failed);
        }
        return new FollowUpExchange.Refused(mmsc.id(), ((FollowUpForwarder.Answer.Refused) answer).reason());
    }

    /**
     * An indication whose owner is unknown goes to every enabled MMSC: real MMSCs answer any
     * indication 2xx, so which one took it proves nothing, and one sent only to the first would be
     * lost to the owner. It waits while any enabled MMSC is down (that one may be the owner). Only
     * an unambiguous answer — one MMSC took it, every other said it is not theirs — is remembered.
     */
    private FollowUpExchange broadcast(Owners now, byte[] pdu, PduHeaders keys, List<KeptHeader> headers)
            throws InterruptedException {
        List<MmscDefinition> enabled = now.candidates(Owners.Scope.ENABLED);
        Optional<MmscDefinition> away = now.awayButEnabled();
        if (enabled.isEmpty()) {
            return new FollowUpExchange.OwnerDown("no MMSC is enabled");
        }
        if (away.isPresent()) {
            return new FollowUpExchange.OwnerDown(away.get().id() + " is " + now.state(away.get())
                    + ", and an indication whose owner is unknown goes to every MMSC");
        }
        List<FollowUpForwarder.Answer.Taken> taken = new ArrayList<>();
        FollowUpExchange.Failed lastFailure = null;
        for (MmscDefinition mmsc : enabled) {
            FollowUpForwarder.Answer answer = poster.post(mmsc, pdu, headers);
            if (answer instanceof FollowUpForwarder.Answer.Taken took) {
                taken.add(took);
            } else if (answer instanceof FollowUpForwarder.Answer.Transient failed) {
                lastFailure = failed(mmsc, failed);
            }
        }
        if (lastFailure != null) {
            return lastFailure; // all again later: an MMSC takes a repeated indication as the same one
        }
        if (taken.isEmpty()) {
            nobodyHasIt.incrementAndGet();
            return new FollowUpExchange.NobodyHasIt();
        }
        if (taken.size() == 1) {
            sharing.ids(taken.get(0).mmscId(), keys.transactionId(), keys.messageId());
        }
        byBroadcast.incrementAndGet();
        return new FollowUpExchange.Relayed(taken.get(0), OwnerResolver.Source.BROADCAST);
    }

    /** A request whose owner is unknown: the live MMSCs in priority order, the first that takes it owns it. */
    private FollowUpExchange sweep(Owners now, byte[] pdu, PduHeaders keys, List<KeptHeader> headers)
            throws InterruptedException {
        List<MmscDefinition> candidates = now.candidates(Owners.Scope.LIVE);
        FollowUpExchange.Failed lastFailure = null;
        for (MmscDefinition mmsc : candidates) {
            FollowUpForwarder.Answer answer = poster.post(mmsc, pdu, headers);
            if (answer instanceof FollowUpForwarder.Answer.Taken taken) {
                sharing.ids(mmsc.id(), keys.transactionId(), keys.messageId());
                bySweep.incrementAndGet();
                return new FollowUpExchange.Relayed(taken, OwnerResolver.Source.SWEEP);
            }
            if (answer instanceof FollowUpForwarder.Answer.Transient failed) {
                lastFailure = failed(mmsc, failed);
            }
            // NotMine or Refused (an MMSC without MMBox answering 405, say): in a sweep, not this one's.
        }
        if (candidates.isEmpty()) {
            return new FollowUpExchange.OwnerDown("no MMSC is up");
        }
        if (lastFailure != null) {
            return lastFailure;
        }
        Optional<MmscDefinition> away = now.awayButEnabled();
        if (away.isPresent()) {
            // The one that is down may hold it: wait for it rather than give the PDU up.
            return new FollowUpExchange.OwnerDown(
                    "no live MMSC holds it and " + away.get().id() + " is " + now.state(away.get()));
        }
        nobodyHasIt.incrementAndGet();
        return new FollowUpExchange.NobodyHasIt();
    }

    /** Reports a transient failure of {@code mmsc} to health detection; the exchange's result if it was the last. */
    private FollowUpExchange.Failed failed(MmscDefinition mmsc, FollowUpForwarder.Answer.Transient failure) {
        failures.failed(mmsc.id(), "follow-up: " + failure.reason());
        return new FollowUpExchange.Failed(mmsc.id(), mmsc.id() + ": " + failure.reason());
    }

    public Counts counts() {
        return new Counts(byRule.get(), byLearned.get(), bySweep.get(), byBroadcast.get(), nobodyHasIt.get());
    }
}
