package org.mmsrouter.retrieval;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.DependsOn;
import jakarta.ejb.EJB;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.logging.Logger;
import org.mmsrouter.config.MmscDefinition;
import org.mmsrouter.config.RouterConfiguration;
import org.mmsrouter.config.RouterSettings;
import org.mmsrouter.dns.RouterResolver;
import org.mmsrouter.mm.ForwardOutcome;
import org.mmsrouter.mm.KeptHeader;
import org.mmsrouter.mm.MmsHttp;
import org.mmsrouter.mm.OwnersLearned;
import org.mmsrouter.health.HealthMonitor;
import org.mmsrouter.health.HealthView;
import org.mmsrouter.mm.LearnedOwner;
import org.mmsrouter.mm.LearnedOwners;
import org.mmsrouter.nodes.NodeDirectory;
import org.mmsrouter.mm.QueuedMm;
import org.mmsrouter.pdu.FollowUps;
import org.mmsrouter.pdu.MessageType;
import org.mmsrouter.pdu.PduFormatException;
import org.mmsrouter.pdu.PduHeaders;
import org.mmsrouter.registry.MmscRegistry;
import org.mmsrouter.registry.MmscsChanged;
import org.mmsrouter.routing.AdminState;

/**
 * Routes retrievals to the MMSC that owns the message: by rule, by what was learned, else by a
 * sweep of the live MMSCs in priority order (the next one on 404), remembering who answered. An
 * owner that is down gets no request: the phone is told to retry later instead of getting a 404
 * that would make it give the message up. Also the one place that learns owners from forwarding.
 */
@Singleton
@Startup
@DependsOn({"RouterConfiguration", "MmscRegistry", "HealthMonitor", "RouterResolver", "NodeDirectory"})
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
// Holds no transactional resource: spare every call the JTA transaction that is the EJB default.
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class RetrievalService {

    private static final Logger LOG = Logger.getLogger(RetrievalService.class.getName());

    @EJB
    private RouterConfiguration configuration;

    @EJB
    private MmscRegistry registry;

    @EJB
    private HealthMonitor health;

    @EJB
    private RouterResolver resolver;

    @EJB
    private NodeDirectory nodes;

    /** Tells the other nodes what this one learned (only fired while other nodes are live). */
    @Inject
    private Event<OwnersLearned> ownersLearned;

    @Resource
    private ManagedThreadFactory threadFactory;

    private BooleanSupplier othersLive;

    /** The registry's MMSCs, replaced whole when it changes. */
    private volatile List<MmscDefinition> mmscs;
    private LearnedOwners learned;
    /** Rebuilt with the ownership rules whenever the registry changes. */
    private volatile OwnerResolver owners;
    private RetrievalProxy proxy;
    private HealthView healthView;
    private Duration learnedUrlLifetime;
    private ExecutorService httpThreads;
    private final AtomicLong byRule = new AtomicLong();
    private final AtomicLong byLearned = new AtomicLong();
    private final AtomicLong bySweep = new AtomicLong();
    private final AtomicLong notFound = new AtomicLong();
    private final AtomicLong ownerUnavailable = new AtomicLong();
    private final AtomicLong followUpsByRule = new AtomicLong();
    private final AtomicLong followUpsByLearned = new AtomicLong();
    private final AtomicLong followUpsBySweep = new AtomicLong();
    private final AtomicLong followUpsByBroadcast = new AtomicLong();
    private final AtomicLong followUpsNobodyHasIt = new AtomicLong();
    private FollowUpForwarder followUpForwarder;

    /** X-Mms-Retrieve-Status Error-permanent-message-not-found and Error-transient-message-not-found. */
    static final int RETRIEVE_MESSAGE_NOT_FOUND_PERMANENT = 0xE2;
    static final int RETRIEVE_MESSAGE_NOT_FOUND_TRANSIENT = 0xC1;

    /** What became of one retrieval. */
    public sealed interface Result {
        /** An MMSC answered (any status but a sweep's 404): stream its answer to the WAP gateway. */
        record Streamed(RetrievalProxy.Upstream upstream, OwnerResolver.Source source) implements Result {
        }

        /** Every live MMSC said 404. */
        record NotFound() implements Result {
        }

        /** The owner (or, when unknown, every MMSC) cannot be reached now: the phone should retry later. */
        record OwnerUnavailable(String reason) implements Result {
        }
    }

    /** What became of one follow-up PDU sent to its owner. */
    public sealed interface Exchange {
        /** The owner took it; for a request, its confirmation is in {@code answer}. */
        record Relayed(FollowUpForwarder.Answer.Taken answer, OwnerResolver.Source source) implements Exchange {
        }

        /** The MMSCs that answered (or the owner the rules name) do not hold the message. */
        record NobodyHasIt() implements Exchange {
        }

        /** The owner is down (or, unknown, no MMSC is up): nothing was sent. */
        record OwnerDown(String reason) implements Exchange {
        }

        /** Sent, but the owner (or every MMSC swept) failed in a way worth retrying. */
        record Failed(String reason) implements Exchange {
        }

        /** The owner refused it for good. */
        record Refused(String reason) implements Exchange {
        }
    }

    /** Retrieval and follow-up counters since start. */
    public record Stats(long byRule, long byLearned, long bySweep, long notFound, long ownerUnavailable, int learnedOwners,
                        long followUpsByRule, long followUpsByLearned, long followUpsBySweep, long followUpsByBroadcast,
                        long followUpsNobodyHasIt) {
    }

    @PostConstruct
    void start() {
        RouterSettings settings = configuration.settings();
        RouterSettings.Retrieval retrieval = settings.retrieval();
        learned = new LearnedOwners(retrieval.learnedCapacity(), Clock.systemUTC());
        httpThreads = Executors.newCachedThreadPool(threadFactory);
        proxy = new RetrievalProxy(MmsHttp.newClient(settings.health().probeTimeout(), httpThreads),
                retrieval.timeout(), resolver.resolver());
        followUpForwarder = new FollowUpForwarder(MmsHttp.newClient(settings.health().probeTimeout(), httpThreads),
                settings.forwarding().timeout(), resolver.resolver());
        healthView = health.view();
        othersLive = nodes.othersLive();
        registryChanged(registry.definitions());
        learnedUrlLifetime = settings.forwarding().defaultExpiry();
        LOG.info(() -> "Retrieval routing: ownership rules for " + mmscs.stream().filter(m -> !m.owns().definesNothing()).count()
                + " MMSC(s), up to "
                + retrieval.learnedCapacity() + " learned owners, then a sweep of the live MMSCs");
    }

    /** New MMSCs, or their rules changed: the resolver follows (what was learned stays). */
    public void registryChanged(@Observes MmscsChanged change) {
        registryChanged(change.definitions());
    }

    private void registryChanged(List<MmscDefinition> definitions) {
        mmscs = List.copyOf(definitions);
        owners = new OwnerResolver(definitions.stream().map(OwnershipRule::of).filter(rule -> !rule.isEmpty()).toList(),
                learned);
    }

    @PreDestroy
    void stop() {
        httpThreads.shutdownNow();
    }

    /**
     * Learns {@code owners} here and, while other router nodes are live, tells them (the outcomes
     * topic): the phone's next request about the message may reach any node.
     */
    private void teach(List<LearnedOwner> owners) {
        if (owners.isEmpty()) {
            return;
        }
        owners.forEach(o -> learned.learn(o.kind(), o.value(), o.mmscId(), o.expiresAt()));
        if (othersLive.getAsBoolean()) {
            ownersLearned.fire(new OwnersLearned(owners));
        }
    }

    /** What a retrieval or follow-up taught: its Transaction-ID and Message-ID (either may be absent) belong to {@code mmscId}. */
    private List<LearnedOwner> byIds(String mmscId, String transactionId, String messageId) {
        Instant until = Instant.now().plus(learnedUrlLifetime);
        List<LearnedOwner> owners = new java.util.ArrayList<>(2);
        if (transactionId != null && !transactionId.isEmpty()) {
            owners.add(new LearnedOwner(LearnedOwners.Kind.TRANSACTION_ID, transactionId, mmscId, until));
        }
        if (messageId != null && !messageId.isEmpty()) {
            owners.add(new LearnedOwner(LearnedOwners.Kind.MESSAGE_ID, messageId, mmscId, until));
        }
        return owners;
    }

    /**
     * The learned owners themselves, for the forwarding path to note every accepted MM's owner
     * without an EJB call (and its transaction suspension) per MM; safe for concurrent use.
     */
    public LearnedOwners learnedOwners() {
        return learned;
    }

    /**
     * Opens the retrieval of {@code pathAndQuery} (as requested of {@code host}, port -1 when none)
     * at its owner. A {@link Result.Streamed} must be closed by the caller.
     */
    public Result retrieve(String method, String host, int port, String pathAndQuery, List<KeptHeader> headers)
            throws InterruptedException {
        List<MmscDefinition> known = mmscs;
        Optional<OwnerResolver.Owner> owner = owners.forUrl(host, port, pathAndQuery);
        Optional<MmscDefinition> ownerMmsc = owner.flatMap(o -> known.stream().filter(m -> m.id().equals(o.mmscId())).findFirst());
        if (ownerMmsc.isPresent()) {
            MmscDefinition mmsc = ownerMmsc.get();
            if (!servesRetrievals(mmsc)) {
                ownerUnavailable.incrementAndGet();
                return new Result.OwnerUnavailable(mmsc.id() + ", which owns it, is " + healthView.state(mmsc.id()));
            }
            try {
                RetrievalProxy.Upstream upstream = proxy.open(mmsc, method, pathAndQuery, headers);
                (owner.get().source() == OwnerResolver.Source.RULE ? byRule : byLearned).incrementAndGet();
                return new Result.Streamed(upstream, owner.get().source());
            } catch (IOException e) {
                health.reportForwardingFailure(mmsc.id(), "retrieval: " + e.getMessage());
                ownerUnavailable.incrementAndGet();
                return new Result.OwnerUnavailable(mmsc.id() + ", which owns it, failed: " + e.getMessage());
            }
        }
        return sweep(known, method, pathAndQuery, headers);
    }

    /** Asks the live MMSCs in priority order; the first that does not say 404 owns the message. */
    private Result sweep(List<MmscDefinition> known, String method, String pathAndQuery, List<KeptHeader> headers)
            throws InterruptedException {
        List<MmscDefinition> candidates = known.stream()
                .filter(this::servesRetrievals)
                .sorted(Comparator.comparingInt(m -> m.routing().priority()))
                .toList();
        boolean anyAnswered = false;
        String lastFailure = null;
        for (MmscDefinition mmsc : candidates) {
            RetrievalProxy.Upstream upstream;
            int[] retrieveStatus = new int[1];
            try {
                upstream = proxy.open(mmsc, method, pathAndQuery, headers).withRetrieveStatusRead(retrieveStatus);
            } catch (IOException e) {
                health.reportForwardingFailure(mmsc.id(), "retrieval: " + e.getMessage());
                lastFailure = mmsc.id() + ": " + e.getMessage();
                continue;
            }
            if (upstream.status() >= 500) {
                upstream.close();
                lastFailure = mmsc.id() + ": HTTP " + upstream.status();
                continue;
            }
            anyAnswered = true;
            // "Not mine" in a sweep: any 4xx, or an m-retrieve-conf saying message-not-found.
            if (upstream.status() >= 400 || retrieveStatus[0] == RETRIEVE_MESSAGE_NOT_FOUND_PERMANENT
                    || retrieveStatus[0] == RETRIEVE_MESSAGE_NOT_FOUND_TRANSIENT) {
                upstream.close();
                continue;
            }
            if (upstream.isMmsPdu()) {
                // Only what is a message is remembered: a sweep for any path must not fill the table with junk.
                teach(List.of(new LearnedOwner(LearnedOwners.Kind.URL, pathAndQuery, mmsc.id(),
                        Instant.now().plus(learnedUrlLifetime))));
            }
            bySweep.incrementAndGet();
            LOG.fine(() -> "Retrieval of " + pathAndQuery + " found at " + mmsc.id() + " by sweep");
            return new Result.Streamed(upstream, OwnerResolver.Source.SWEEP);
        }
        Optional<MmscDefinition> away = awayButEnabled(known);
        if (anyAnswered && away.isEmpty() && lastFailure == null) {
            notFound.incrementAndGet();
            return new Result.NotFound();
        }
        ownerUnavailable.incrementAndGet();
        if (away.isPresent()) {
            // The one that is down may hold it: "retry later" rather than a 404 the phone would act on.
            return new Result.OwnerUnavailable("no live MMSC has it and " + away.get().id() + " is "
                    + healthView.state(away.get().id()));
        }
        return new Result.OwnerUnavailable(candidates.isEmpty() ? "no MMSC is up"
                : "no MMSC had it and " + (lastFailure == null ? "none answered" : lastFailure));
    }

    /**
     * Learns from a retrieval that went through: an m-retrieve-conf names the Transaction-ID the
     * phone's m-acknowledge-ind will carry and the Message-ID of a later read report.
     */
    public void retrieved(RetrievalProxy.Upstream upstream) {
        if (upstream.status() >= 300) {
            return;
        }
        try {
            PduHeaders conf = PduHeaders.scan(upstream.leadingBytes());
            if (conf.messageType().orElse(null) == MessageType.M_RETRIEVE_CONF) {
                teach(byIds(upstream.mmscId(), conf.transactionId(), conf.messageId()));
            }
        } catch (PduFormatException e) {
            // Not an MMS PDU, or headers longer than what was kept: nothing to learn.
        }
    }

    /**
     * Sends a follow-up PDU (its header scan in {@code keys}) to the MMSC that owns the message it
     * is about: by rule or learned owner, else by sweeping the live MMSCs in priority order (next
     * on 404 or message-not-found), remembering who took it.
     */
    public Exchange exchange(byte[] pdu, PduHeaders keys, List<KeptHeader> headers) throws InterruptedException {
        List<MmscDefinition> known = mmscs;
        List<String> locations = keys.contentLocation() == null ? List.of() : List.of(keys.contentLocation());
        Optional<OwnerResolver.Owner> owner = owners.forPdu(keys.transactionId(), keys.messageId(), locations);
        Optional<MmscDefinition> ownerMmsc = owner.flatMap(o -> known.stream().filter(m -> m.id().equals(o.mmscId())).findFirst());
        if (ownerMmsc.isPresent()) {
            MmscDefinition mmsc = ownerMmsc.get();
            if (!servesRetrievals(mmsc)) {
                return new Exchange.OwnerDown(mmsc.id() + ", which owns it, is " + healthView.state(mmsc.id()));
            }
            FollowUpForwarder.Answer answer = followUpForwarder.post(mmsc, pdu, headers);
            if (answer instanceof FollowUpForwarder.Answer.Taken taken) {
                (owner.get().source() == OwnerResolver.Source.RULE ? followUpsByRule : followUpsByLearned).incrementAndGet();
                return new Exchange.Relayed(taken, owner.get().source());
            }
            if (answer instanceof FollowUpForwarder.Answer.NotMine) {
                followUpsNobodyHasIt.incrementAndGet();
                return new Exchange.NobodyHasIt();
            }
            if (answer instanceof FollowUpForwarder.Answer.Transient failed) {
                health.reportForwardingFailure(mmsc.id(), "follow-up: " + failed.reason());
                return new Exchange.Failed(mmsc.id() + ": " + failed.reason());
            }
            return new Exchange.Refused(((FollowUpForwarder.Answer.Refused) answer).reason());
        }
        boolean indication = keys.messageType().map(FollowUps::isIndication).orElse(false);
        return indication ? broadcast(known, pdu, keys, headers) : sweepFollowUp(known, pdu, keys, headers);
    }

    /**
     * An indication whose owner is unknown goes to every enabled MMSC: real MMSCs answer any
     * indication 2xx, so which one took it proves nothing, and one sent only to the first would be
     * lost to the owner. It waits while any enabled MMSC is down (that one may be the owner). Only
     * an unambiguous answer — one MMSC took it, every other said it is not theirs — is remembered.
     */
    private Exchange broadcast(List<MmscDefinition> known, byte[] pdu, PduHeaders keys, List<KeptHeader> headers)
            throws InterruptedException {
        List<MmscDefinition> enabled = known.stream().filter(m -> m.routing().adminState() != AdminState.DISABLED)
                .sorted(Comparator.comparingInt(m -> m.routing().priority())).toList();
        Optional<MmscDefinition> away = awayButEnabled(known);
        if (enabled.isEmpty() || away.isPresent()) {
            return new Exchange.OwnerDown(enabled.isEmpty() ? "no MMSC is enabled" : away.get().id() + " is "
                    + healthView.state(away.get().id()) + ", and an indication whose owner is unknown goes to every MMSC");
        }
        List<FollowUpForwarder.Answer.Taken> taken = new java.util.ArrayList<>();
        String lastFailure = null;
        for (MmscDefinition mmsc : enabled) {
            FollowUpForwarder.Answer answer = followUpForwarder.post(mmsc, pdu, headers);
            if (answer instanceof FollowUpForwarder.Answer.Taken took) {
                taken.add(took);
            } else if (answer instanceof FollowUpForwarder.Answer.Transient failed) {
                health.reportForwardingFailure(mmsc.id(), "follow-up: " + failed.reason());
                lastFailure = mmsc.id() + ": " + failed.reason();
            }
        }
        if (lastFailure != null) {
            return new Exchange.Failed(lastFailure);   // all again later: an MMSC takes a repeated indication as the same one
        }
        if (taken.isEmpty()) {
            followUpsNobodyHasIt.incrementAndGet();
            return new Exchange.NobodyHasIt();
        }
        if (taken.size() == 1) {
            teach(byIds(taken.get(0).mmscId(), keys.transactionId(), keys.messageId()));
        }
        followUpsByBroadcast.incrementAndGet();
        return new Exchange.Relayed(taken.get(0), OwnerResolver.Source.BROADCAST);
    }

    private Exchange sweepFollowUp(List<MmscDefinition> known, byte[] pdu, PduHeaders keys, List<KeptHeader> headers)
            throws InterruptedException {
        List<MmscDefinition> candidates = known.stream().filter(this::servesRetrievals)
                .sorted(Comparator.comparingInt(m -> m.routing().priority())).toList();
        String lastFailure = null;
        for (MmscDefinition mmsc : candidates) {
            FollowUpForwarder.Answer answer = followUpForwarder.post(mmsc, pdu, headers);
            if (answer instanceof FollowUpForwarder.Answer.Taken taken) {
                teach(byIds(mmsc.id(), keys.transactionId(), keys.messageId()));
                followUpsBySweep.incrementAndGet();
                return new Exchange.Relayed(taken, OwnerResolver.Source.SWEEP);
            }
            if (answer instanceof FollowUpForwarder.Answer.Transient failed) {
                health.reportForwardingFailure(mmsc.id(), "follow-up: " + failed.reason());
                lastFailure = mmsc.id() + ": " + failed.reason();
            }
            // NotMine or Refused (an MMSC without MMBox answering 405, say): in a sweep, not this one's.
        }
        if (candidates.isEmpty()) {
            return new Exchange.OwnerDown("no MMSC is up");
        }
        if (lastFailure != null) {
            return new Exchange.Failed(lastFailure);
        }
        Optional<MmscDefinition> away = awayButEnabled(known);
        if (away.isPresent()) {
            // The one that is down may hold it: wait for it rather than give the PDU up.
            return new Exchange.OwnerDown("no live MMSC holds it and " + away.get().id() + " is "
                    + healthView.state(away.get().id()));
        }
        followUpsNobodyHasIt.incrementAndGet();
        return new Exchange.NobodyHasIt();
    }

    /**
     * Delivers a queued follow-up PDU (a forwarding thread's call): delivered, or waits while its
     * owner is down (not counted as an attempt), retried on failures, dead-lettered when no MMSC
     * holds its message or the owner refuses it.
     */
    public ForwardOutcome deliverFollowUp(QueuedMm mm) throws InterruptedException {
        PduHeaders keys;
        try {
            keys = PduHeaders.scan(mm.pdu());
        } catch (PduFormatException e) {
            return new ForwardOutcome.PermanentFailure("-", "unreadable follow-up PDU: " + e.getMessage());
        }
        Exchange exchange = exchange(mm.pdu(), keys, mm.headers());
        if (exchange instanceof Exchange.Relayed relayed) {
            return new ForwardOutcome.Delivered(relayed.answer().mmscId());
        }
        if (exchange instanceof Exchange.OwnerDown) {
            return new ForwardOutcome.NoRoute();
        }
        if (exchange instanceof Exchange.Failed failed) {
            return new ForwardOutcome.TransientFailure("-", failed.reason());
        }
        if (exchange instanceof Exchange.Refused refused) {
            return new ForwardOutcome.PermanentFailure("-", refused.reason());
        }
        return new ForwardOutcome.PermanentFailure("-", "no MMSC holds the message it is about");
    }

    /** An MMSC that is not disabled but out of routing now: it may hold what the live ones do not. */
    private Optional<MmscDefinition> awayButEnabled(List<MmscDefinition> known) {
        return known.stream().filter(m -> m.routing().adminState() != AdminState.DISABLED && !routable(m)).findFirst();
    }

    /** Up, and not disabled: a draining MMSC takes no new MMs but still serves those it holds. */
    private boolean servesRetrievals(MmscDefinition mmsc) {
        return mmsc.routing().adminState() != AdminState.DISABLED && routable(mmsc);
    }

    /** Routable now; false for an MMSC removed since the caller's snapshot was taken. */
    private boolean routable(MmscDefinition mmsc) {
        try {
            return healthView.isRoutable(mmsc.id());
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    public Stats stats() {
        return new Stats(byRule.get(), byLearned.get(), bySweep.get(), notFound.get(), ownerUnavailable.get(), learned.size(),
                followUpsByRule.get(), followUpsByLearned.get(), followUpsBySweep.get(), followUpsByBroadcast.get(),
                followUpsNobodyHasIt.get());
    }
}
