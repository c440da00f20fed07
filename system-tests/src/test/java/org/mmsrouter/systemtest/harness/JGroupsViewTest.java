package org.mmsrouter.systemtest.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class JGroupsViewTest {

    @Test
    void aPlainViewCountsItsMembers() {
        assertEquals(3, JGroupsView.members("[node1|2] (3) [node1, node2, node3]"));
        assertEquals(1, JGroupsView.members("[node1|0] (1) [node1]"));
    }

    @Test
    void aMergedViewCountsItsOwnMembersNotThoseOfTheSubgroupsItLists() {
        // As node-1, -2 and -3 printed it after PartitionIT's heal (2026-12-05).
        assertEquals(
                3,
                JGroupsView.members("MergeView::[node3|6] (3) [node3, node2, node1], 1 subgroups: [node2|5] (2) [node2,"
                        + " node1]"));
        assertEquals(
                3,
                JGroupsView.members(
                        "MergeView::[node3|4] (3) [node3, node1, node2], 2 subgroups: [node1|3] (1) [node1],"
                                + " [node1|2] (3) [node1, node2, node3]"));
    }

    @Test
    void whatIsNoViewCountsNone() {
        assertEquals(0, JGroupsView.members(""));
        assertEquals(0, JGroupsView.members("undefined"));
    }
}
