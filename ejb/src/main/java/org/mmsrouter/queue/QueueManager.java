package org.mmsrouter.queue;

import jakarta.annotation.PostConstruct;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.EJB;
import jakarta.ejb.Singleton;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.logging.Logger;
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
 * <p>Reads share one walk of the broker's queues ({@link #reuseFor}): for at least a second, and for
 * ten times as long as the last walk took, so that however deep the backlog and however many consoles
 * poll, walking takes at most a tenth of one core; the answers say when their walk was made.
 */
@Singleton
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class QueueManager {

    private static final Logger LOG = Logger.getLogger(QueueManager.class.getName());
    /** How long one walk of the queues serves the NOC's reads. */
    static final Duration SNAPSHOT_TTL = Duration.ofSeconds(1);
    /** A walk serves reads for this many times as long as it took (at least {@link #SNAPSHOT_TTL}). */
    static final int REUSE_FACTOR = 10;
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

    private final BrokerQueues broker = new BrokerQueues();
    private final Clock clock = Clock.systemUTC();
    private SelectionTokens tokens;
    private volatile Snapshot snapshot;

    private record Snapshot(Instant takenAt, List<QueuedMmView> mms, Duration walk) {}

    @PostConstruct
    void start() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        tokens = new SelectionTokens(key, clock);
    }

    /** The MMs {@code selection} names, oldest first, one page of them. */
    public Page list(QueueSelection selection, int page, int size) {
        if (page < 1 || size < 1 || size > MAX_PAGE_SIZE) {
            throw new IllegalArgumentException("page must be ≥ 1 and size 1…" + MAX_PAGE_SIZE);
        }
        Instant now = clock.instant();
        List<QueuedMmView> selected = select(queued(), selection, now);
        List<QueuedMmView> oldest = oldestFirst(selected, (long) page * size);
        int from = (int) Math.min((long) (page - 1) * size, oldest.size());
        int to = Math.min(from + size, oldest.size());
        return new Page(nodes.name(), asOf(), selected.size(), page, size, List.copyOf(oldest.subList(from, to)));
    }

    /** Oldest first: by arrival, then by router id (a stable order for paging). */
    static final Comparator<QueuedMmView> OLDEST_FIRST =
            Comparator.comparing(QueuedMmView::arrival).thenComparing(v -> String.valueOf(v.routerMessageId()));

    /**
     * The {@code first} oldest of {@code mms}, oldest first. A page near the head (what the NOC looks
     * at) keeps only that many in a bounded heap instead of sorting a deep backlog whole.
     */
    static List<QueuedMmView> oldestFirst(List<QueuedMmView> mms, long first) {
        if (first >= mms.size() / 2) {
            List<QueuedMmView> all = new ArrayList<>(mms);
            all.sort(OLDEST_FIRST);
            return all.subList(0, (int) Math.min(first, all.size()));
        }
        int keep = (int) first;
        PriorityQueue<QueuedMmView> newestKept = new PriorityQueue<>(keep + 1, OLDEST_FIRST.reversed());
        for (QueuedMmView mm : mms) {
            newestKept.add(mm);
            if (newestKept.size() > keep) {
                newestKept.poll();
            }
        }
        List<QueuedMmView> kept = new ArrayList<>(newestKept);
        kept.sort(OLDEST_FIRST);
        return kept;
    }

    /** When the walk the last read was answered from was made. */
    public Instant asOf() {
        Snapshot current = snapshot;
        return current == null ? clock.instant() : current.takenAt();
    }

    /**
     * How long a walk that took {@code walk} serves reads: at least {@code floor}, and {@link
     * #REUSE_FACTOR} times the walk (a deep backlog's walk costs seconds of CPU).
     */
    static Duration reuseFor(Duration floor, Duration walk) {
        Duration scaled = walk.multipliedBy(REUSE_FACTOR);
        return scaled.compareTo(floor) > 0 ? scaled : floor;
    }

    /** This node's name, as the views give it. */
    public String node() {
        return nodes.name();
    }

    /** Counts of the selected MMs per MMSC and age bucket. */
    public QueueShape shape(QueueSelection selection) {
        Instant now = clock.instant();
        return QueueShape.of(select(queued(), selection, now), now);
    }

    /**
     * Per MMSC ({@link QueueSelection#NO_MMSC} for MMs not tried yet) and state: how many, and the
     * oldest's age; empty while the broker cannot be read.
     */
    public Optional<Map<String, Map<QueueState, long[]>>> perMmsc() {
        Instant now = clock.instant();
        Map<String, Map<QueueState, long[]>> result = new TreeMap<>();
        List<QueuedMmView> queued;
        try {
            queued = queued(METRICS_SNAPSHOT_TTL);
        } catch (IllegalStateException brokerDown) {
            // Said here, not thrown: through the bean's proxy it would reach the scrape as an EJBException.
            return Optional.empty();
        }
        for (QueuedMmView mm : queued) {
            String mmsc = mm.mmsc() == null ? QueueSelection.NO_MMSC : mm.mmsc();
            long[] countAndOldest =
                    result.computeIfAbsent(mmsc, k -> new TreeMap<>()).computeIfAbsent(mm.state(), k -> new long[2]);
            countAndOldest[0]++;
            countAndOldest[1] = Math.max(countAndOldest[1], mm.age(now).toSeconds());
        }
        return Optional.of(result);
    }

    /** Looks at what {@code action} would act on, and issues the token that confirms it. */
    public Look look(Action action, QueueSelection selection) {
        QueueSelection within = selection.within(action.states);
        Instant now = clock.instant();
        List<QueuedMmView> pool = action == Action.REPLAY ? deadLetters() : fresh();
        long selected = select(pool, within, now).size();
        return new Look(action, selected, tokens.issue(action.label(), within));
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
        List<QueuedMmView> pool = action == Action.REPLAY ? deadLetters() : fresh();
        long selected = pool.stream().filter(chosen).count();
        long done = switch (action) {
            case HOLD -> broker.move(BrokerQueues.SUBMISSIONS, BrokerQueues.HELD, QueueState.READY, chosen);
            case RELEASE -> broker.move(BrokerQueues.HELD, BrokerQueues.SUBMISSIONS, QueueState.HELD, chosen);
            case REQUEUE ->
                broker.deliverNow(pool.stream()
                        .filter(chosen)
                        .map(QueuedMmView::routerMessageId)
                        .toList());
            case PURGE -> purge(chosen, now);
            case REPLAY ->
                broker.move(
                        BrokerQueues.DEAD_LETTERS,
                        BrokerQueues.SUBMISSIONS,
                        QueueState.DEAD_LETTER,
                        chosen.and(v -> v.expiresAt().isAfter(now)));
        };
        snapshot = null;
        LOG.info(() -> action.label() + " of " + within.canonical() + " (arrived by " + cutoff.get() + "): " + done
                + " of " + selected + " selected");
        return Optional.of(new Done(action, selected, done));
    }

    private long purge(Predicate<QueuedMmView> chosen, Instant now) throws Exception {
        List<QueuedMmView> purged = new ArrayList<>();
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

    private static List<QueuedMmView> select(List<QueuedMmView> mms, QueueSelection selection, Instant now) {
        List<QueuedMmView> selected = new ArrayList<>();
        for (QueuedMmView mm : mms) {
            if (selection.matches(mm, now)) {
                selected.add(mm);
            }
        }
        return selected;
    }

    private List<QueuedMmView> queued() {
        return queued(SNAPSHOT_TTL);
    }

    private List<QueuedMmView> queued(Duration maxAge) {
        Snapshot current = snapshot;
        if (current != null
                && Duration.between(current.takenAt(), clock.instant()).compareTo(reuseFor(maxAge, current.walk()))
                        < 0) {
            return current.mms();
        }
        return fresh();
    }

    private List<QueuedMmView> fresh() {
        long started = System.nanoTime();
        List<QueuedMmView> views = broker.queued();
        snapshot = new Snapshot(
                clock.instant(), Collections.unmodifiableList(views), Duration.ofNanos(System.nanoTime() - started));
        LOG.fine(
                () -> "walked " + views.size() + " queued MMs in " + (System.nanoTime() - started) / 1_000_000 + " ms");
        return snapshot.mms();
    }

    private List<QueuedMmView> deadLetters() {
        return broker.deadLetters();
    }
}
