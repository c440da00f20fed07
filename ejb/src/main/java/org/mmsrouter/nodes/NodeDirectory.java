package org.mmsrouter.nodes;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.DependsOn;
import jakarta.ejb.EJB;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.Timeout;
import jakarta.ejb.TimerConfig;
import jakarta.ejb.TimerService;
import jakarta.ejb.TransactionManagement;
import jakarta.ejb.TransactionManagementType;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.UserTransaction;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.mmsrouter.config.RouterConfiguration;
import org.mmsrouter.config.RouterSettings;

/**
 * This node's place among the router nodes. Every heartbeat it writes its own row in the shared
 * database (name, addresses, a counter) and reads everyone's; {@link Membership} turns the reads
 * into live nodes, and observers of {@link RouterNodesChanged} (the DNS responder) hear when the live addresses change. With a
 * database of its own (the default H2 file) a node sees only itself. When the database cannot be
 * reached, other nodes age out and this node goes on answering for itself: the safe side.
 */
@Singleton
@Startup
@DependsOn("RouterConfiguration")
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
// Bean-managed: a failed heartbeat (database away) is caught and logged here instead of failing the timer.
@TransactionManagement(TransactionManagementType.BEAN)
public class NodeDirectory {

    private static final Logger LOG = Logger.getLogger(NodeDirectory.class.getName());

    @EJB
    private RouterConfiguration configuration;

    @PersistenceContext(unitName = "mms-router")
    private EntityManager database;

    @Resource
    private UserTransaction transaction;

    @Resource
    private TimerService timerService;

    /** Tells the observers (the DNS responder) when the live addresses change. */
    @Inject
    private Event<RouterNodesChanged> changes;

    /**
     * Whether start has completed: the first heartbeat, in start itself, tells nobody (an observer
     * that depends on this bean could not be made before it), observers read the addresses at their own start.
     */
    private volatile boolean started;

    private String name;
    private List<InetAddress> ownAddresses;
    private Membership membership;
    private volatile Supplier<Map<String, String>> localHealth = Map::of;
    private volatile BooleanSupplier localAcceptance = () -> true;
    private volatile Map<String, Map<String, String>> healthViews = Map.of();
    private final AtomicBoolean othersLive = new AtomicBoolean();
    private Instant startedAt;
    private boolean firstBeatWritten;
    private boolean databaseFailing;
    private volatile List<RouterNode> nodes = List.of();
    private volatile List<InetAddress> liveAddresses = List.of();

    @PostConstruct
    void start() {
        RouterSettings settings = configuration.settings();
        RouterSettings.Nodes config = settings.nodes();
        name = config.name().isEmpty() ? defaultName() : config.name();
        ownAddresses = settings.routerAddresses();
        liveAddresses = ownAddresses;
        startedAt = Instant.now();
        membership = new Membership(name, config.timeout(), Clock.systemUTC());
        beat();
        long interval = config.heartbeat().toMillis();
        timerService.createIntervalTimer(interval, interval, new TimerConfig(null, false));
        started = true;
        LOG.info(() -> "Router node " + name + " publishes " + ownAddresses + " (heartbeat " + interval
                + " ms, timeout " + config.timeout().toMillis() + " ms); live nodes " + nodes);
    }

    /** WildFly's node name (unique in a cluster by WildFly's own rules), else the host name. */
    private static String defaultName() {
        String node = System.getProperty("jboss.node.name");
        if (node != null && !node.isBlank()) {
            return node.length() > 64 ? node.substring(0, 64) : node;
        }
        try {
            String host = InetAddress.getLocalHost().getHostName();
            return host.length() > 64 ? host.substring(0, 64) : host; // the column's width
        } catch (UnknownHostException e) {
            return "router";
        }
    }

    @Timeout
    void beat() {
        List<RouterNode> read;
        try {
            read = membership.update(writeAndRead());
            if (databaseFailing) {
                LOG.info("Router node heartbeats reach the database again");
                databaseFailing = false;
            }
        } catch (Exception e) {
            if (!databaseFailing) { // once per outage, not every heartbeat
                LOG.log(
                        Level.WARNING,
                        "Router node heartbeat failed; other nodes age out of DNS answers until "
                                + "the database is back",
                        e);
                databaseFailing = true;
            }
            read = membership.nodes();
        }
        nodes = read;
        othersLive.set(read.stream().anyMatch(node -> node.live() && !node.self()));
        List<InetAddress> live = Membership.liveAddresses(read, ownAddresses);
        if (!live.equals(liveAddresses)) {
            List<InetAddress> before = liveAddresses;
            liveAddresses = live;
            LOG.info(() -> "Live router addresses changed from " + before + " to " + live);
            if (started) {
                try {
                    changes.fire(new RouterNodesChanged(live));
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, "An observer failed to take the live router addresses", e);
                }
            }
        }
    }

    private List<NodeBeat> writeAndRead() throws Exception {
        transaction.begin();
        try {
            Instant now = Instant.now();
            RouterNodeRecord own = database.find(RouterNodeRecord.class, name);
            if (own == null) {
                own = new RouterNodeRecord(name, ownAddresses, startedAt);
                database.persist(own);
            } else {
                own.beat(ownAddresses, startedAt, now, !firstBeatWritten);
            }
            own.shareHealth(localHealth.get());
            own.shareAcceptance(localAcceptance.getAsBoolean());
            database.flush();
            List<NodeBeat> beats = new ArrayList<>();
            Map<String, Map<String, String>> views = new TreeMap<>();
            for (RouterNodeRecord row : database.createQuery("select n from RouterNodeRecord n", RouterNodeRecord.class)
                    .getResultList()) {
                try {
                    views.put(row.name(), row.health());
                    beats.add(row.toBeat());
                } catch (IllegalStateException e) {
                    // One unreadable row (edited by hand?) must not stop this node's own heartbeat.
                    LOG.warning(() -> "Skipped a router node row: " + e.getMessage());
                }
            }
            transaction.commit();
            firstBeatWritten = true;
            healthViews = Map.copyOf(views);
            return beats;
        } catch (Exception e) {
            try {
                transaction.rollback();
            } catch (Exception rollbackFailure) {
                e.addSuppressed(rollbackFailure);
            }
            throw e;
        }
    }

    /** Leaves cleanly: the row goes, so other nodes drop this one at their next heartbeat. */
    @PreDestroy
    void leave() {
        try {
            transaction.begin();
            RouterNodeRecord own = database.find(RouterNodeRecord.class, name);
            if (own != null) {
                database.remove(own);
            }
            transaction.commit();
            LOG.info(() -> "Router node " + name + " left");
        } catch (Exception e) {
            try {
                transaction.rollback();
            } catch (Exception rollbackFailure) {
                e.addSuppressed(rollbackFailure);
            }
            LOG.log(
                    Level.WARNING,
                    "Router node " + name + " could not remove its row; others drop it after the timeout",
                    e);
        }
    }

    /**
     * Where this node's view of the MMSCs' health comes from (the health monitor registers a plain
     * supplier: the heartbeat timer makes no bean call); each heartbeat writes it to this node's row.
     */
    public void shareHealth(Supplier<Map<String, String>> source) {
        localHealth = source;
    }

    /**
     * Whether this node takes new MMs (admission control registers a plain supplier); each heartbeat
     * writes it to this node's row, and DNS answers leave out live nodes that do not, while any does.
     */
    public void shareAcceptance(BooleanSupplier source) {
        localAcceptance = source;
    }

    /**
     * Whether another router node is live now (then what one node learns is worth telling the
     * others), as a plain supplier that follows the heartbeat: callers on the forwarding path read
     * it without a bean call per MM.
     */
    public BooleanSupplier othersLive() {
        return othersLive::get;
    }

    /** Every node's view of the MMSCs' health, as last read from the database: node name → MMSC → state. */
    public Map<String, Map<String, String>> healthViews() {
        return healthViews;
    }

    /** The addresses of the live router nodes now, in the same order on every node. */
    public List<InetAddress> liveAddresses() {
        return liveAddresses;
    }

    /** Every router node in the shared database as this node last saw it. */
    public List<RouterNode> nodes() {
        return nodes;
    }

    /** This node's name. */
    public String name() {
        return name;
    }
}
