package org.mmsrouter.retrieval;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.mmsrouter.mm.LearnedOwners;

/**
 * Finds the MMSC that owns a message, from what a request carries: first the operator's rules
 * ({@link OwnershipRule}), then what the router learned ({@link LearnedOwners}). When neither
 * knows, the caller sweeps the live MMSCs. Plain logic over immutable rules and the shared map.
 */
public final class OwnerResolver {

    /** How an owner was found. */
    public enum Source {
        RULE,
        LEARNED,
        SWEEP,
        BROADCAST
    }

    /** An owner and how it was found. */
    public record Owner(String mmscId, Source source) {}

    /** Tokens taken from one URL at most, and their longest length: bounded work per request. */
    static final int MAX_TOKENS = 16;

    static final int MAX_TOKEN_LENGTH = 256;

    private final List<OwnershipRule> rules;
    private final LearnedOwners learned;

    public OwnerResolver(List<OwnershipRule> rules, LearnedOwners learned) {
        this.rules = List.copyOf(rules);
        this.learned = learned;
    }

    /** The owner of the message a GET for {@code pathAndQuery} on {@code host} retrieves. */
    public Optional<Owner> forUrl(String host, int port, String pathAndQuery) {
        List<String> tokens = tokens(pathAndQuery);
        for (OwnershipRule rule : rules) {
            if (rule.ownsUrl(host, port, pathAndQuery) || tokens.stream().anyMatch(rule::ownsId)) {
                return Optional.of(new Owner(rule.mmscId(), Source.RULE));
            }
        }
        Optional<String> known = learned.owner(LearnedOwners.Kind.URL, pathAndQuery);
        for (int i = tokens.size() - 1; known.isEmpty() && i >= 0; i--) { // the last segment is the likeliest ID
            known = learned.owner(LearnedOwners.Kind.MESSAGE_ID, tokens.get(i));
        }
        return known.map(id -> new Owner(id, Source.LEARNED));
    }

    /**
     * The owner of the message a follow-up PDU is about, from its Transaction-ID, Message-ID and
     * Content-Location(s), whichever it carries (any may be null or empty).
     */
    public Optional<Owner> forPdu(String transactionId, String messageId, List<String> contentLocations) {
        for (OwnershipRule rule : rules) {
            if (rule.ownsId(transactionId) || rule.ownsId(messageId)) {
                return Optional.of(new Owner(rule.mmscId(), Source.RULE));
            }
        }
        for (String location : contentLocations) {
            Optional<URI> uri = parse(location);
            if (uri.isPresent()) {
                Optional<Owner> owner = forUrl(uri.get().getHost(), uri.get().getPort(), pathAndQuery(uri.get()));
                if (owner.isPresent()) {
                    return owner;
                }
            }
        }
        Optional<String> known = learned.owner(LearnedOwners.Kind.MESSAGE_ID, messageId);
        if (known.isEmpty()) {
            known = learned.owner(LearnedOwners.Kind.TRANSACTION_ID, transactionId);
        }
        return known.map(id -> new Owner(id, Source.LEARNED));
    }

    /** The raw path with its query, as a request line carries it ("/" when empty). */
    public static String pathAndQuery(URI uri) {
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        return uri.getRawQuery() == null ? path : path + "?" + uri.getRawQuery();
    }

    private static Optional<URI> parse(String location) {
        try {
            URI uri = new URI(location);
            return uri.getHost() == null ? Optional.empty() : Optional.of(uri);
        } catch (URISyntaxException e) {
            return Optional.empty();
        }
    }

    /** The path segments and query values of a URL, decoded: where MMSCs put message IDs. */
    static List<String> tokens(String pathAndQuery) {
        List<String> tokens = new ArrayList<>();
        int query = pathAndQuery.indexOf('?');
        String path = query < 0 ? pathAndQuery : pathAndQuery.substring(0, query);
        for (String segment : path.split("/")) {
            add(tokens, segment);
        }
        if (query >= 0) {
            for (String pair : pathAndQuery.substring(query + 1).split("&")) {
                int equals = pair.indexOf('=');
                add(tokens, equals < 0 ? pair : pair.substring(equals + 1));
            }
        }
        return tokens;
    }

    private static void add(List<String> tokens, String raw) {
        if (raw.isEmpty() || raw.length() > MAX_TOKEN_LENGTH || tokens.size() >= MAX_TOKENS) {
            return;
        }
        try {
            tokens.add(URLDecoder.decode(raw, StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            tokens.add(raw); // a stray '%': use it as it came
        }
    }
}
