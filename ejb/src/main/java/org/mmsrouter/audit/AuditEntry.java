package org.mmsrouter.audit;

import java.time.Instant;

/**
 * One action someone took through the admin API.
 *
 * @param user    the authenticated user
 * @param from    the client address the request came from
 * @param node    the router node that carried it out
 * @param action  what was done, e.g. {@code mmsc.admin-state}, {@code dead-letter.replay}
 * @param target  what it was done to (an MMSC id, a router message id, …), or null
 * @param detail  the parameters, e.g. {@code draining}
 * @param outcome how it ended: {@code ok}, or the refusal (e.g. {@code not-found})
 */
public record AuditEntry(
        Instant at,
        String user,
        String from,
        String node,
        String action,
        String target,
        String detail,
        String outcome) {

    /** The audit log line: key=value pairs, values quoted where they could hold spaces. */
    public String toLogLine() {
        return "at=" + at + " user=" + quoted(user) + " from=" + from + " node=" + node + " action=" + action
                + " target=" + quoted(target) + " detail=" + quoted(detail) + " outcome=" + quoted(outcome);
    }

    private static String quoted(String value) {
        if (value == null) {
            return "-";
        }
        return "\""
                + value.replace("\\", "\\\\")
                        .replace("\"", "\\\"")
                        .replace("\n", "\\n")
                        .replace("\r", "\\r") + "\"";
    }
}
