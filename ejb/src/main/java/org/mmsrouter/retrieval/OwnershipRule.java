package org.mmsrouter.retrieval;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.mmsrouter.config.MmscDefinition;
import org.mmsrouter.config.OperatorRegex;

/**
 * How an operator tells which MMSC owns a message without asking: real MMSCs put their own host,
 * a path of their own or their node name into the Content-Location URLs and the IDs they hand out
 * (e.g. {@code …@mms3.operator.net}). Any one matching criterion makes the MMSC the owner. The
 * patterns are {@link OperatorRegex}es: a client-chosen path or ID is matched in linear time.
 *
 * @param mmscId       the MMSC this rule names
 * @param hosts        URL hosts, as {@code host} (any port) or {@code host:port}, lower case
 * @param pathPrefixes URL path prefixes
 * @param pathPattern  a regular expression the whole path (with {@code ?query} when there is one) matches
 * @param idPattern    a regular expression a whole Transaction-ID or Message-ID matches
 */
public record OwnershipRule(
        String mmscId,
        List<String> hosts,
        List<String> pathPrefixes,
        Optional<OperatorRegex> pathPattern,
        Optional<OperatorRegex> idPattern) {

    public OwnershipRule {
        hosts = hosts.stream().map(h -> h.toLowerCase(Locale.ROOT)).toList();
        pathPrefixes = List.copyOf(pathPrefixes);
    }

    /** The rule an MMSC's definition gives (an empty one when it has no ownership settings). */
    public static OwnershipRule of(MmscDefinition mmsc) {
        MmscDefinition.Ownership owns = mmsc.owns();
        return new OwnershipRule(
                mmsc.id(),
                owns.hosts(),
                owns.pathPrefixes(),
                Optional.ofNullable(owns.pathRegex()).map(OperatorRegex::compile),
                Optional.ofNullable(owns.idRegex()).map(OperatorRegex::compile));
    }

    /** Whether the rule says nothing at all (an MMSC without ownership settings). */
    public boolean isEmpty() {
        return hosts.isEmpty() && pathPrefixes.isEmpty() && pathPattern.isEmpty() && idPattern.isEmpty();
    }

    /** Whether a request for {@code pathAndQuery} on {@code host} (port -1: none given) is this MMSC's. */
    public boolean ownsUrl(String host, int port, String pathAndQuery) {
        if (host != null) {
            String lower = host.toLowerCase(Locale.ROOT);
            for (String owned : hosts) {
                if (owned.equals(lower) || port >= 0 && owned.equals(lower + ":" + port)) {
                    return true;
                }
            }
        }
        String path = pathOnly(pathAndQuery);
        for (String prefix : pathPrefixes) {
            if (path.startsWith(prefix)) {
                return true;
            }
        }
        return pathPattern.isPresent() && pathPattern.get().matchesWhole(pathAndQuery);
    }

    /** Whether a Transaction-ID or Message-ID is this MMSC's. */
    public boolean ownsId(String id) {
        return id != null && idPattern.isPresent() && idPattern.get().matchesWhole(id);
    }

    private static String pathOnly(String pathAndQuery) {
        int query = pathAndQuery.indexOf('?');
        return query < 0 ? pathAndQuery : pathAndQuery.substring(0, query);
    }
}
