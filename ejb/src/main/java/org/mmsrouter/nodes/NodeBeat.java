package org.mmsrouter.nodes;

import java.net.InetAddress;
import java.time.Instant;
import java.util.List;

/**
 * One router node's entry in the shared database, as read: its published addresses and its
 * heartbeat counter. The counter, not a timestamp, tells liveness: readers note when they see it
 * move on their own clock, so nodes need no synchronised clocks.
 *
 * @param name      the node's name (unique in the cluster)
 * @param addresses the addresses the node serves MM1 on, which DNS answers give out
 * @param beat      how many heartbeats the node has written since it started
 * @param startedAt when the node started (its own clock; informational)
 * @param accepting whether the node takes new MMs (admission control)
 */
public record NodeBeat(String name, List<InetAddress> addresses, long beat, Instant startedAt, boolean accepting) {
    public NodeBeat {
        addresses = List.copyOf(addresses);
    }

    /** A beat of a node that takes new MMs. */
    public NodeBeat(String name, List<InetAddress> addresses, long beat, Instant startedAt) {
        this(name, addresses, beat, startedAt, true);
    }
}
