package org.mmsrouter.routing;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Predicate;
import java.util.function.ToDoubleFunction;

/**
 * Decides in which order a forwarder tries the MMSCs for one MM.
 *
 * <ol>
 * <li>Only MMSCs whose {@link AdminState} takes new MMs and that the caller calls routable (healthy)
 *     take part.</li>
 * <li>Recipient-prefix affinity, longest prefix wins: the MMSCs with the longest prefix matching the
 *     recipient come first, then all the others. Affinity is a preference, not a partition, so an
 *     MM still goes out when every preferred MMSC is down.</li>
 * <li>Within each of these two tiers, priority groups in ascending order: a standby (higher number)
 *     gets traffic only when no MMSC of a lower number in the tier is available.</li>
 * <li>Within a priority group the first MMSC is chosen by weight (smooth weighted round-robin, or
 *     weighted rendezvous hashing of the sender when {@link RoutingOptions#senderStickiness()} is
 *     on); the rest of the group follows by descending effective weight as failover order.</li>
 * </ol>
 *
 * <p>One instance serves all forwarder threads. The only mutable state is the round-robin position
 * of each group, each guarded by its own lock so that unrelated groups do not contend.
 */
public final class RoutingPolicy {

    /**
     * Least weight factor applied: an MMSC in slow start at factor 0 still gets a trickle, which is
     * what shows that it copes before it gets more.
     */
    public static final double MIN_WEIGHT_FACTOR = 0.01;

    private static final Comparator<Candidate> HEAVIEST_FIRST =
            Comparator.comparingDouble(Candidate::weight).reversed();

    private final List<RouteEntry> entries;
    private final List<Route> routes;
    private final RoutingOptions options;
    private final ConcurrentMap<GroupKey, Rotation> rotations = new ConcurrentHashMap<>();

    /** A policy without sender stickiness. */
    public RoutingPolicy(List<RouteEntry> entries) {
        this(entries, RoutingOptions.defaults());
    }

    /**
     * @param entries the MMSCs in configured order (which breaks ties between equal weights)
     * @throws IllegalArgumentException when two entries have the same id
     */
    public RoutingPolicy(List<RouteEntry> entries, RoutingOptions options) {
        this.entries = List.copyOf(entries);
        this.options = Objects.requireNonNull(options, "options");
        List<Route> built = new ArrayList<>(this.entries.size());
        Set<String> ids = new HashSet<>();
        for (RouteEntry entry : this.entries) {
            if (!ids.add(entry.id())) {
                throw new IllegalArgumentException("route '" + entry.id() + "' is configured twice");
            }
            built.add(new Route(entry, built.size()));
        }
        this.routes = List.copyOf(built);
    }

    /** The entries as configured, in configured order. */
    public List<RouteEntry> entries() {
        return entries;
    }

    /** The switches this policy was built with. */
    public RoutingOptions options() {
        return options;
    }

    /**
     * The MMSC ids to try for one MM: the first is the chosen one, the rest the failover order.
     * Choosing advances the round-robin of the groups involved, so call it once per routing
     * decision, not speculatively (for a preview or a status page).
     *
     * @param routable     whether an MMSC may get traffic now (its health)
     * @param weightFactor multiplier of an MMSC's weight, for slow start after recovery: values
     *                     above 1 count as 1, values below {@link #MIN_WEIGHT_FACTOR} (and NaN) as
     *                     that floor
     * @return ids, most preferred first; empty when no MMSC may take the MM
     */
    public List<String> candidates(
            RoutingRequest request, Predicate<String> routable, ToDoubleFunction<String> weightFactor) {
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(routable, "routable");
        Objects.requireNonNull(weightFactor, "weightFactor");
        List<Candidate> available = available(routable, weightFactor);
        if (available.isEmpty()) {
            return List.of();
        }
        String recipient = digits(request.normalizedRecipient());
        int affinity = longestMatch(available, recipient);
        List<Candidate> preferred = new ArrayList<>(available.size());
        List<Candidate> others = new ArrayList<>(available.size());
        for (Candidate candidate : available) {
            boolean match = affinity > 0 && candidate.route().hasPrefix(recipient, affinity);
            (match ? preferred : others).add(candidate);
        }
        String affinityKey = affinity > 0 ? recipient.substring(0, affinity) : "";
        String sender = options.senderStickiness() ? stickinessKey(request.sender()) : null;
        Long senderHash = sender == null ? null : hash(sender);
        List<String> order = new ArrayList<>(available.size());
        appendTier(preferred, affinityKey, true, senderHash, order);
        appendTier(others, affinityKey, false, senderHash, order);
        return Collections.unmodifiableList(order);
    }

    private List<Candidate> available(Predicate<String> routable, ToDoubleFunction<String> weightFactor) {
        List<Candidate> available = new ArrayList<>(routes.size());
        for (Route route : routes) {
            String id = route.entry().id();
            if (route.entry().adminState().takesNewMms() && routable.test(id)) {
                available.add(new Candidate(route, route.entry().weight() * clamp(weightFactor.applyAsDouble(id))));
            }
        }
        return available;
    }

    private static double clamp(double factor) {
        // Written so that NaN, too, ends up at the floor.
        if (!(factor >= MIN_WEIGHT_FACTOR)) {
            return MIN_WEIGHT_FACTOR;
        }
        return Math.min(factor, 1.0);
    }

    /** Digits of the longest prefix of any available MMSC matching the recipient; 0 for none. */
    private static int longestMatch(List<Candidate> available, String recipient) {
        if (recipient == null) {
            return 0;
        }
        int longest = 0;
        for (Candidate candidate : available) {
            for (String prefix : candidate.route().prefixDigits()) {
                if (prefix.length() > longest && recipient.startsWith(prefix)) {
                    longest = prefix.length();
                }
            }
        }
        return longest;
    }

    private void appendTier(
            List<Candidate> tier, String affinity, boolean preferred, Long senderHash, List<String> order) {
        // Stable sort: configured order survives within a priority.
        tier.sort(Comparator.comparingInt(c -> c.route().entry().priority()));
        int start = 0;
        while (start < tier.size()) {
            int priority = tier.get(start).route().entry().priority();
            int end = start + 1;
            while (end < tier.size() && tier.get(end).route().entry().priority() == priority) {
                end++;
            }
            appendGroup(tier.subList(start, end), new GroupKey(affinity, preferred, priority), senderHash, order);
            start = end;
        }
    }

    private void appendGroup(List<Candidate> group, GroupKey key, Long senderHash, List<String> order) {
        Candidate first = choose(group, key, senderHash);
        order.add(first.route().entry().id());
        if (group.size() == 1) {
            return;
        }
        List<Candidate> rest = new ArrayList<>(group.size() - 1);
        for (Candidate candidate : group) {
            if (candidate != first) {
                rest.add(candidate);
            }
        }
        rest.sort(HEAVIEST_FIRST);
        for (Candidate candidate : rest) {
            order.add(candidate.route().entry().id());
        }
    }

    private Candidate choose(List<Candidate> group, GroupKey key, Long senderHash) {
        if (group.size() == 1) {
            // Nothing to choose, and a lone member's round-robin position would not move anyway.
            return group.get(0);
        }
        if (senderHash != null) {
            return rendezvous(group, senderHash);
        }
        return rotations.computeIfAbsent(key, k -> new Rotation(routes.size())).pick(group);
    }

    /**
     * Weighted rendezvous (highest random weight) hashing: each sender ranks the MMSCs by a score
     * stable for that pair, so it stays on one MMSC while that one is available, and only the
     * senders of an MMSC that goes away move.
     */
    private static Candidate rendezvous(List<Candidate> group, long senderHash) {
        Candidate best = null;
        double bestScore = Double.NEGATIVE_INFINITY;
        for (Candidate candidate : group) {
            double u = unitInterval(mix(senderHash ^ candidate.route().idHash()));
            // -w / ln(u) makes an MMSC win for a share of senders proportional to its weight.
            double score = -candidate.weight() / Math.log(u);
            if (score > bestScore) {
                best = candidate;
                bestScore = score;
            }
        }
        return best;
    }

    /** What identifies a sender for stickiness: its number, or else the address as written. */
    private static String stickinessKey(String sender) {
        if (sender == null || sender.isBlank()) {
            return null;
        }
        String number = RoutingRequest.normalizeAddress(sender);
        return number != null ? number : sender.strip().toLowerCase(Locale.ROOT);
    }

    private static String digits(String number) {
        return number != null && number.startsWith("+") ? number.substring(1) : number;
    }

    /**
     * 64-bit FNV-1a, then a finalizer. Stable across JVMs and restarts (unlike identity hashes),
     * which stickiness needs to survive a redeployment.
     */
    private static long hash(String text) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < text.length(); i++) {
            h ^= text.charAt(i);
            h *= 0x100000001b3L;
        }
        return mix(h);
    }

    /** The SplitMix64 finalizer: spreads every input bit over the whole word. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    /** Maps a hash into (0, 1), both ends excluded, so that ln(u) is finite and not zero. */
    private static double unitInterval(long hash) {
        // 52 bits plus a half keep the largest value (2^52 - 0.5) / 2^52 exactly representable below 1.
        return ((hash >>> 12) + 0.5) * 0x1.0p-52;
    }

    /** A configured entry with what matching needs, computed once. */
    private record Route(RouteEntry entry, int position, List<String> prefixDigits, long idHash) {

        Route(RouteEntry entry, int position) {
            this(
                    entry,
                    position,
                    entry.recipientPrefixes().stream()
                            .map(RoutingPolicy::digits)
                            .toList(),
                    hash(entry.id()));
        }

        boolean hasPrefix(String recipient, int length) {
            for (String prefix : prefixDigits) {
                if (prefix.length() == length && recipient.startsWith(prefix)) {
                    return true;
                }
            }
            return false;
        }
    }

    /** An available MMSC for one MM, with its weight after the slow-start factor. */
    private record Candidate(Route route, double weight) {}

    /**
     * Identifies a group whose round-robin position is kept: the affinity prefix (its digits; empty
     * for none), whether this is the preferred tier or the fallback after it, and the priority.
     * Bounded by the configured prefixes and priorities, so the map of positions stays small.
     */
    private record GroupKey(String affinity, boolean preferred, int priority) {}

    /**
     * Smooth weighted round-robin (as nginx does it): each pick adds every member's weight to its
     * current value, takes the largest, and subtracts the total from the one taken. Over any run of
     * total-weight picks with fixed weights each member is taken exactly weight times, interleaved
     * rather than in bursts. A member that is unavailable keeps its value until it comes back.
     */
    private static final class Rotation {

        private final double[] current;

        Rotation(int routes) {
            current = new double[routes];
        }

        synchronized Candidate pick(List<Candidate> group) {
            Candidate best = null;
            double bestCurrent = 0;
            double total = 0;
            for (Candidate candidate : group) {
                int slot = candidate.route().position();
                current[slot] += candidate.weight();
                total += candidate.weight();
                if (best == null || current[slot] > bestCurrent) {
                    best = candidate;
                    bestCurrent = current[slot];
                }
            }
            current[best.route().position()] -= total;
            return best;
        }
    }
}
