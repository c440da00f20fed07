package org.mmsrouter.systemtest.harness;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A JGroups view as WildFly's {@code channel=ee:read-attribute(name=view)} prints it. A plain view reads
 * {@code [node2|5] (2) [node2, node1]}; a view made by a merge also lists the subgroups merged, each a view
 * of its own: {@code MergeView::[node3|6] (3) [node3, node2, node1], 1 subgroups: [node2|5] (2) [node2,
 * node1]}. The count that matters is the one after the first view id: reading the last bracketed list
 * instead counted a merged cluster of 3 as 2, and failed PartitionIT whenever its views healed by a merge.
 */
public final class JGroupsView {

    /** The view id ({@code [creator|number]}) and the member count that follows it. */
    private static final Pattern FIRST_COUNT = Pattern.compile("\\[[^\\]|]+\\|\\d+] \\((\\d+)\\)");

    private JGroupsView() {}

    /** How many members {@code view} has; 0 when it is not a view (an unreadable node prints nothing). */
    public static int members(String view) {
        Matcher count = FIRST_COUNT.matcher(view);
        return count.find() ? Integer.parseInt(count.group(1)) : 0;
    }
}
