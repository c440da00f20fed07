package org.mmsrouter.config;

import static org.mmsrouter.config.SettingsParser.PREFIX;

import java.net.URI;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.mmsrouter.routing.AdminState;

/**
 * Reads the settings defined per id: the MMSCs ({@code mmsrouter.mmscs} and each
 * {@code mmsrouter.mmsc.<id>.*}) and the pass-throughs ({@code mmsrouter.pass-through} and each
 * {@code mmsrouter.pass-through.<id>.*}). An id whose keys have a problem is left out; the problem
 * is noted in the {@link SettingsReader}.
 */
final class DefinitionsParser {

    private final SettingsReader keys;

    DefinitionsParser(SettingsReader keys) {
        this.keys = keys;
    }

    /** Every MMSC named in mmsrouter.mmscs, in that order, each once. */
    List<MmscDefinition> mmscs() {
        List<String> ids = keys.list("mmscs", MmscDefinition::checkId);
        List<MmscDefinition> mmscs = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (String id : ids) {
            if (!seen.add(id)) {
                keys.problem(PREFIX + "mmscs: MMSC id '" + id + "' is listed twice");
                continue;
            }
            URI url = keys.single("mmsc." + id + ".url", MmscDefinition::httpUrl);
            String probeKey = "mmsc." + id + ".probe-url";
            URI probeUrl = keys.present(probeKey) ? keys.single(probeKey, MmscDefinition::httpUrl) : url;
            MmscDefinition.Probe probe = probe(id);
            MmscDefinition.Routing routing = routing(id);
            MmscDefinition.Ownership owns = ownership(id);
            if (url != null && probeUrl != null && probe != null && routing != null && owns != null) {
                mmscs.add(new MmscDefinition(id, url, probeUrl, probe, routing, owns));
            }
        }
        return mmscs;
    }

    /** The optional probe keys of one MMSC; absent ones take {@link MmscDefinition.Probe#DEFAULT}'s values. */
    private MmscDefinition.Probe probe(String id) {
        MmscDefinition.Probe defaults = MmscDefinition.Probe.DEFAULT;
        String key = "mmsc." + id + ".";
        int problemsBefore = keys.problemCount();
        MmscDefinition.Probe.Kind kind = keys.has(key + "probe")
                ? keys.single(key + "probe", v -> switch (v.toLowerCase()) {
                    case "http" -> MmscDefinition.Probe.Kind.HTTP;
                    case "tcp" -> MmscDefinition.Probe.Kind.TCP;
                    default -> throw new IllegalArgumentException("'" + v + "' is not http or tcp");
                })
                : defaults.kind();
        String method = keys.has(key + "probe-method")
                ? keys.single(key + "probe-method", v -> {
                    String upper = v.toUpperCase();
                    if (!List.of("GET", "HEAD", "OPTIONS").contains(upper)) {
                        throw new IllegalArgumentException("'" + v + "' is not GET, HEAD or OPTIONS");
                    }
                    return upper;
                })
                : defaults.method();
        StatusRanges alive = keys.has(key + "probe-alive-statuses")
                ? keys.single(key + "probe-alive-statuses", StatusRanges::parse)
                : defaults.alive();
        return keys.problemCount() > problemsBefore ? null : new MmscDefinition.Probe(kind, method, alive);
    }

    /** The optional routing keys of one MMSC; absent ones take {@link MmscDefinition.Routing#DEFAULT}'s values. */
    private MmscDefinition.Routing routing(String id) {
        MmscDefinition.Routing defaults = MmscDefinition.Routing.DEFAULT;
        String key = "mmsc." + id + ".";
        int problemsBefore = keys.problemCount();
        int priority = keys.has(key + "priority") ? keys.intIn(key + "priority", 0, 99) : defaults.priority();
        int weight = keys.has(key + "weight") ? keys.intIn(key + "weight", 1, 1000) : defaults.weight();
        List<String> prefixes = keys.has(key + "recipient-prefixes")
                ? keys.list(key + "recipient-prefixes", MmscDefinition.Routing::checkPrefix)
                : defaults.recipientPrefixes();
        AdminState adminState = keys.has(key + "admin-state")
                ? keys.single(key + "admin-state", AdminState::parse)
                : defaults.adminState();
        int maxRate = keys.has(key + "max-rate") ? keys.intIn(key + "max-rate", 0, 1_000_000) : defaults.maxRate();
        if (keys.problemCount() > problemsBefore) {
            return null;
        }
        return new MmscDefinition.Routing(priority, weight, prefixes, adminState, maxRate);
    }

    /** mmsrouter.pass-through (ids) and each one's path-prefix and target; none may shadow MM1 or the API. */
    List<RouterSettings.PassThrough> passThroughs(String mm1Path) {
        List<RouterSettings.PassThrough> passThroughs = new ArrayList<>();
        Set<String> prefixes = new HashSet<>();
        for (String id : keys.optionalList("pass-through", MmscDefinition::checkId)) {
            String key = "pass-through." + id + ".";
            String prefix = keys.single(key + "path-prefix", value -> {
                String clean = ValueParsers.pathPrefix(value);
                String bare = clean.endsWith("/") ? clean.substring(0, clean.length() - 1) : clean;
                if (bare.isEmpty() || bare.equals(mm1Path) || bare.equals("/api") || bare.startsWith("/api/")) {
                    throw new IllegalArgumentException(
                            "'" + value + "' would take over the router's own paths (/, " + mm1Path + ", /api)");
                }
                return bare;
            });
            URI target = keys.single(key + "target", MmscDefinition::httpUrl);
            if (prefix != null && !prefixes.add(prefix)) {
                keys.problem(PREFIX + key + "path-prefix: " + prefix + " is taken by another pass-through");
            } else if (prefix != null && target != null) {
                passThroughs.add(new RouterSettings.PassThrough(id, prefix, target));
            }
        }
        return passThroughs;
    }

    /** The optional ownership keys of one MMSC (mmsrouter.mmsc.<id>.owns.*); null when one is bad. */
    private MmscDefinition.Ownership ownership(String id) {
        String key = "mmsc." + id + ".owns.";
        List<String> hosts = keys.has(key + "hosts") ? keys.list(key + "hosts", v -> v) : List.of();
        List<String> prefixes = keys.has(key + "path-prefixes") ? keys.list(key + "path-prefixes", v -> v) : List.of();
        String path = keys.has(key + "path-regex") ? keys.value(key + "path-regex") : null;
        String ids = keys.has(key + "id-regex") ? keys.value(key + "id-regex") : null;
        try {
            return new MmscDefinition.Ownership(hosts, prefixes, path, ids);
        } catch (IllegalArgumentException e) {
            keys.problem(PREFIX + key + "*: " + e.getMessage());
            return null;
        }
    }
}
