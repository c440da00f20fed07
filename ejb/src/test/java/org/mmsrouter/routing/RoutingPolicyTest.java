package org.mmsrouter.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Predicate;
import java.util.function.ToDoubleFunction;
import org.junit.jupiter.api.Test;

class RoutingPolicyTest {

    private static final Predicate<String> ALL_ROUTABLE = id -> true;
    private static final ToDoubleFunction<String> FULL_WEIGHT = id -> 1.0;
    private static final RoutingRequest ANY_MM = new RoutingRequest(null, null);
    private static final String GERMAN_MOBILE = "+4915112345678/TYPE=PLMN";

    private static RouteEntry route(String id, int priority, int weight, String... prefixes) {
        return new RouteEntry(id, priority, weight, List.of(prefixes), AdminState.ENABLED);
    }

    private static RouteEntry route(String id, AdminState state) {
        return new RouteEntry(id, 0, 1, List.of(), state);
    }

    private static Predicate<String> routableExcept(String... down) {
        Set<String> unroutable = Set.of(down);
        return id -> !unroutable.contains(id);
    }

    private static List<String> firstChoices(
            RoutingPolicy policy,
            RoutingRequest request,
            int picks,
            Predicate<String> routable,
            ToDoubleFunction<String> weightFactor) {
        List<String> chosen = new ArrayList<>();
        for (int i = 0; i < picks; i++) {
            chosen.add(policy.candidates(request, routable, weightFactor).get(0));
        }
        return chosen;
    }

    private static Map<String, Integer> counts(List<String> ids) {
        Map<String, Integer> counts = new HashMap<>();
        ids.forEach(id -> counts.merge(id, 1, Integer::sum));
        return counts;
    }

    @Test
    void drainingAndDisabledMmscsTakeNoNewMms() {
        RoutingPolicy policy = new RoutingPolicy(List.of(
                route("drained", AdminState.DRAINING),
                route("on", AdminState.ENABLED),
                route("off", AdminState.DISABLED)));
        assertEquals(List.of("on"), policy.candidates(ANY_MM, ALL_ROUTABLE, FULL_WEIGHT));
    }

    @Test
    void unroutableMmscsAreLeftOutAndNoneLeftMeansNoCandidate() {
        RoutingPolicy policy = new RoutingPolicy(List.of(route("a", 0, 1), route("b", 0, 1), route("c", 0, 1)));
        List<String> candidates = policy.candidates(ANY_MM, routableExcept("b"), FULL_WEIGHT);
        assertEquals(Set.of("a", "c"), Set.copyOf(candidates));
        assertEquals(2, candidates.size());
        assertEquals(List.of(), policy.candidates(ANY_MM, id -> false, FULL_WEIGHT));
    }

    @Test
    void standbysComeAfterTheWholePrimaryGroupAndLeadOnlyWhenNoPrimaryIsAvailable() {
        RoutingPolicy policy = new RoutingPolicy(List.of(
                route("standby-1", 1, 1),
                route("primary-a", 0, 3),
                route("standby-2", 1, 5),
                route("primary-b", 0, 1)));

        // Fresh rotations: the heavier member of each group is picked first, the other follows.
        assertEquals(
                List.of("primary-a", "primary-b", "standby-2", "standby-1"),
                policy.candidates(ANY_MM, ALL_ROUTABLE, FULL_WEIGHT));
        for (int i = 0; i < 20; i++) {
            List<String> candidates = policy.candidates(ANY_MM, ALL_ROUTABLE, FULL_WEIGHT);
            assertEquals(Set.of("primary-a", "primary-b"), Set.copyOf(candidates.subList(0, 2)));
            assertEquals(Set.of("standby-1", "standby-2"), Set.copyOf(candidates.subList(2, 4)));
        }
        assertEquals(
                List.of("primary-b", "standby-2", "standby-1"),
                policy.candidates(ANY_MM, routableExcept("primary-a"), FULL_WEIGHT)
                        .subList(0, 3),
                "one primary left: it still leads");
        List<String> standbyOnly =
                firstChoices(policy, ANY_MM, 12, routableExcept("primary-a", "primary-b"), FULL_WEIGHT);
        assertEquals(Map.of("standby-1", 2, "standby-2", 10), counts(standbyOnly), "standbys share by weight");
    }

    @Test
    void smoothWeightedRoundRobinInterleavesLikeNginx() {
        RoutingPolicy policy = new RoutingPolicy(List.of(route("a", 0, 5), route("b", 0, 1), route("c", 0, 1)));
        assertEquals(
                List.of("a", "a", "b", "a", "c", "a", "a", "a", "a", "b", "a", "c", "a", "a"),
                firstChoices(policy, ANY_MM, 14, ALL_ROUTABLE, FULL_WEIGHT));
    }

    @Test
    void theRestOfAGroupFollowsHeaviestFirstWithTiesInConfiguredOrder() {
        RoutingPolicy policy = new RoutingPolicy(
                List.of(route("light", 0, 1), route("heavy-1", 0, 5), route("heavy-2", 0, 5), route("middle", 0, 2)));
        assertEquals(
                List.of("heavy-1", "heavy-2", "middle", "light"), policy.candidates(ANY_MM, ALL_ROUTABLE, FULL_WEIGHT));
        // Second pick: heavy-2 leads; heavy-1 slowed down to 0.1 x 5 now ranks below middle.
        ToDoubleFunction<String> slowHeavy1 = id -> id.equals("heavy-1") ? 0.1 : 1.0;
        assertEquals(
                List.of("heavy-2", "middle", "light", "heavy-1"), policy.candidates(ANY_MM, ALL_ROUTABLE, slowHeavy1));
    }

    @Test
    void theLongestMatchingPrefixWinsAndTheOthersFollowAsFallback() {
        RoutingPolicy policy = new RoutingPolicy(List.of(
                route("germany", 0, 1, "+49"),
                route("fallback", 0, 1),
                route("german-mobile", 0, 1, "+49151", "+49152")));
        RoutingRequest toGermanMobile = new RoutingRequest(GERMAN_MOBILE, null);

        List<String> candidates = policy.candidates(toGermanMobile, ALL_ROUTABLE, FULL_WEIGHT);
        assertEquals("german-mobile", candidates.get(0));
        assertEquals(Set.of("germany", "fallback"), Set.copyOf(candidates.subList(1, 3)));
        assertEquals(
                List.of("germany", "fallback"),
                policy.candidates(toGermanMobile, routableExcept("german-mobile"), FULL_WEIGHT),
                "next-longest prefix among the routable ones, then the default route");
        assertEquals(
                List.of("fallback"),
                policy.candidates(toGermanMobile, routableExcept("german-mobile", "germany"), FULL_WEIGHT),
                "affinity is a preference: a default route takes over");
        assertEquals(
                List.of("germany", "fallback", "german-mobile"),
                policy.candidates(new RoutingRequest("+4930123456", null), ALL_ROUTABLE, FULL_WEIGHT));
    }

    @Test
    void affinityOutranksPriority() {
        RoutingPolicy policy =
                new RoutingPolicy(List.of(route("default", 0, 1), route("mobile-standby", 1, 1, "49151")));
        assertEquals(
                List.of("mobile-standby", "default"),
                policy.candidates(new RoutingRequest(GERMAN_MOBILE, null), ALL_ROUTABLE, FULL_WEIGHT));
    }

    @Test
    void prefixesMatchWithOrWithoutPlusOnEitherSide() {
        RoutingPolicy policy = new RoutingPolicy(
                List.of(route("default", 0, 1), route("plain", 1, 1, "49151"), route("national", 1, 1, "0151")));
        assertEquals(
                "plain",
                policy.candidates(new RoutingRequest(GERMAN_MOBILE, null), ALL_ROUTABLE, FULL_WEIGHT)
                        .get(0));
        assertEquals(
                "plain",
                policy.candidates(new RoutingRequest("4915112345678", null), ALL_ROUTABLE, FULL_WEIGHT)
                        .get(0));
        assertEquals(
                "national",
                policy.candidates(new RoutingRequest("0151 123-45678/TYPE=PLMN", null), ALL_ROUTABLE, FULL_WEIGHT)
                        .get(0));

        RoutingPolicy withPlus = new RoutingPolicy(List.of(route("default", 0, 1), route("plus", 1, 1, "+49151")));
        assertEquals(
                "plus",
                withPlus.candidates(new RoutingRequest("4915112345678", null), ALL_ROUTABLE, FULL_WEIGHT)
                        .get(0));
    }

    @Test
    void anEmailRecipientHasNoAffinity() {
        RoutingPolicy policy =
                new RoutingPolicy(List.of(route("mobile-standby", 1, 1, "+49151"), route("default", 0, 1)));
        assertEquals(
                List.of("default", "mobile-standby"),
                policy.candidates(new RoutingRequest("user@example.com", null), ALL_ROUTABLE, FULL_WEIGHT));
        assertEquals(
                List.of("default", "mobile-standby"),
                policy.candidates(ANY_MM, ALL_ROUTABLE, FULL_WEIGHT),
                "nor has a missing one");
    }

    @Test
    void eachGroupKeepsItsOwnRotation() {
        RoutingPolicy policy = new RoutingPolicy(List.of(
                route("a", 0, 5, "+49"),
                route("b", 0, 1, "+49"),
                route("c", 0, 1, "+49"),
                route("x", 0, 1),
                route("y", 0, 1)));
        RoutingRequest german = new RoutingRequest("+4930123", null);
        RoutingRequest french = new RoutingRequest("+3312345", null);
        List<String> germanFirsts = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            germanFirsts.add(
                    policy.candidates(german, ALL_ROUTABLE, FULL_WEIGHT).get(0));
            policy.candidates(french, ALL_ROUTABLE, FULL_WEIGHT);
            policy.candidates(french, routableExcept("a"), FULL_WEIGHT);
        }
        assertEquals(List.of("a", "a", "b", "a", "c", "a", "a"), germanFirsts);
    }

    @Test
    void aSlowStartFactorReducesTheShareAndClampsToAFloorAndToOne() {
        RoutingPolicy policy = new RoutingPolicy(List.of(route("steady", 0, 4), route("ramping", 0, 4)));
        Map<String, Integer> quarter =
                counts(firstChoices(policy, ANY_MM, 500, ALL_ROUTABLE, id -> id.equals("ramping") ? 0.25 : 1.0));
        assertEquals(Map.of("steady", 400, "ramping", 100), quarter);

        Map<String, Integer> floor =
                counts(firstChoices(policy, ANY_MM, 1010, ALL_ROUTABLE, id -> id.equals("ramping") ? -3.0 : 1.0));
        assertTrue(
                floor.getOrDefault("ramping", 0) >= 9 && floor.get("ramping") <= 11,
                "0.01 of the weight still gets about 1 %: " + floor);
        RoutingPolicy fresh = new RoutingPolicy(policy.entries());
        assertEquals(
                Map.of("steady", 50, "ramping", 50),
                counts(firstChoices(fresh, ANY_MM, 100, ALL_ROUTABLE, id -> id.equals("ramping") ? 7.0 : 1.0)));
    }

    @Test
    void aStickySenderStaysOnOneMmscWhileItIsAvailable() {
        RoutingPolicy policy = new RoutingPolicy(
                List.of(route("a", 0, 1), route("b", 0, 1), route("c", 0, 1)), new RoutingOptions(true));
        RoutingRequest fromAlice = new RoutingRequest(GERMAN_MOBILE, "+49 170 1234567/TYPE=PLMN");

        String home = policy.candidates(fromAlice, ALL_ROUTABLE, FULL_WEIGHT).get(0);
        assertEquals(
                List.of(home, home, home, home, home), firstChoices(policy, fromAlice, 5, ALL_ROUTABLE, FULL_WEIGHT));
        assertEquals(
                home,
                policy.candidates(new RoutingRequest(null, "+491701234567"), ALL_ROUTABLE, FULL_WEIGHT)
                        .get(0),
                "the same number written differently is the same sender");

        String away =
                policy.candidates(fromAlice, routableExcept(home), FULL_WEIGHT).get(0);
        assertNotEquals(home, away);
        assertEquals(List.of(away, away, away), firstChoices(policy, fromAlice, 3, routableExcept(home), FULL_WEIGHT));
        assertEquals(
                home, policy.candidates(fromAlice, ALL_ROUTABLE, FULL_WEIGHT).get(0), "back home once it recovers");
    }

    @Test
    void stickinessMovesOnlyTheSendersOfTheMmscThatWentAwayAndSpreadsByWeight() {
        RoutingPolicy policy = new RoutingPolicy(
                List.of(route("a", 0, 1), route("b", 0, 3), route("c", 0, 4)), new RoutingOptions(true));
        Map<String, Integer> shares = new HashMap<>();
        for (int i = 0; i < 8000; i++) {
            RoutingRequest request = new RoutingRequest(null, "+4917" + (10_000_000 + i));
            String before =
                    policy.candidates(request, ALL_ROUTABLE, FULL_WEIGHT).get(0);
            String after =
                    policy.candidates(request, routableExcept("c"), FULL_WEIGHT).get(0);
            if (!before.equals("c")) {
                assertEquals(before, after, "a sender of " + before + " must not move when c goes away");
            }
            shares.merge(before, 1, Integer::sum);
        }
        assertEquals(1000, shares.get("a"), 100);
        assertEquals(3000, shares.get("b"), 150);
        assertEquals(4000, shares.get("c"), 150);
    }

    @Test
    void withoutASenderStickinessFallsBackToRoundRobin() {
        RoutingPolicy policy = new RoutingPolicy(
                List.of(route("a", 0, 5), route("b", 0, 1), route("c", 0, 1)), new RoutingOptions(true));
        assertEquals(
                List.of("a", "a", "b", "a", "c", "a", "a"),
                firstChoices(policy, new RoutingRequest(GERMAN_MOBILE, " "), 7, ALL_ROUTABLE, FULL_WEIGHT));
    }

    @Test
    void concurrentForwardersTogetherGetExactShares() throws Exception {
        RoutingPolicy policy = new RoutingPolicy(List.of(route("a", 0, 5), route("b", 0, 3), route("c", 0, 2)));
        Map<String, LongAdder> firsts = new ConcurrentHashMap<>();
        ExecutorService forwarders = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                done.add(forwarders.submit(() -> {
                    for (int i = 0; i < 1250; i++) {
                        String id = policy.candidates(ANY_MM, ALL_ROUTABLE, FULL_WEIGHT)
                                .get(0);
                        firsts.computeIfAbsent(id, k -> new LongAdder()).increment();
                    }
                }));
            }
            for (Future<?> future : done) {
                future.get();
            }
        } finally {
            forwarders.shutdownNow();
        }
        assertEquals(5000, firsts.get("a").sum());
        assertEquals(3000, firsts.get("b").sum());
        assertEquals(2000, firsts.get("c").sum());
    }

    @Test
    void anIdConfiguredTwiceIsRejectedAndEntriesKeepConfiguredOrder() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class, () -> new RoutingPolicy(List.of(route("a", 0, 1), route("a", 1, 1))));
        assertEquals("route 'a' is configured twice", e.getMessage());
        List<RouteEntry> entries = List.of(route("z", 1, 1), route("a", 0, 1));
        assertEquals(entries, new RoutingPolicy(entries).entries());
    }
}
