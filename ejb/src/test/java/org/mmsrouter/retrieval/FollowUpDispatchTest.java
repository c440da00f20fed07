package org.mmsrouter.retrieval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.mmsrouter.retrieval.Fixtures.HEADERS;
import static org.mmsrouter.retrieval.Fixtures.followUp;
import static org.mmsrouter.retrieval.Fixtures.mmsc;
import static org.mmsrouter.retrieval.Fixtures.owningIds;
import static org.mmsrouter.retrieval.Fixtures.scan;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.mmsrouter.config.MmscDefinition;
import org.mmsrouter.health.MmscHealth;
import org.mmsrouter.mm.ForwardOutcome;
import org.mmsrouter.mm.LearnedOwner;
import org.mmsrouter.mm.LearnedOwners;
import org.mmsrouter.mm.QueuedMm;
import org.mmsrouter.pdu.MessageType;
import org.mmsrouter.routing.AdminState;
import org.mmsrouter.testing.ManualClock;

/** Every way a follow-up PDU goes: to its owner (rule, learned), broadcast, or by sweep; and queued ones' outcomes. */
class FollowUpDispatchTest {

    private static final byte[] CONF = {1, 2, 3};

    private final ManualClock clock = new ManualClock();
    private final LearnedOwners learned = new LearnedOwners(100, clock);
    private final Fixtures.Health health = new Fixtures.Health();
    private final Fixtures.Reports reports = new Fixtures.Reports();
    private final List<List<LearnedOwner>> told = new ArrayList<>();
    private final OwnerSharing sharing = new OwnerSharing(learned, () -> true, told::add, Duration.ofHours(72), clock);
    /** What each MMSC answers; one not listed takes it. */
    private final Map<String, FollowUpForwarder.Answer> answers = new HashMap<>();

    private final List<String> posted = new ArrayList<>();
    private Owners owners;
    private final FollowUpDispatch dispatch = new FollowUpDispatch(
            () -> owners,
            (mmsc, pdu, headers) -> {
                posted.add(mmsc.id());
                assertEquals(HEADERS, headers);
                return answers.getOrDefault(mmsc.id(), taken(mmsc.id()));
            },
            reports,
            sharing);

    private static FollowUpForwarder.Answer.Taken taken(String mmscId) {
        return new FollowUpForwarder.Answer.Taken(mmscId, 200, "application/vnd.wap.mms-message", CONF);
    }

    private void mmscs(MmscDefinition... mmscs) {
        owners = new Owners(List.of(mmscs), learned, health);
        for (MmscDefinition mmsc : mmscs) {
            health.set(mmsc.id(), MmscHealth.UP);
        }
    }

    private FollowUpExchange send(MessageType type, String transactionId, String messageId)
            throws InterruptedException {
        byte[] pdu = followUp(type, transactionId, messageId, null);
        return dispatch.exchange(pdu, scan(pdu), HEADERS);
    }

    private FollowUpExchange indication(String transactionId) throws InterruptedException {
        return send(MessageType.M_ACKNOWLEDGE_IND, transactionId, null);
    }

    private FollowUpExchange request(String messageId) throws InterruptedException {
        return send(MessageType.M_FORWARD_REQ, "t-req", messageId);
    }

    @Test
    void theOwnerByRuleOrLearnedGetsItAlone() throws Exception {
        mmscs(mmsc("a", 0), owningIds("b", 1, ".*@b"));
        assertEquals(new FollowUpExchange.Relayed(taken("b"), OwnerResolver.Source.RULE), request("m1@b"));
        learned.learn(
                LearnedOwners.Kind.TRANSACTION_ID, "t9", "a", clock.instant().plusSeconds(60));
        assertEquals(new FollowUpExchange.Relayed(taken("a"), OwnerResolver.Source.LEARNED), indication("t9"));
        assertEquals(List.of("b", "a"), posted);
        assertEquals(new FollowUpDispatch.Counts(1, 1, 0, 0, 0), dispatch.counts());
    }

    @Test
    void anOwnerThatIsDownGetsNothing() throws Exception {
        mmscs(owningIds("a", 0, ".*@a"), mmsc("b", 0));
        health.set("a", MmscHealth.DOWN);
        assertEquals(new FollowUpExchange.OwnerDown("a, which owns it, is DOWN"), request("m@a"));
        assertEquals(List.of(), posted);
    }

    @Test
    void whatTheOwnerAnswersDecides() throws Exception {
        mmscs(owningIds("a", 0, ".*@a"));
        answers.put("a", new FollowUpForwarder.Answer.NotMine("a"));
        assertEquals(new FollowUpExchange.NobodyHasIt(), request("m@a"));
        answers.put("a", new FollowUpForwarder.Answer.Transient("a", "HTTP 503"));
        assertEquals(new FollowUpExchange.Failed("a", "a: HTTP 503"), request("m@a"));
        assertEquals(List.of("a: follow-up: HTTP 503"), reports.lines);
        answers.put("a", new FollowUpForwarder.Answer.Refused("a", "HTTP 403"));
        assertEquals(new FollowUpExchange.Refused("a", "HTTP 403"), request("m@a"));
        assertEquals(new FollowUpDispatch.Counts(0, 0, 0, 0, 1), dispatch.counts());
    }

    @Test
    void anIndicationOfUnknownOwnerGoesToEveryEnabledMmscAndAnUnambiguousTakerIsLearned() throws Exception {
        mmscs(mmsc("b", 1), mmsc("a", 0), mmsc("off", 0, AdminState.DISABLED));
        health.set("off", MmscHealth.DOWN);
        answers.put("a", new FollowUpForwarder.Answer.NotMine("a"));
        assertEquals(new FollowUpExchange.Relayed(taken("b"), OwnerResolver.Source.BROADCAST), indication("t1"));
        assertEquals(List.of("a", "b"), posted);
        assertEquals(Optional.of("b"), learned.owner(LearnedOwners.Kind.TRANSACTION_ID, "t1"));
        answers.clear();
        assertEquals(new FollowUpExchange.Relayed(taken("a"), OwnerResolver.Source.BROADCAST), indication("t2"));
        assertEquals(
                Optional.empty(),
                learned.owner(LearnedOwners.Kind.TRANSACTION_ID, "t2"),
                "both took it: proves nothing");
        assertEquals(new FollowUpDispatch.Counts(0, 0, 0, 2, 0), dispatch.counts());
    }

    @Test
    void aBroadcastNobodyTookOrOneFailedIsSaidSo() throws Exception {
        mmscs(mmsc("a", 0), mmsc("b", 1));
        answers.put("a", new FollowUpForwarder.Answer.NotMine("a"));
        answers.put("b", new FollowUpForwarder.Answer.Refused("b", "HTTP 405"));
        assertEquals(new FollowUpExchange.NobodyHasIt(), indication("t1"));
        answers.put("a", new FollowUpForwarder.Answer.Transient("a", "timed out"));
        answers.put("b", taken("b"));
        assertEquals(new FollowUpExchange.Failed("a", "a: timed out"), indication("t2"), "all again later");
        assertEquals(List.of("a: follow-up: timed out"), reports.lines);
        assertEquals(0, learned.size());
    }

    @Test
    void aBroadcastWaitsWhileAnEnabledMmscIsDownOrNoneIsEnabled() throws Exception {
        mmscs(mmsc("a", 0), mmsc("b", 1));
        health.set("b", MmscHealth.SUSPECT);
        assertEquals(
                new FollowUpExchange.OwnerDown(
                        "b is SUSPECT, and an indication whose owner is unknown goes to every MMSC"),
                indication("t1"));
        mmscs(mmsc("off", 0, AdminState.DISABLED));
        assertEquals(new FollowUpExchange.OwnerDown("no MMSC is enabled"), indication("t1"));
        assertEquals(List.of(), posted);
    }

    @Test
    void aRequestOfUnknownOwnerSweepsTheLiveMmscsAndTheTakerIsLearned() throws Exception {
        mmscs(mmsc("c", 2), mmsc("a", 0), mmsc("b", 1));
        answers.put("a", new FollowUpForwarder.Answer.NotMine("a"));
        answers.put("b", new FollowUpForwarder.Answer.Refused("b", "HTTP 405"));
        assertEquals(new FollowUpExchange.Relayed(taken("c"), OwnerResolver.Source.SWEEP), request("m1"));
        assertEquals(List.of("a", "b", "c"), posted);
        assertEquals(Optional.of("c"), learned.owner(LearnedOwners.Kind.MESSAGE_ID, "m1"));
        assertEquals(Optional.of("c"), learned.owner(LearnedOwners.Kind.TRANSACTION_ID, "t-req"));
        assertEquals(new FollowUpDispatch.Counts(0, 0, 1, 0, 0), dispatch.counts());
    }

    @Test
    void aSweepThatFoundNobodySaysWhy() throws Exception {
        mmscs(mmsc("a", 0), mmsc("b", 1));
        answers.put("a", new FollowUpForwarder.Answer.Transient("a", "HTTP 500"));
        answers.put("b", new FollowUpForwarder.Answer.NotMine("b"));
        assertEquals(new FollowUpExchange.Failed("a", "a: HTTP 500"), request("m1"));
        answers.put("a", new FollowUpForwarder.Answer.NotMine("a"));
        assertEquals(new FollowUpExchange.NobodyHasIt(), request("m1"));
        mmscs(mmsc("a", 0), mmsc("b", 1), mmsc("c", 2));
        health.set("c", MmscHealth.DOWN);
        assertEquals(new FollowUpExchange.OwnerDown("no live MMSC holds it and c is DOWN"), request("m1"));
        health.set("a", MmscHealth.DOWN).set("b", MmscHealth.DOWN);
        assertEquals(new FollowUpExchange.OwnerDown("no MMSC is up"), request("m1"));
        assertEquals(new FollowUpDispatch.Counts(0, 0, 0, 0, 1), dispatch.counts());
    }

    private QueuedMm queued(byte[] pdu) {
        Instant now = clock.instant();
        return new QueuedMm("r1", "t1", now, now.plusSeconds(60), "10.0.0.1", HEADERS, pdu);
    }

    @Test
    void aQueuedFollowUpsExchangeBecomesItsForwardOutcome() throws Exception {
        mmscs(owningIds("a", 0, ".*@a"));
        byte[] pdu = followUp(MessageType.M_READ_REC_IND, "t1", "m@a", null);
        assertEquals(new ForwardOutcome.Delivered("a"), dispatch.deliver(queued(pdu)));
        answers.put("a", new FollowUpForwarder.Answer.Transient("a", "HTTP 503"));
        ForwardOutcome.TransientFailure failed =
                assertInstanceOf(ForwardOutcome.TransientFailure.class, dispatch.deliver(queued(pdu)));
        assertEquals(List.of("a", "a: HTTP 503"), List.of(failed.mmscId(), failed.reason()));
        answers.put("a", new FollowUpForwarder.Answer.Refused("a", "HTTP 403"));
        ForwardOutcome.PermanentFailure refused =
                assertInstanceOf(ForwardOutcome.PermanentFailure.class, dispatch.deliver(queued(pdu)));
        assertEquals(List.of("a", "HTTP 403"), List.of(refused.mmscId(), refused.reason()));
        answers.put("a", new FollowUpForwarder.Answer.NotMine("a"));
        assertEquals(
                new ForwardOutcome.Unowned("no MMSC holds the message it is about"), dispatch.deliver(queued(pdu)));
        health.set("a", MmscHealth.DOWN);
        assertEquals(new ForwardOutcome.NoRoute(), dispatch.deliver(queued(pdu)));
    }

    @Test
    void anUnreadableQueuedFollowUpIsUnowned() throws Exception {
        mmscs(mmsc("a", 0));
        ForwardOutcome.Unowned unowned =
                assertInstanceOf(ForwardOutcome.Unowned.class, dispatch.deliver(queued(new byte[] {(byte) 0x8C})));
        assertEquals(true, unowned.reason().startsWith("unreadable follow-up PDU: "), unowned.reason());
        assertEquals(List.of(), posted);
    }
}
