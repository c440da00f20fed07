package org.mmsrouter.nodes;

import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Decides which router nodes are live from successive reads of their heartbeats. A node is live
 * while its heartbeat counter has moved within the timeout, measured on this node's clock. A node
 * seen for the first time counts as live only once its counter moves: a row left behind by a node
 * killed long ago must not be answered for a whole timeout. This node is always live to itself.
 * Plain logic, driven by one thread at a time.
 */
public final class Membership {

    private final String self;
    private final Duration timeout;
    private final Clock clock;
    private final Map<String, Seen> seen = new HashMap<>();
    private List<NodeBeat> lastRead = List.of();

    /** The last counter value read for a node, and when it was last seen to move. */
    private record Seen(long beat, Instant movedAt) {}

    public Membership(String self, Duration timeout, Clock clock) {
        this.self = self;
        this.timeout = timeout;
        this.clock = clock;
    }

    /** Takes a fresh read of every node's heartbeat (this node's own row included). */
    public List<RouterNode> update(List<NodeBeat> beats) {
        Instant now = clock.instant();
        Map<String, Seen> next = new HashMap<>();
        for (NodeBeat beat : beats) {
            Seen before = seen.get(beat.name());
            if (before == null) {
                next.put(beat.name(), new Seen(beat.beat(), null));
            } else if (before.beat() != beat.beat()) {
                next.put(beat.name(), new Seen(beat.beat(), now));
            } else {
                next.put(beat.name(), before);
            }
        }
        seen.clear();
        seen.putAll(next);
        lastRead = List.copyOf(beats);
        return nodes();
    }

    /** The nodes as of the last read, liveness judged now (for when the database cannot be read). */
    public List<RouterNode> nodes() {
        Instant now = clock.instant();
        List<RouterNode> nodes = new ArrayList<>();
        for (NodeBeat beat : lastRead) {
            Seen state = seen.get(beat.name());
            boolean isSelf = beat.name().equals(self);
            Instant movedAt = state == null ? null : state.movedAt();
            boolean live = isSelf || movedAt != null && !movedAt.plus(timeout).isBefore(now);
            nodes.add(new RouterNode(
                    beat.name(), beat.addresses(), live, isSelf, beat.startedAt(), movedAt, beat.accepting()));
        }
        nodes.sort(Comparator.comparing(RouterNode::name));
        return nodes;
    }

    /**
     * The addresses DNS answers should carry: those of every live node that takes new MMs, in
     * node-name order so every node answers alike, without repeats; when no live node takes new MMs,
     * those of every live node (a "try later" from a router beats no answer); this node's own
     * {@code fallback} addresses when the reads have not shown this node yet.
     */
    public static List<InetAddress> liveAddresses(List<RouterNode> nodes, List<InetAddress> fallback) {
        Set<InetAddress> addresses = new LinkedHashSet<>();
        boolean selfSeen = false;
        boolean anyAccepting = nodes.stream().anyMatch(node -> node.live() && node.accepting());
        for (RouterNode node : nodes) {
            if (node.live() && (node.accepting() || !anyAccepting)) {
                addresses.addAll(node.addresses());
            }
            selfSeen |= node.self();
        }
        if (!selfSeen) {
            addresses.addAll(fallback);
        }
        return List.copyOf(addresses);
    }
}
