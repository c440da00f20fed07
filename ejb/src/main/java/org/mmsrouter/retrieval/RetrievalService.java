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
import java.util.logging.Logger;
import org.mmsrouter.config.MmscDefinition;
import org.mmsrouter.config.RouterConfiguration;
import org.mmsrouter.config.RouterSettings;
import org.mmsrouter.dns.RouterResolver;
import org.mmsrouter.forward.KeptHeader;
import org.mmsrouter.forward.MmscForwarder;
import org.mmsrouter.health.HealthMonitor;
import org.mmsrouter.health.HealthView;
import org.mmsrouter.registry.MmscRegistry;
import org.mmsrouter.routing.AdminState;

/**
 * Routes retrievals to the MMSC that owns the message: by rule, by what was learned, else by a
 * sweep of the live MMSCs in priority order (the next one on 404), remembering who answered. An
 * owner that is down gets no request: the phone is told to retry later instead of getting a 404
 * that would make it give the message up. Also the one place that learns owners from forwarding.
 */
@Singleton
@Startup
@DependsOn({"RouterConfiguration", "MmscRegistry", "HealthMonitor", "RouterResolver"})
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

    @Resource
    private ManagedThreadFactory threadFactory;

    /** The registry's MMSCs, replaced whole when it changes. */
    private volatile List<MmscDefinition> mmscs;
    private LearnedOwners learned;
    private OwnerResolver owners;
    private RetrievalProxy proxy;
    private HealthView healthView;
    private Duration learnedUrlLifetime;
    private ExecutorService httpThreads;
    private final AtomicLong byRule = new AtomicLong();
    private final AtomicLong byLearned = new AtomicLong();
    private final AtomicLong bySweep = new AtomicLong();
    private final AtomicLong notFound = new AtomicLong();
    private final AtomicLong ownerUnavailable = new AtomicLong();

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

    /** Retrieval counters since start. */
    public record Stats(long byRule, long byLearned, long bySweep, long notFound, long ownerUnavailable, int learnedOwners) {
    }

    @PostConstruct
    void start() {
        RouterSettings settings = configuration.settings();
        RouterSettings.Retrieval retrieval = settings.retrieval();
        learned = new LearnedOwners(retrieval.learnedCapacity(), Clock.systemUTC());
        owners = new OwnerResolver(retrieval.rules(), learned);
        httpThreads = Executors.newCachedThreadPool(threadFactory);
        proxy = new RetrievalProxy(MmscForwarder.newClient(settings.health().probeTimeout(), httpThreads),
                retrieval.timeout(), resolver.resolver());
        healthView = health.view();
        mmscs = registry.definitions();
        registry.onChange(changed -> mmscs = List.copyOf(changed));
        learnedUrlLifetime = settings.forwarding().defaultExpiry();
        LOG.info(() -> "Retrieval routing: " + retrieval.rules().size() + " ownership rule(s), up to "
                + retrieval.learnedCapacity() + " learned owners, then a sweep of the live MMSCs");
    }

    @PreDestroy
    void stop() {
        httpThreads.shutdownNow();
    }

    /** Notes the owner of a message an MMSC accepted through the router (its m-send-conf's Message-ID). */
    public void learnSubmission(String messageId, String mmscId, Instant expiresAt) {
        learned.learn(LearnedOwners.Kind.MESSAGE_ID, messageId, mmscId, expiresAt);
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
        for (MmscDefinition mmsc : candidates) {
            RetrievalProxy.Upstream upstream;
            try {
                upstream = proxy.open(mmsc, method, pathAndQuery, headers);
            } catch (IOException e) {
                health.reportForwardingFailure(mmsc.id(), "retrieval: " + e.getMessage());
                continue;
            }
            anyAnswered = true;
            if (upstream.status() == 404) {
                upstream.close();
                continue;
            }
            if (upstream.status() < 400) {
                learned.learn(LearnedOwners.Kind.URL, pathAndQuery, mmsc.id(), Instant.now().plus(learnedUrlLifetime));
            }
            bySweep.incrementAndGet();
            LOG.fine(() -> "Retrieval of " + pathAndQuery + " found at " + mmsc.id() + " by sweep");
            return new Result.Streamed(upstream, OwnerResolver.Source.SWEEP);
        }
        if (anyAnswered) {
            notFound.incrementAndGet();
            return new Result.NotFound();
        }
        ownerUnavailable.incrementAndGet();
        return new Result.OwnerUnavailable(candidates.isEmpty() ? "no MMSC is up" : "no MMSC answered");
    }

    /** Up, and not disabled: a draining MMSC takes no new MMs but still serves those it holds. */
    private boolean servesRetrievals(MmscDefinition mmsc) {
        return mmsc.routing().adminState() != AdminState.DISABLED && healthView.isRoutable(mmsc.id());
    }

    public Stats stats() {
        return new Stats(byRule.get(), byLearned.get(), bySweep.get(), notFound.get(), ownerUnavailable.get(), learned.size());
    }
}
