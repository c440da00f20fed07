package org.mmsrouter.nodes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mmsrouter.testing.ManualClock;

class MembershipTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final Duration HEARTBEAT = Duration.ofSeconds(2);

    private final ManualClock clock = new ManualClock();
    private final Membership membership = new Membership("node-a", TIMEOUT, clock);

    private static InetAddress ip(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    private static NodeBeat beat(String name, String address, long beat) {
        return new NodeBeat(name, List.of(ip(address)), beat, Instant.EPOCH);
    }

    private List<InetAddress> live(List<RouterNode> nodes) {
        return Membership.liveAddresses(nodes, List.of(ip("192.0.2.1")));
    }

    @Test
    void thisNodeIsAlwaysLiveAndAnotherCountsOnlyOnceItsHeartbeatMoves() {
        List<RouterNode> first =
                membership.update(List.of(beat("node-a", "192.0.2.1", 1), beat("node-b", "192.0.2.2", 7)));
        clock.advance(HEARTBEAT);
        List<RouterNode> second =
                membership.update(List.of(beat("node-a", "192.0.2.1", 2), beat("node-b", "192.0.2.2", 8)));

        assertEquals(List.of(ip("192.0.2.1")), live(first), "a row never seen moving may be a dead node's leftover");
        assertNull(first.get(1).lastBeatSeen());
        assertEquals(List.of(ip("192.0.2.1"), ip("192.0.2.2")), live(second));
        assertEquals(clock.instant(), second.get(1).lastBeatSeen());
    }

    @Test
    void aNodeWhoseHeartbeatStopsDropsOutAfterTheTimeoutAndComesBackWhenItMovesAgain() {
        membership.update(List.of(beat("node-a", "192.0.2.1", 1), beat("node-b", "192.0.2.2", 1)));
        clock.advance(HEARTBEAT);
        membership.update(List.of(beat("node-a", "192.0.2.1", 2), beat("node-b", "192.0.2.2", 2)));

        clock.advance(TIMEOUT); // node-b killed: its counter stays at 2
        List<RouterNode> atTimeout =
                membership.update(List.of(beat("node-a", "192.0.2.1", 7), beat("node-b", "192.0.2.2", 2)));
        clock.advance(Duration.ofMillis(1));
        List<RouterNode> past =
                membership.update(List.of(beat("node-a", "192.0.2.1", 8), beat("node-b", "192.0.2.2", 2)));
        clock.advance(HEARTBEAT); // node-b restarted and beats again
        List<RouterNode> back =
                membership.update(List.of(beat("node-a", "192.0.2.1", 9), beat("node-b", "192.0.2.2", 3)));

        assertTrue(atTimeout.get(1).live(), "live up to the timeout itself");
        assertFalse(past.get(1).live());
        assertEquals(List.of(ip("192.0.2.1")), live(past));
        assertTrue(back.get(1).live());
    }

    @Test
    void aNodeWhoseRowIsGoneIsGoneAtOnce() {
        membership.update(List.of(beat("node-a", "192.0.2.1", 1), beat("node-b", "192.0.2.2", 1)));
        clock.advance(HEARTBEAT);
        membership.update(List.of(beat("node-a", "192.0.2.1", 2), beat("node-b", "192.0.2.2", 2)));

        List<RouterNode> after = membership.update(List.of(beat("node-a", "192.0.2.1", 3)));

        assertEquals(1, after.size());
        assertEquals(List.of(ip("192.0.2.1")), live(after));
    }

    @Test
    void withoutFreshReadsOtherNodesAgeOutButThisOneStays() {
        membership.update(List.of(beat("node-a", "192.0.2.1", 1), beat("node-b", "192.0.2.2", 1)));
        clock.advance(HEARTBEAT);
        membership.update(List.of(beat("node-a", "192.0.2.1", 2), beat("node-b", "192.0.2.2", 2)));

        clock.advance(TIMEOUT.plusSeconds(1)); // the database is unreachable: no reads

        assertEquals(List.of(ip("192.0.2.1")), live(membership.nodes()));
    }

    @Test
    void liveAddressesFollowNodeNameOrderWithoutRepeatsAndFallBackToOwnAddressesBeforeTheFirstRead() {
        membership.update(List.of(
                beat("node-c", "192.0.2.3", 1),
                beat("node-a", "192.0.2.1", 1),
                new NodeBeat("node-b", List.of(ip("192.0.2.2"), ip("192.0.2.1")), 1, Instant.EPOCH)));
        clock.advance(HEARTBEAT);
        List<RouterNode> nodes = membership.update(List.of(
                beat("node-c", "192.0.2.3", 2),
                beat("node-a", "192.0.2.1", 2),
                new NodeBeat("node-b", List.of(ip("192.0.2.2"), ip("192.0.2.1")), 2, Instant.EPOCH)));

        assertEquals(
                List.of("node-a", "node-b", "node-c"),
                nodes.stream().map(RouterNode::name).toList());
        assertEquals(List.of(ip("192.0.2.1"), ip("192.0.2.2"), ip("192.0.2.3")), live(nodes));
        assertEquals(List.of(ip("192.0.2.1")), live(List.of()));
    }

    @Test
    void aNodeRefusingNewMmsLeavesTheAnswersWhileAnotherAcceptsAndStaysWhenNoneDoes() {
        membership.update(List.of(beat("node-a", "192.0.2.1", 1), beat("node-b", "192.0.2.2", 1)));
        clock.advance(HEARTBEAT);
        List<RouterNode> bRefuses = membership.update(List.of(
                beat("node-a", "192.0.2.1", 2),
                new NodeBeat("node-b", List.of(ip("192.0.2.2")), 2, Instant.EPOCH, false)));
        assertFalse(bRefuses.get(1).accepting());
        assertEquals(List.of(ip("192.0.2.1")), live(bRefuses));

        clock.advance(HEARTBEAT);
        List<RouterNode> bothRefuse = membership.update(List.of(
                new NodeBeat("node-a", List.of(ip("192.0.2.1")), 3, Instant.EPOCH, false),
                new NodeBeat("node-b", List.of(ip("192.0.2.2")), 3, Instant.EPOCH, false)));
        assertEquals(
                List.of(ip("192.0.2.1"), ip("192.0.2.2")), live(bothRefuse), "a 'try later' beats no answer at all");

        clock.advance(HEARTBEAT);
        List<RouterNode> bBack = membership.update(List.of(
                new NodeBeat("node-a", List.of(ip("192.0.2.1")), 4, Instant.EPOCH, false),
                beat("node-b", "192.0.2.2", 4)));
        assertEquals(List.of(ip("192.0.2.2")), live(bBack));
    }
}
