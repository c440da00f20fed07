package org.mmsrouter.tools.ctl;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * The queue filters of the admin API (all optional, combined with AND) as options; durations and states
 * go to the server as given, which checks them (a bad one is its 400, exit 2).
 */
final class QueueFilters {

    @Option(names = "--mmsc", paramLabel = "ID", description = "Intended or last-tried MMSC.")
    String mmsc;

    @Option(names = "--sender", paramLabel = "PREFIX", description = "Sender address prefix, e.g. +4479 (operators).")
    String sender;

    @Option(names = "--recipient", paramLabel = "PREFIX", description = "Any recipient starting with it.")
    String recipient;

    @Option(names = "--older", paramLabel = "AGE", description = "At least this old: 10m, 2h, 30s, PT10M or seconds.")
    String olderThan;

    @Option(names = "--newer", paramLabel = "AGE", description = "Younger than this.")
    String newerThan;

    @Option(names = "--state", paramLabel = "STATE", description = "ready, waiting, in-flight or held.")
    String state;

    @Option(names = "--kind", paramLabel = "KIND", description = "submission or follow-up.")
    String kind;

    /** Whether no filter was given (the selection is every queued MM). */
    boolean isEmpty() {
        return query().isEmpty();
    }

    /** The filters as a query string without {@code ?} ("" for none). */
    String query() {
        List<String> parameters = new ArrayList<>();
        add(parameters, "mmsc", mmsc);
        add(parameters, "sender", sender);
        add(parameters, "recipient", recipient);
        add(parameters, "olderThan", olderThan);
        add(parameters, "newerThan", newerThan);
        add(parameters, "state", state);
        add(parameters, "kind", kind);
        return String.join("&", parameters);
    }

    private static void add(List<String> parameters, String name, String value) {
        if (value != null && !value.isBlank()) {
            parameters.add(name + "=" + CtlCommand.encode(value.strip()));
        }
    }

    /** {@code path} with {@code query} and {@code more} parameters joined on. */
    static String join(String path, String... parts) {
        List<String> present = new ArrayList<>();
        for (String part : parts) {
            if (part != null && !part.isEmpty()) {
                present.add(part);
            }
        }
        return present.isEmpty() ? path : path + "?" + String.join("&", present);
    }
}
