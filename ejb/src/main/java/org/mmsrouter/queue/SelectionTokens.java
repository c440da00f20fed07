package org.mmsrouter.queue;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Confirmation tokens of queue actions: a token names one action on one selection, looked at at one
 * moment (the cutoff). Confirming with it acts only on MMs of that selection that had arrived by the
 * cutoff, so an MM queued after the operator looked is never held or purged by mistake. The token
 * is {@code <cutoff epoch ms>.<HMAC-SHA256 of action, selection and cutoff>} under a key this node
 * draws at start: it cannot be forged, and it lapses after {@link #VALIDITY} or at a restart.
 */
public final class SelectionTokens {

    /** How long a look stays confirmable. */
    public static final Duration VALIDITY = Duration.ofMinutes(10);

    private final byte[] key;
    private final Clock clock;

    public SelectionTokens(byte[] key, Clock clock) {
        this.key = key.clone();
        this.clock = clock;
    }

    /** A token for {@code action} on {@code selection}, with the cutoff now. */
    public String issue(String action, QueueSelection selection) {
        long cutoff = clock.millis();
        return cutoff + "." + mac(action, selection, cutoff);
    }

    /**
     * The cutoff {@code token} binds, when it was issued here for exactly this action and selection
     * and has not lapsed; empty otherwise.
     */
    public Optional<Instant> verify(String token, String action, QueueSelection selection) {
        if (token == null) {
            return Optional.empty();
        }
        int dot = token.indexOf('.');
        if (dot <= 0) {
            return Optional.empty();
        }
        long cutoff;
        try {
            cutoff = Long.parseLong(token.substring(0, dot));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        byte[] expected = mac(action, selection, cutoff).getBytes(StandardCharsets.US_ASCII);
        byte[] given = token.substring(dot + 1).getBytes(StandardCharsets.US_ASCII);
        long age = clock.millis() - cutoff;
        if (!MessageDigest.isEqual(expected, given) || age < 0 || age > VALIDITY.toMillis()) {
            return Optional.empty();
        }
        return Optional.of(Instant.ofEpochMilli(cutoff));
    }

    private String mac(String action, QueueSelection selection, long cutoff) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            byte[] digest = mac.doFinal(
                    (action + "\n" + selection.canonical() + "\n" + cutoff).getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
