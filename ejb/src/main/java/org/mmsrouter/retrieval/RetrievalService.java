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
import java.time.Clock;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.logging.Logger;
import org.mmsrouter.config.RouterConfiguration;
import org.mmsrouter.config.RouterSettings;
import org.mmsrouter.dns.RouterResolver;
import org.mmsrouter.health.HealthMonitor;
import org.mmsrouter.health.HealthView;
import org.mmsrouter.mm.ForwardOutcome;
import org.mmsrouter.mm.KeptHeader;
import org.mmsrouter.mm.LearnedOwners;
import org.mmsrouter.mm.MmsHttp;
import org.mmsrouter.mm.OwnersLearned;
import org.mmsrouter.mm.QueuedMm;
import org.mmsrouter.nodes.NodeDirectory;
import org.mmsrouter.pdu.PduHeaders;
import org.mmsrouter.registry.MmscRegistry;
import org.mmsrouter.registry.MmscsChanged;

/**
 * The container's side of retrievals and follow-ups: builds {@link RetrievalRouter} and
 * {@link FollowUpDispatch} over the ownership in force ({@link Owners}, rebuilt when the registry
 * changes), the HTTP clients and the owners learned ({@link OwnerSharing}, told to other nodes by
 * the {@link OwnersLearned} event), and hands their calls on. Also the one place that holds the
 * learned owners the forwarding path adds to.
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

    /** Tells the other nodes what this one learned (fired only while other nodes are live). */
    @Inject
    private Event<OwnersLearned> ownersLearned;

    @Resource
    private ManagedThreadFactory threadFactory;

    private LearnedOwners learned;
    private HealthView healthView;
    /** Rebuilt with the ownership rules whenever the registry changes. */
    private volatile Owners owners;

    private RetrievalRouter retrievals;
    private FollowUpDispatch followUps;
    private ExecutorService httpThreads;

    /** Retrieval and follow-up counters since start (the status API's JSON names). */
    public record Stats(
            long byRule,
            long byLearned,
            long bySweep,
            long notFound,
            long ownerUnavailable,
            int learnedOwners,
            long followUpsByRule,
            long followUpsByLearned,
            long followUpsBySweep,
            long followUpsByBroadcast,
            long followUpsNobodyHasIt) {}

    @PostConstruct
    void start() {
        RouterSettings settings = configuration.settings();
        RouterSettings.Retrieval retrieval = settings.retrieval();
        learned = new LearnedOwners(retrieval.learnedCapacity(), Clock.systemUTC());
        healthView = health.view();
        owners = new Owners(registry.definitions(), learned, healthView);
        httpThreads = Executors.newCachedThreadPool(threadFactory);
        RetrievalProxy proxy = new RetrievalProxy(
                MmsHttp.newClient(settings.health().probeTimeout(), httpThreads),
                retrieval.timeout(),
                resolver.resolver());
        FollowUpForwarder forwarder = new FollowUpForwarder(
                MmsHttp.newClient(settings.health().probeTimeout(), httpThreads),
                settings.forwarding().timeout(),
                resolver.resolver());
        OwnerSharing sharing = new OwnerSharing(
                learned,
                nodes.othersLive(),
                taught -> ownersLearned.fire(new OwnersLearned(taught)),
                settings.forwarding().defaultExpiry(),
                Clock.systemUTC());
        retrievals = new RetrievalRouter(() -> owners, proxy::open, health::reportForwardingFailure, sharing);
        followUps = new FollowUpDispatch(() -> owners, forwarder::post, health::reportForwardingFailure, sharing);
        LOG.info(() -> "Retrieval routing: ownership rules for " + owners.withRules() + " MMSC(s), up to "
                + retrieval.learnedCapacity() + " learned owners, then a sweep of the live MMSCs");
    }

    /** New MMSCs, or their rules changed: ownership follows (what was learned stays). */
    public void registryChanged(@Observes MmscsChanged change) {
        owners = new Owners(change.definitions(), learned, healthView);
    }

    @PreDestroy
    void stop() {
        httpThreads.shutdownNow();
    }

    /**
     * The learned owners themselves, for the forwarding path to note every accepted MM's owner
     * without an EJB call (and its transaction suspension) per MM; safe for concurrent use.
     */
    public LearnedOwners learnedOwners() {
        return learned;
    }

    /** {@link RetrievalRouter#retrieve}. */
    public RetrievalResult retrieve(String method, String host, int port, String pathAndQuery, List<KeptHeader> headers)
            throws InterruptedException {
        return retrievals.retrieve(method, host, port, pathAndQuery, headers);
    }

    /** {@link RetrievalRouter#retrieved}. */
    public void retrieved(RetrievalProxy.Upstream upstream) {
        retrievals.retrieved(upstream);
    }

    /** {@link FollowUpDispatch#exchange}. */
    public FollowUpExchange exchange(byte[] pdu, PduHeaders keys, List<KeptHeader> headers)
            throws InterruptedException {
        return followUps.exchange(pdu, keys, headers);
    }

    /** {@link FollowUpDispatch#deliver}, as a forwarding thread calls it. */
    public ForwardOutcome deliverFollowUp(QueuedMm mm) throws InterruptedException {
        return followUps.deliver(mm);
    }

    public Stats stats() {
        RetrievalRouter.Counts r = retrievals.counts();
        FollowUpDispatch.Counts f = followUps.counts();
        return new Stats(
                r.byRule(),
                r.byLearned(),
                r.bySweep(),
                r.notFound(),
                r.ownerUnavailable(),
                learned.size(),
                f.byRule(),
                f.byLearned(),
                f.bySweep(),
                f.byBroadcast(),
                f.nobodyHasIt());
    }
}
