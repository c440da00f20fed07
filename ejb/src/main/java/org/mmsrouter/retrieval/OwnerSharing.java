package org.mmsrouter.retrieval;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.mmsrouter.mm.LearnedOwner;
import org.mmsrouter.mm.LearnedOwners;

/**
 * What retrievals and follow-ups teach about who owns a message: learned here and, while other
 * router nodes are live, told to them (the phone's next request about the message may reach any
 * node). Plain Java; safe for concurrent use (its collaborators are).
 */
public final class OwnerSharing {

    private final LearnedOwners learned;
    private final BooleanSupplier othersLive;
    private final Consumer<List<LearnedOwner>> tellOthers;
    private final Duration lifetime;
    private final Clock clock;

    /**
     * @param othersLive whether another router node is live now
     * @param tellOthers tells the other nodes (called only while they are live)
     * @param lifetime   how long what was learned is kept (an MM's default validity)
     */
    public OwnerSharing(
            LearnedOwners learned,
            BooleanSupplier othersLive,
            Consumer<List<LearnedOwner>> tellOthers,
            Duration lifetime,
            Clock clock) {
        this.learned = learned;
        this.othersLive = othersLive;
        this.tellOthers = tellOthers;
        this.lifetime = lifetime;
        this.clock = clock;
    }

    /** What this node knows. */
    public LearnedOwners learned() {
        return learned;
    }

    /** Learns {@code owners} and, while other nodes are live, tells them. */
    public void teach(List<LearnedOwner> owners) {
        if (owners.isEmpty()) {
            return;
        }
        owners.forEach(o -> learned.learn(o.kind(), o.value(), o.mmscId(), o.expiresAt()));
        if (othersLive.getAsBoolean()) {
            tellOthers.accept(owners);
        }
    }

    /** A sweep found the message retrieved at {@code pathAndQuery} at {@code mmscId}. */
    public void url(String pathAndQuery, String mmscId) {
        teach(List.of(new LearnedOwner(LearnedOwners.Kind.URL, pathAndQuery, mmscId, until())));
    }

    /** A retrieval or follow-up taught that its Transaction-ID and Message-ID (either may be absent) belong to {@code mmscId}. */
    public void ids(String mmscId, String transactionId, String messageId) {
        teach(byIds(mmscId, transactionId, messageId));
    }

    List<LearnedOwner> byIds(String mmscId, String transactionId, String messageId) {
        Instant until = until();
        List<LearnedOwner> owners = new ArrayList<>(2);
        if (transactionId != null && !transactionId.isEmpty()) {
            owners.add(new LearnedOwner(LearnedOwners.Kind.TRANSACTION_ID, transactionId, mmscId, until));
        }
        if (messageId != null && !messageId.isEmpty()) {
            owners.add(new LearnedOwner(LearnedOwners.Kind.MESSAGE_ID, messageId, mmscId, until));
        }
        return owners;
    }

    private Instant until() {
        return clock.instant().plus(lifetime);
    }
}
