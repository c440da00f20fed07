package org.mmsrouter.nodes;

import java.net.InetAddress;
import java.util.List;

/**
 * CDI event: the live router nodes' addresses changed (fired by the heartbeat, once this node's
 * directory has started; observers read {@link NodeDirectory#liveAddresses()} at their own start).
 */
public record RouterNodesChanged(List<InetAddress> liveAddresses) {

    public RouterNodesChanged {
        liveAddresses = List.copyOf(liveAddresses);
    }
}
