package org.mmsrouter.queue;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.EJB;
import jakarta.ejb.Singleton;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;
import java.util.logging.Logger;
import org.apache.activemq.artemis.api.core.ActiveMQException;
import org.mmsrouter.forward.MmJournal;
import org.mmsrouter.forward.MmRecord;
import org.mmsrouter.nodes.NodeDirectory;

/**
 * The NOC's view of and hand on this node's queued MMs, as Postfix's {@code mailq}, {@code qshape}
 * and {@code postsuper} give them: a paged, filtered list; counts per MMSC and age bucket; and
 * actions on a selection — hold (kept, not forwarded), release, requeue now (skip the back-off),
 * purge (each purged MM written to the per-MM records with outcome {@code purged}) and replaying
 * dead letters. An action is confirmed with the token its look issued ({@link SelectionTokens}); it
 * then acts on the MMs of that selection that had arrived by the look, never on one being
 * forwarded at that moment (the broker hands those to no action).
 *
 * <p>Reads are answered from a {@link QueueSnapshot}, one walk of the broker's queues shared by
 * every read for at least a second and for ten times as long as the walk took, so walking takes at
 * most a tenth of one core however many consoles poll. A cheap walk is made while the read waits;
 * a deep backlog's (seconds of CPU) is made behind the answer, which comes at once from the last
 * walk and says when that was ({@code asOf}). Actions patch the snapshot with what they did.
 */
@Singleton
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class QueueManager {

    private static final Logger LOG = Logger.getLogger(QueueManager.class.getName());
    /** How long one walk of the queues serves the NOC's reads at least. */
    static final Duration SNAPSHOT_TTL = Duration.ofSeconds(1);
    /** How long one walk serves the metrics (a scrape every few seconds must not walk a deep backlog each time). */
    static final Duration METRICS_SNAPSHOT_TTL = Duration.ofSeconds(10);
    /** The most MMs one page lists. */
    public static final int MAX_PAGE_SIZE = 500;

    /** What an action may act on. */
    public enum Action {
        HOLD(EnumSet.of(QueueState.READY, QueueState.WAITING)),
        RELEASE(EnumSet.of(QueueState.HELD)),
        REQUEUE(EnumSet.of(QueueState.WAITING)),
        PURGE(EnumSet.of(QueueState.READY, QueueState.WAITING, QueueState.HELD)),
        REPLAY(EnumSet.of(QueueState.DEAD_LETTER));

        private final Set<QueueState> states;

        Action(Set<QueueState> states) {
            this.states = states;
        }

        /** The name the API and the audit use. */
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** One page of a listing. */
    public record Page(String node, Instant asOf, long total, int page, int size, List<QueuedMmView> items) {}

    /** What a look before an action found: how many MMs it selects, and the token that confirms it. */
    public record Look(Action action, long selected, String token) {}

    /** What an action did: {@code done} may be below {@code selected} when MMs were forwarded meanwhile. */
    public record Done(Action action, long selected, long done) {}

    @EJB
    private NodeDirectory nodes;

    @EJB
    private MmJournal journal;

    @Resource
    private ManagedExecutorService executor;

    private final BrokerQueues broker = new BrokerQueues();
    private final Clock clock = Clock.systemUTC();
    /** Held by whoever walks the queues or acts on them: one at a time, and no walk overtakes an action. */
    private final ReentrantLock walking = new ReentrantLock();

    private SelectionTokens tokens;
    private volatile QueueSnapshot snapshot;

    @PostConstruct
    void start() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        tokens = new SelectionTokens(key, clock);
    }

    /** The MMs {@code selection} names, oldest first, one page of them. */
    public Page list(QueueSelection selection, int page, int size) {
        if (page < 1 || size < 1 || size > MAX_PAGE_SIZE) {
            throw new InvalidQueueRequest("page must be ≥ 1 and size 1…" + MAX_PAGE_SIZE);
        }
        QueueSnapshot current = current(SNAPSHOT_TTL);
        QueueSnapshot.Slice slice = current.page(selection, clock.instant(), page, size);
        return new Page(nodes.name(), current.takenAt(), slice.total(), page, size, slice.items());
    }

    /** When the walk the last read was answered from was made. */
    public Instant asOf() {
        QueueSnapshot current = snapshot;
        return current == null ? clock.instant() : current.takenAt();
    }

    /** This node's name, as the views give it. */
    public String node() {
        return nodes.name();
    }

    /** Counts of the selected MMs per MMSC and age bucket. */
    public QueueShape shape(QueueSelection selection) {
        return current(SNAPSHOT_TTL).shape(selection, clock.instant());
    }

    /**
     * Per MMSC ({@link QueueSelection#NO_MMSC} for MMs not tried yet) and state: how many, and the
     * oldest's age; empty while the broker cannot be read.
     */
    public Optional<Map<String, Map<QueueState, long[]>>> perMmsc() {
        try {
            return Optional.of(current(METRICS_SNAPSHOT_TTL).perMmsc(clock.instant()));
        } catch (IllegalStateException brokerDown) {
            // Said here, not thrown: through the bean's proxy it would reach the scrape as an EJBException.
            return Optional.empty();
        }
    }

    /** Looks at what {@code action} would act on, and issues the token that confirms it. */
    public Look look(Action action, QueueSelection selection) {
        QueueSelection within = selection.within(action.states);
        Instant now = clock.instant();
        walking.lock();
        try {
            List<QueuedMmView> pool = action == Action.REPLAY ? broker.deadLetters() : walk().mms();
            long selected = pool.stream().filter(mm -> within.matches(mm, now)).count();
            return new Look(action, selected, tokens.issue(action.label(), within));
        } finally {
            walking.unlock();
        }
    }

    /**
     * Carries out {@code action} on {@code selection} when {@code token} confirms it (issued here
     * for this action and selection, within its validity); empty when it does not.
     */
    public Optional<Done> act(Action action, QueueSelection selection, String token) throws Exception {
        QueueSelection within = selection.within(action.states);
        Optional<Instant> cutoff = tokens.verify(token, action.label(), within);
        if (cutoff.isEmpty()) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        Predicate<QueuedMmView> chosen =
                view -> within.matches(view, now) && !view.arrival().isAfter(cutoff.get());
        walking.lock();
        try {
            QueueSnapshot before = walk();
            List<QueuedMmView> pool = action == Action.REPLAY ? broker.deadLetters() : before.mms();
            long selected = pool.stream().filter(chosen).count();
            List<QueuedMmView> touched = new ArrayList<>();
            long done = switch (action) {
                case HOLD ->
                    broker.move(BrokerQueues.SUBMISSIONS, BrokerQueues.HELD, QueueState.READY, chosen, touched);
                case RELEASE ->
                    broker.move(BrokerQueues.HELD, BrokerQueues.SUBMISSIONS, QueueState.HELD, chosen, touched);
                case REQUEUE -> requeue(pool.stream().filter(chosen).toList(), touched);
                case PURGE -> purge(chosen, now, touched);
                case REPLAY ->
                    broker.move(
                            BrokerQueues.DEAD_LETTERS,
                            BrokerQueues.SUBMISSIONS,
                            QueueState.DEAD_LETTER,
                            chosen.and(v -> v.expiresAt().isAfter(now)),
                            touched);
            };
            snapshot = patched(before, action, touched);
            LOG.info(() -> action.label() + " of " + within.canonical() + " (arrived by " + cutoff.get() + "): " + done
                    + " of " + selected + " selected");
            return Optional.of(new Done(action, selected, done));
        } finally {
            walking.unlock();
        }
    }

    /** {@code before} with what {@code action} did to {@code touched} shown. */
    private static QueueSnapshot patched(QueueSnapshot before, Action action, List<QueuedMmView> touched) {
        Map<String, QueuedMmView> moved = new HashMap<>();
        Set<String> removed = new HashSet<>();
        List<QueuedMmView> added = new ArrayList<>();
        for (QueuedMmView mm : touched) {
            switch (action) {
                case HOLD -> moved.put(mm.routerMessageId(), mm.in(QueueState.HELD));
                case RELEASE, REQUEUE -> moved.put(mm.routerMessageId(), mm.in(QueueState.READY));
                case PURGE -> removed.add(mm.routerMessageId());
                case REPLAY -> added.add(mm.in(QueueState.READY));
            }
        }
        return before.after(moved, removed, added);
    }

    private long requeue(List<QueuedMmView> waiting, List<QueuedMmView> touched) throws ActiveMQException {
        touched.addAll(waiting);
        return broker.deliverNow(
                waiting.stream().map(QueuedMmView::routerMessageId).toList());
    }

    private long purge(Predicate<QueuedMmView> chosen, Instant now, List<QueuedMmView> purged) throws Exception {
        long done = broker.delete(BrokerQueues.SUBMISSIONS, QueueState.READY, chosen, purged)
                + broker.delete(BrokerQueues.HELD, QueueState.HELD, chosen, purged);
        MmJournal.Writer records = journal.writer();
        String node = nodes.name();
        for (QueuedMmView mm : purged) {
            records.ended(new MmRecord(
                    now,
                    node,
                    mm.routerMessageId(),
                    mm.transactionId(),
                    null,
                    mm.sender(),
                    mm.recipients().size(),
                    mm.sizeBytes(),
                    mm.mmsc(),
                    "purged",
                    mm.age(now),
                    mm.attempts()));
        }
        return done;
    }

    /**
     * The snapshot a read that accepts one {@code floor} old is answered from: the last one, or a
     * new walk's (see {@link QueueSnapshot#use}).
     *
     * @throws IllegalStateException when a walk is needed and the broker is not running
     */
    private QueueSnapshot current(Duration floor) {
        QueueSnapshot current = snapshot;
        switch (QueueSnapshot.use(current, clock.instant(), floor)) {
            case ANSWER -> {
                return current;
            }
            case ANSWER_AND_WALK -> {
                walkBehind();
                return current;
            }
            default -> {
                walking.lock();
                try {
                    // Whoever held the lock may have just walked.
                    QueueSnapshot now = snapshot;
                    return QueueSnapshot.use(now, clock.instant(), floor) == QueueSnapshot.Use.ANSWER ? now : walk();
                } finally {
                    walking.unlock();
                }
            }
        }
    }

    /** Has a walk made on another thread unless one is under way. */
    private void walkBehind() {
        try {
            executor.execute(this::walkIfIdle);
        } catch (RejectedExecutionException shuttingDown) {
            LOG.fine("no walk of the queues behind the answer: the executor is shutting down");
        }
    }

    /** Walks unless a walk or an action is under way (whose snapshot will do). */
    private void walkIfIdle() {
        if (walking.tryLock()) {
            try {
                walk();
            } catch (IllegalStateException brokerDown) {
                LOG.fine(() -> "no walk of the queues: " + brokerDown.getMessage());
            } finally {
                walking.unlock();
            }
        }
    }

    /** Walks the queues and keeps what it found as the snapshot; the caller holds {@link #walking}. */
    private QueueSnapshot walk() {
        long started = System.nanoTime();
        List<QueuedMmView> views = broker.queued();
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        QueueSnapshot walked = QueueSnapshot.of(clock.instant(), took, views);
        snapshot = walked;
        LOG.fine(() -> "walked " + views.size() + " queued MMs in " + took.toMillis() + " ms");
        return walked;
    }
}
