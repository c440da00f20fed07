package org.mmsrouter.retrieval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mmsrouter.retrieval.Fixtures.followUp;
import static org.mmsrouter.retrieval.Fixtures.mmsc;
import static org.mmsrouter.retrieval.Fixtures.owningIds;
import static org.mmsrouter.retrieval.Fixtures.owningPaths;
import static org.mmsrouter.retrieval.Fixtures.scan;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.mmsrouter.config.MmscDefinition;
import org.mmsrouter.health.MmscHealth;
import org.mmsrouter.mm.LearnedOwners;
import org.mmsrouter.pdu.MessageType;
import org.mmsrouter.routing.AdminState;
import org.mmsrouter.testing.ManualClock;

class OwnersTest {

    private final ManualClock clock = new ManualClock();
    private final LearnedOwners learned = new LearnedOwners(100, clock);
    private final Fixtures.Health health = new Fixtures.Health();

    private static List<String> ids(List<MmscDefinition> mmscs) {
        return mmscs.stream().map(MmscDefinition::id).toList();
    }

    @Test
    void anOwnerIsFoundByRuleThenByWhatWasLearnedAmongTheMmscsInForce() {
        MmscDefinition a = owningPaths("a", 0, "/a/");
        MmscDefinition b = mmsc("b", 0);
        learned.learn(LearnedOwners.Kind.URL, "/x/1", "b", clock.instant().plus(Duration.ofHours(1)));
        learned.learn(LearnedOwners.Kind.URL, "/x/2", "gone", clock.instant().plus(Duration.ofHours(1)));
        Owners owners = new Owners(List.of(a, b), learned, health);
        assertEquals(Optional.of(new Owners.Owner(a, OwnerResolver.Source.RULE)), owners.forUrl("h", -1, "/a/1"));
        assertEquals(Optional.of(new Owners.Owner(b, OwnerResolver.Source.LEARNED)), owners.forUrl("h", -1, "/x/1"));
        assertEquals(Optional.empty(), owners.forUrl("h", -1, "/x/2"), "learned for an MMSC removed since");
        assertEquals(Optional.empty(), owners.forUrl("h", -1, "/y"));
        assertEquals(1, owners.withRules());
    }

    @Test
    void aFollowUpsOwnerComesFromItsIdsOrItsContentLocation() {
        MmscDefinition a = owningIds("a", 0, ".*@a");
        MmscDefinition b = owningPaths("b", 0, "/b/");
        Owners owners = new Owners(List.of(a, b), learned, health);
        assertEquals(
                Optional.of(new Owners.Owner(a, OwnerResolver.Source.RULE)),
                owners.forPdu(scan(followUp(MessageType.M_ACKNOWLEDGE_IND, "t1", "m1@a", null))));
        assertEquals(
                Optional.of(new Owners.Owner(b, OwnerResolver.Source.RULE)),
                owners.forPdu(scan(followUp(MessageType.M_READ_REC_IND, "t2", "m2", "http://mmsc.test/b/7"))));
        assertEquals(Optional.empty(), owners.forPdu(scan(followUp(MessageType.M_ACKNOWLEDGE_IND, "t3", null, null))));
    }

    @Test
    void liveCandidatesAreUpAndNotDisabledInPriorityOrder() {
        health.set("a", MmscHealth.UP)
                .set("b", MmscHealth.UP)
                .set("c", MmscHealth.DOWN)
                .set("d", MmscHealth.UP)
                .set("e", MmscHealth.UP);
        Owners owners = new Owners(
                List.of(
                        mmsc("a", 5),
                        mmsc("b", 1),
                        mmsc("c", 0),
                        mmsc("d", 0, AdminState.DISABLED),
                        mmsc("e", 3, AdminState.DRAINING)),
                learned,
                health);
        assertEquals(List.of("b", "e", "a"), ids(owners.candidates(Owners.Scope.LIVE)), "draining still serves");
        assertEquals(List.of("c", "b", "e", "a"), ids(owners.candidates(Owners.Scope.ENABLED)), "down but enabled too");
    }

    @Test
    void anEnabledMmscOutOfRoutingIsAwayAndADisabledOneIsNot() {
        health.set("a", MmscHealth.UP).set("b", MmscHealth.DOWN).set("c", MmscHealth.SUSPECT);
        Owners owners =
                new Owners(List.of(mmsc("a", 0), mmsc("b", 0, AdminState.DISABLED), mmsc("c", 0)), learned, health);
        assertEquals("c", owners.awayButEnabled().orElseThrow().id());
        assertEquals(MmscHealth.SUSPECT, owners.state(mmsc("c", 0)));
        health.set("c", MmscHealth.UP);
        assertEquals(Optional.empty(), owners.awayButEnabled());
    }

    @Test
    void anMmscServesWhenUpAndNotDisabledAndNotWhenRemovedFromTheBoard() {
        health.set("a", MmscHealth.UP).set("b", MmscHealth.UP).set("c", MmscHealth.DOWN);
        Owners owners = new Owners(
                List.of(mmsc("a", 0), mmsc("b", 0, AdminState.DISABLED), mmsc("c", 0), mmsc("gone", 0)),
                learned,
                health);
        assertTrue(owners.serves(mmsc("a", 0)));
        assertFalse(owners.serves(mmsc("b", 0, AdminState.DISABLED)));
        assertFalse(owners.serves(mmsc("c", 0)));
        assertFalse(owners.serves(mmsc("gone", 0)), "health no longer knows it");
        assertEquals(List.of("a"), ids(owners.candidates(Owners.Scope.LIVE)));
    }
}
