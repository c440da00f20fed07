package org.mmsrouter.mm;

import java.util.List;

/**
 * CDI event: this node learned who owns some messages (from a retrieval or a follow-up) while other
 * router nodes are live; the forwarding side tells them on the outcomes topic.
 */
public record OwnersLearned(List<LearnedOwner> owners) {

    public OwnersLearned {
        owners = List.copyOf(owners);
    }
}
