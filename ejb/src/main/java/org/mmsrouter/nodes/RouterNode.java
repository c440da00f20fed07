package org.mmsrouter.nodes;

import java.net.InetAddress;
import java.time.Instant;
import java.util.List;

/**
 * A router node as this node sees it.
 *
 * @param name          the node's name
 * @param addresses     the addresses it publishes
 * @param live          whether its heartbeat moved within the timeout (this node is always live to itself)
 * @param self          whether it is this node
 * @param startedAt     when it started
 * @param lastBeatSeen  when this node last saw its heartbeat move (null: not yet since this node started)
 * @param accepting     whether it takes new MMs (admission control), as its last heartbeat said
 */
public record RouterNode(
        String name,
        List<InetAddress> addresses,
        boolean live,
        boolean self,
        Instant startedAt,
        Instant lastBeatSeen,
        boolean accepting) {
    public RouterNode {
        addresses = List.copyOf(addresses);
    }

    /** A node that takes new MMs. */
    public RouterNode(
            String name,
            List<InetAddress> addresses,
            boolean live,
            boolean self,
            Instant startedAt,
            Instant lastBeatSeen) {
        this(name, addresses, live, self, startedAt, lastBeatSeen, true);
    }
}
