package org.mmsrouter.retrieval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.mmsrouter.retrieval.Fixtures.HEADERS;
import static org.mmsrouter.retrieval.Fixtures.answer;
import static org.mmsrouter.retrieval.Fixtures.mms;
import static org.mmsrouter.retrieval.Fixtures.mmsc;
import static org.mmsrouter.retrieval.Fixtures.owningPaths;
import static org.mmsrouter.retrieval.Fixtures.retrieveConf;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.mmsrouter.config.MmscDefinition;
import org.mmsrouter.health.MmscHealth;
import org.mmsrouter.mm.LearnedOwner;
import org.mmsrouter.mm.LearnedOwners;
import org.mmsrouter.pdu.MessageType;
import org.mmsrouter.routing.AdminState;
import org.mmsrouter.testing.ManualClock;

/** Every way a retrieval goes: to its owner (rule, learned), or by sweep, and what it teaches. */
class RetrievalRouterTest {

    /** What one MMSC answers: an upstream, or a failure to connect. */
    private interface Answer {
        RetrievalProxy.Upstream open() throws IOException;
    }

    private final ManualClock clock = new ManualClock();
    private final LearnedOwners learned = new LearnedOwners(100, clock);
    private final Fixtures.Health health = new Fixtures.Health();
    private final Fixtures.Reports reports = new Fixtures.Reports();
    private final List<List<LearnedOwner>> told = new ArrayList<>();
    private final OwnerSharing sharing = new OwnerSharing(learned, () -> true, told::add, Duration.ofHours(72), clock);
    private final Map<String, Answer> answers = new HashMap<>();
    private final List<String> opened = new ArrayList<>();
    private Owners owners;
    private final RetrievalRouter router = new RetrievalRouter(
            () -> owners,
            (mmsc, method, path, headers) -> {
                opened.add(mmsc.id() + " " + method + " " + path);
                assertEquals(HEADERS, headers);
                return answers.get(mmsc.id()).open();
            },
            reports,
            sharing);

    private void mmscs(MmscDefinition... mmscs) {
        owners = new Owners(List.of(mmscs), learned, health);
    }

    private RetrievalResult retrieve(String path) throws InterruptedException {
        return router.retrieve("GET", "mms.test", -1, path, HEADERS);
    }

    private static byte[] message() {
        return retrieveConf(0x80, "t1", "m1");
    }

    @Test
    void theOwnerByRuleStreamsItsAnswerWhateverItsStatus() throws Exception {
        mmscs(owningPaths("a", 1, "/a/"), mmsc("b", 0));
        health.set("a", MmscHealth.UP).set("b", MmscHealth.UP);
        answers.put("a", () -> answer("a", 404, "text/plain", new byte[0]));
        RetrievalResult.Streamed streamed = assertInstanceOf(RetrievalResult.Streamed.class, retrieve("/a/1"));
        assertEquals(OwnerResolver.Source.RULE, streamed.source());
        assertEquals(404, streamed.upstream().status(), "the owner's own 404 is the phone's answer");
        assertEquals(List.of("a GET /a/1"), opened);
        assertEquals(new RetrievalRouter.Counts(1, 0, 0, 0, 0), router.counts());
    }

    @Test
    void aLearnedOwnerIsAskedAlone() throws Exception {
        mmscs(mmsc("a", 0), mmsc("b", 1));
        health.set("a", MmscHealth.UP).set("b", MmscHealth.UP);
        learned.learn(LearnedOwners.Kind.URL, "/m/1", "b", clock.instant().plusSeconds(60));
        answers.put("b", () -> mms("b", 200, message()));
        RetrievalResult.Streamed streamed = assertInstanceOf(RetrievalResult.Streamed.class, retrieve("/m/1"));
        assertEquals(OwnerResolver.Source.LEARNED, streamed.source());
        assertEquals(List.of("b GET /m/1"), opened);
        assertEquals(new RetrievalRouter.Counts(0, 1, 0, 0, 0), router.counts());
    }

    @Test
    void anOwnerThatIsDownIsNotAskedAndThePhoneRetriesLater() throws Exception {
        mmscs(owningPaths("a", 0, "/a/"), mmsc("b", 0));
        health.set("a", MmscHealth.DOWN).set("b", MmscHealth.UP);
        assertEquals(new RetrievalResult.OwnerUnavailable("a, which owns it, is DOWN"), retrieve("/a/1"));
        assertEquals(List.of(), opened);
        assertEquals(new RetrievalRouter.Counts(0, 0, 0, 0, 1), router.counts());
    }

    @Test
    void anOwnerThatCannotBeReachedIsReportedAndThePhoneRetriesLater() throws Exception {
        mmscs(owningPaths("a", 0, "/a/"));
        health.set("a", MmscHealth.UP);
        answers.put("a", () -> {
            throw new IOException("connection refused");
        });
        assertEquals(
                new RetrievalResult.OwnerUnavailable("a, which owns it, failed: connection refused"), retrieve("/a/1"));
        assertEquals(List.of("a: retrieval: connection refused"), reports.lines);
    }

    @Test
    void aSweepAsksTheLiveMmscsInPriorityOrderAndLearnsWhoHadIt() throws Exception {
        mmscs(mmsc("c", 2), mmsc("a", 0), mmsc("b", 1), mmsc("off", 0, AdminState.DISABLED));
        health.set("a", MmscHealth.UP)
                .set("b", MmscHealth.UP)
                .set("c", MmscHealth.UP)
                .set("off", MmscHealth.UP);
        answers.put("a", () -> answer("a", 404, "text/plain", new byte[0]));
        answers.put("b", () -> mms("b", 200, retrieveConf(0xE2, "t0", null)));
        byte[] message = message();
        answers.put("c", () -> mms("c", 200, message));
        RetrievalResult.Streamed streamed = assertInstanceOf(RetrievalResult.Streamed.class, retrieve("/m/9"));
        assertEquals(OwnerResolver.Source.SWEEP, streamed.source());
        assertEquals("c", streamed.upstream().mmscId());
        assertArrayEquals(message, Fixtures.body(streamed.upstream()), "read ahead, yet streamed whole");
        assertEquals(List.of("a GET /m/9", "b GET /m/9", "c GET /m/9"), opened);
        assertEquals(Optional.of("c"), learned.owner(LearnedOwners.Kind.URL, "/m/9"));
        assertEquals(1, told.size());
        assertEquals(new RetrievalRouter.Counts(0, 0, 1, 0, 0), router.counts());
    }

    @Test
    void aTransientMessageNotFoundIsNotMineTooAndAnAnswerThatIsNoMessageIsNotLearned() throws Exception {
        mmscs(mmsc("a", 0), mmsc("b", 1));
        health.set("a", MmscHealth.UP).set("b", MmscHealth.UP);
        answers.put("a", () -> mms("a", 200, retrieveConf(0xC1, null, null)));
        answers.put("b", () -> answer("b", 200, "text/html", "<html/>".getBytes(StandardCharsets.US_ASCII)));
        RetrievalResult.Streamed streamed = assertInstanceOf(RetrievalResult.Streamed.class, retrieve("/page"));
        assertEquals("b", streamed.upstream().mmscId());
        assertEquals(0, learned.size());
        assertEquals(List.of(), told);
    }

    @Test
    void whenEveryLiveMmscSaysNotMineAndNoneIsAwayTheMessageIsNotFound() throws Exception {
        mmscs(mmsc("a", 0), mmsc("b", 1), mmsc("off", 0, AdminState.DISABLED));
        health.set("a", MmscHealth.UP).set("b", MmscHealth.UP).set("off", MmscHealth.DOWN);
        answers.put("a", () -> answer("a", 404, null, new byte[0]));
        answers.put("b", () -> answer("b", 410, null, new byte[0]));
        assertEquals(new RetrievalResult.NotFound(), retrieve("/m/1"));
        assertEquals(new RetrievalRouter.Counts(0, 0, 0, 1, 0), router.counts());
    }

    @Test
    void whenAnEnabledMmscIsAwayItMayHoldItSoThePhoneRetriesLater() throws Exception {
        mmscs(mmsc("a", 0), mmsc("b", 1));
        health.set("a", MmscHealth.UP).set("b", MmscHealth.DOWN);
        answers.put("a", () -> answer("a", 404, null, new byte[0]));
        assertEquals(new RetrievalResult.OwnerUnavailable("no live MMSC has it and b is DOWN"), retrieve("/m/1"));
        assertEquals(List.of("a GET /m/1"), opened);
        assertEquals(new RetrievalRouter.Counts(0, 0, 0, 0, 1), router.counts());
    }

    @Test
    void failuresInASweepAreReportedAndThePhoneRetriesLater() throws Exception {
        mmscs(mmsc("a", 0), mmsc("b", 1), mmsc("c", 2));
        health.set("a", MmscHealth.UP).set("b", MmscHealth.UP).set("c", MmscHealth.UP);
        answers.put("a", () -> {
            throw new IOException("timed out");
        });
        answers.put("b", () -> answer("b", 404, null, new byte[0]));
        answers.put("c", () -> answer("c", 503, null, new byte[0]));
        assertEquals(new RetrievalResult.OwnerUnavailable("no MMSC had it and c: HTTP 503"), retrieve("/m/1"));
        assertEquals(
                List.of("a: retrieval: timed out"),
                reports.lines,
                "a 5xx is the MMSC's answer, not a failure to reach it");
        answers.put("c", () -> answer("c", 404, null, new byte[0]));
        assertEquals(new RetrievalResult.OwnerUnavailable("no MMSC had it and a: timed out"), retrieve("/m/1"));
    }

    @Test
    void withNoMmscUpThereIsNobodyToAsk() throws Exception {
        mmscs(mmsc("a", 0, AdminState.DISABLED));
        health.set("a", MmscHealth.UP);
        assertEquals(new RetrievalResult.OwnerUnavailable("no MMSC is up"), retrieve("/m/1"));
        mmscs();
        assertEquals(new RetrievalResult.OwnerUnavailable("no MMSC is up"), retrieve("/m/1"));
        assertEquals(List.of(), opened);
    }

    @Test
    void aRetrievalThatWentThroughTeachesTheIdsOfItsRetrieveConf() throws Exception {
        RetrievalProxy.Upstream upstream = mms("a", 200, retrieveConf(0x80, "t7", "m7"));
        Fixtures.body(upstream); // streamed to the phone: its first bytes were kept
        router.retrieved(upstream);
        assertEquals(Optional.of("a"), learned.owner(LearnedOwners.Kind.TRANSACTION_ID, "t7"));
        assertEquals(Optional.of("a"), learned.owner(LearnedOwners.Kind.MESSAGE_ID, "m7"));
        assertEquals(1, told.size());
    }

    @Test
    void aRetrievalTeachesNothingWhenItFailedOrIsNoRetrieveConf() {
        RetrievalProxy.Upstream refused = mms("a", 404, retrieveConf(0x80, "t1", "m1"));
        Fixtures.body(refused);
        router.retrieved(refused);
        RetrievalProxy.Upstream page = answer("a", 200, "text/html", "<html/>".getBytes(StandardCharsets.US_ASCII));
        Fixtures.body(page);
        router.retrieved(page);
        RetrievalProxy.Upstream indication =
                mms("a", 200, Fixtures.followUp(MessageType.M_ACKNOWLEDGE_IND, "t2", "m2", null));
        Fixtures.body(indication);
        router.retrieved(indication);
        assertEquals(0, learned.size());
        assertEquals(List.of(), told);
    }
}
