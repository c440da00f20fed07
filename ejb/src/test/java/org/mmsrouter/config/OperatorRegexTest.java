package org.mmsrouter.config;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class OperatorRegexTest {

    private static final long BOUND_NANOS = 50_000_000;

    @Test
    void matchesTheWholeInputAsJavaRegexMatchesDoes() {
        OperatorRegex owner = OperatorRegex.compile(".*[?&]owner=b(&.*)?");
        assertTrue(owner.matchesWhole("/mms/x?owner=b"));
        assertTrue(owner.matchesWhole("/mms/x?a=1&owner=b&c=2"));
        assertFalse(owner.matchesWhole("/mms/x?owner=bb"));
        assertTrue(OperatorRegex.compile("(?i)rule-b-.*").matchesWhole("RULE-B-17"));
        assertFalse(OperatorRegex.compile("rule-b-").matchesWhole("rule-b-17"), "whole input, not a prefix");
    }

    /**
     * Classic catastrophic-backtracking patterns against an almost-matching input of 40 characters:
     * each answers within 50 ms. (The last two take java.util.regex seconds to hours on the same input;
     * see {@link #theSamePatternsBacktrackInJavaRegex}.)
     */
    @ParameterizedTest
    @ValueSource(strings = {"(a+)+$", "(a|aa)+$", "(a|a?)+$", "((a+)+)+$", "(.*a){20}"})
    void reDosPatternsAnswerInLinearTime(String regex) {
        OperatorRegex pattern = OperatorRegex.compile(regex);
        String input = "a".repeat(40) + "!";
        pattern.matchesWhole("warm-up");
        long start = System.nanoTime();
        boolean matched = pattern.matchesWhole(input);
        long took = System.nanoTime() - start;
        assertFalse(matched);
        assertTrue(took < BOUND_NANOS, regex + " took " + took / 1_000_000 + " ms");
    }

    /** The control: the attack is real with the JDK's engine (a much shorter input already takes longer than the bound). */
    @Test
    void theSamePatternsBacktrackInJavaRegex() {
        Pattern pattern = Pattern.compile("((a+)+)+$");
        String input = "a".repeat(23) + "!";
        long start = System.nanoTime();
        assertFalse(pattern.matcher(input).matches());
        long took = System.nanoTime() - start;
        assertTrue(took > BOUND_NANOS, "java.util.regex took only " + took / 1_000_000 + " ms");
    }

    @ParameterizedTest
    @ValueSource(strings = {"(a)\\1", "foo(?=bar)", "(?<!x)y", "(?>a+)b", "a*+b", "[a-z&&[^b]]", "/x("})
    void backreferencesLookaroundAndBadSyntaxAreRefusedWithTheReason(String regex) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> OperatorRegex.compile(regex));
        assertTrue(e.getMessage().startsWith("'" + regex + "'"), e.getMessage());
        assertTrue(e.getMessage().contains("no backreferences, lookahead, lookbehind"), e.getMessage());
    }

    @Test
    void overlongPatternsAreRefused() {
        assertThrows(
                IllegalArgumentException.class, () -> OperatorRegex.compile("a".repeat(OperatorRegex.MAX_LENGTH + 1)));
    }
}
