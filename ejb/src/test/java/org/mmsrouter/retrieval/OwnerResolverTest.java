package org.mmsrouter.retrieval;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.mmsrouter.config.OperatorRegex;
import org.mmsrouter.mm.LearnedOwners;
import org.mmsrouter.testing.ManualClock;

class OwnerResolverTest {

    private final ManualClock clock = new ManualClock();
    private final LearnedOwners learned = new LearnedOwners(100, clock);
    private final OwnerResolver resolver = new OwnerResolver(
            List.of(
                    new OwnershipRule(
                            "mms1", List.of("mms1.operator.net"), List.of("/one/"), Optional.empty(), Optional.empty()),
                    new OwnershipRule(
                            "mms2",
                            List.of("10.0.0.2:8002"),
                            List.of(),
                            Optional.of(OperatorRegex.compile("/retrieve\\?id=2-.*")),
                            Optional.empty()),
                    new OwnershipRule(
                            "mms3",
                            List.of(),
                            List.of(),
                            Optional.empty(),
                            Optional.of(OperatorRegex.compile(".*@mms3\\.operator\\.net")))),
            learned);

    private static Optional<OwnerResolver.Owner> rule(String mmsc) {
        return Optional.of(new OwnerResolver.Owner(mmsc, OwnerResolver.Source.RULE));
    }

    private static Optional<OwnerResolver.Owner> learnedBy(String mmsc) {
        return Optional.of(new OwnerResolver.Owner(mmsc, OwnerResolver.Source.LEARNED));
    }

    @Test
    void rulesMatchHostPortPathPrefixPathPatternAndIdsInTheUrl() {
        assertEquals(rule("mms1"), resolver.forUrl("MMS1.operator.net", -1, "/anything"));
        assertEquals(rule("mms1"), resolver.forUrl("mms.operator.test", 80, "/one/abc?x=1"));
        assertEquals(rule("mms2"), resolver.forUrl("10.0.0.2", 8002, "/x"));
        assertEquals(Optional.empty(), resolver.forUrl("10.0.0.2", 8003, "/x"), "another port is another MMSC");
        assertEquals(rule("mms2"), resolver.forUrl("mms.operator.test", 80, "/retrieve?id=2-777"));
        assertEquals(
                rule("mms3"),
                resolver.forUrl("mms.operator.test", 80, "/get/abc%40mms3.operator.net"),
                "an ID in a path segment, URL-decoded");
        assertEquals(
                rule("mms3"),
                resolver.forUrl("mms.operator.test", 80, "/get?mid=abc%40mms3.operator.net&x=1"),
                "an ID in a query value");
        assertEquals(Optional.empty(), resolver.forUrl("mms.operator.test", 80, "/two/abc"));
    }

    @Test
    void learnedMessageIdsAndUrlsNameTheOwnerUntilTheyExpire() {
        learned.learn(
                LearnedOwners.Kind.MESSAGE_ID,
                "sim-b-7@mmsc.sim",
                "sim-b",
                clock.instant().plusSeconds(60));
        learned.learn(
                LearnedOwners.Kind.URL, "/r?t=opaque", "sim-a", clock.instant().plusSeconds(60));

        assertEquals(learnedBy("sim-b"), resolver.forUrl("mms.operator.test", 80, "/mms/sim-b-7@mmsc.sim"));
        assertEquals(learnedBy("sim-b"), resolver.forUrl("mms.operator.test", 80, "/mms?id=sim-b-7%40mmsc.sim"));
        assertEquals(learnedBy("sim-a"), resolver.forUrl("mms.operator.test", 80, "/r?t=opaque"));
        assertEquals(Optional.empty(), resolver.forUrl("mms.operator.test", 80, "/r?t=other"));

        clock.advance(Duration.ofSeconds(61));
        assertEquals(Optional.empty(), resolver.forUrl("mms.operator.test", 80, "/mms/sim-b-7@mmsc.sim"));
    }

    @Test
    void rulesWinOverWhatWasLearned() {
        learned.learn(
                LearnedOwners.Kind.MESSAGE_ID,
                "x@mms3.operator.net",
                "mms1",
                clock.instant().plusSeconds(60));

        assertEquals(rule("mms3"), resolver.forUrl("mms.operator.test", 80, "/mms/x@mms3.operator.net"));
    }

    @Test
    void followUpPdusAreResolvedByIdsAndContentLocations() {
        learned.learn(
                LearnedOwners.Kind.MESSAGE_ID,
                "sim-b-7@mmsc.sim",
                "sim-b",
                clock.instant().plusSeconds(60));
        learned.learn(
                LearnedOwners.Kind.TRANSACTION_ID,
                "tid-42",
                "sim-a",
                clock.instant().plusSeconds(60));

        assertEquals(rule("mms3"), resolver.forPdu("t1@mms3.operator.net", null, List.of()));
        assertEquals(rule("mms3"), resolver.forPdu(null, "m1@mms3.operator.net", List.of()));
        assertEquals(rule("mms1"), resolver.forPdu("t", null, List.of("http://mms1.operator.net/abc")));
        assertEquals(learnedBy("sim-b"), resolver.forPdu("t", "sim-b-7@mmsc.sim", List.of()));
        assertEquals(
                learnedBy("sim-b"),
                resolver.forPdu(null, null, List.of("http://mms.operator.test/mms/sim-b-7@mmsc.sim")));
        assertEquals(learnedBy("sim-a"), resolver.forPdu("tid-42", null, List.of("not a url")));
        assertEquals(Optional.empty(), resolver.forPdu("unknown", "unknown", List.of()));
    }

    @Test
    void tokensAreBoundedInNumberAndLength() {
        String many = "/a".repeat(100);
        String longSegment = "/" + "x".repeat(OwnerResolver.MAX_TOKEN_LENGTH + 1) + "/short";

        assertEquals(OwnerResolver.MAX_TOKENS, OwnerResolver.tokens(many).size());
        assertEquals(List.of("short"), OwnerResolver.tokens(longSegment));
        assertEquals(List.of("p", "100%", "v"), OwnerResolver.tokens("/p/100%?k=v"), "a stray % is kept as it came");
    }
}
