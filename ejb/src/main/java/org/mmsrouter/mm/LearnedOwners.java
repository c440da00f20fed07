package org.mmsrouter.mm;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What the router has learned about who owns which message: the Message-ID of every m-send-conf
 * an MMSC returned through the router, and the URLs and IDs a sweep found. Bounded: beyond its
 * capacity the least recently used entry goes; each entry also goes when its message expires.
 * Safe for concurrent use (one lock; every operation is a map access).
 */
public final class LearnedOwners {

    /** What a key can be: the same string may be a Message-ID in one place and a path in another. */
    public enum Kind {
        MESSAGE_ID,
        TRANSACTION_ID,
        URL
    }

    private record Key(Kind kind, String value) {}

    private record Owner(String mmscId, Instant expiresAt) {}

    private final int capacity;
    private final Clock clock;
    private final Map<Key, Owner> entries;

    public LearnedOwners(int capacity, Clock clock) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive");
        }
        this.capacity = capacity;
        this.clock = clock;
        this.entries = new LinkedHashMap<>(Math.min(capacity, 1 << 16), 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Key, Owner> eldest) {
                return size() > LearnedOwners.this.capacity;
            }
        };
    }

    /** Notes that {@code mmscId} owns the message named {@code value} until {@code expiresAt}. */
    public void learn(Kind kind, String value, String mmscId, Instant expiresAt) {
        if (value == null || value.isEmpty() || !expiresAt.isAfter(clock.instant())) {
            return;
        }
        synchronized (entries) {
            entries.put(new Key(kind, value), new Owner(mmscId, expiresAt));
        }
    }

    /** The MMSC that owns the message named {@code value}, if learned and not expired. */
    public Optional<String> owner(Kind kind, String value) {
        if (value == null) {
            return Optional.empty();
        }
        Key key = new Key(kind, value);
        synchronized (entries) {
            Owner owner = entries.get(key);
            if (owner == null) {
                return Optional.empty();
            }
            if (!owner.expiresAt().isAfter(clock.instant())) {
                entries.remove(key);
                return Optional.empty();
            }
            return Optional.of(owner.mmscId());
        }
    }

    /** Forgets everything learned about one MMSC (it was removed from the registry). */
    public void forgetMmsc(String mmscId) {
        synchronized (entries) {
            entries.values().removeIf(owner -> owner.mmscId().equals(mmscId));
        }
    }

    public int size() {
        synchronized (entries) {
            return entries.size();
        }
    }
}
