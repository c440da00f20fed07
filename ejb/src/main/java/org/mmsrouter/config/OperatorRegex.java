package org.mmsrouter.config;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;

/**
 * A regular expression an operator configured (an MMSC's ownership rules), evaluated against text a
 * client chose (retrieval paths, Transaction-IDs, Message-IDs). It runs on RE2/J, whose matching
 * time grows linearly with the input whatever the pattern: a pattern like {@code ((a+)+)+} cannot
 * make a crafted path hold a request thread (java.util.regex backtracks exponentially on it).
 * The price is RE2's syntax: backreferences, lookahead, lookbehind, atomic groups and possessive
 * quantifiers do not exist there, and such patterns are refused when the setting is read, with the
 * reason, rather than at the first request.
 */
public final class OperatorRegex {

    /** Longer patterns are refused: an ownership rule is a host, a path shape or an ID shape. */
    static final int MAX_LENGTH = 1_000;

    private final Pattern pattern;

    private OperatorRegex(Pattern pattern) {
        this.pattern = pattern;
    }

    /**
     * Compiles {@code regex}.
     *
     * @throws IllegalArgumentException saying why, when it is not a pattern RE2/J runs
     */
    public static OperatorRegex compile(String regex) {
        if (regex == null) {
            throw new IllegalArgumentException("no regular expression given");
        }
        if (regex.length() > MAX_LENGTH) {
            throw new IllegalArgumentException(
                    "a regular expression of " + regex.length() + " characters is longer than " + MAX_LENGTH);
        }
        // java.util.regex reads [a-z&&[^b]] as an intersection; RE2 reads '&&[' as literal characters
        // and would silently match something else. Refused rather than reinterpreted.
        if (regex.contains("&&[")) {
            throw new IllegalArgumentException(
                    "'" + regex + "': character class intersection (&&[...]) is not supported" + unsupportedHint());
        }
        try {
            return new OperatorRegex(Pattern.compile(regex));
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException(
                    "'" + regex + "' is not a regular expression the router runs: " + reason(e) + unsupportedHint());
        }
    }

    /** RE2/J's message names the offending part ("invalid escape sequence: `\\1`"); its prefix says nothing. */
    private static String reason(PatternSyntaxException e) {
        String message = String.valueOf(e.getMessage());
        String prefix = "error parsing regexp: ";
        return message.startsWith(prefix) ? message.substring(prefix.length()) : message;
    }

    private static String unsupportedHint() {
        return " (patterns run in linear time with RE2 syntax: no backreferences, lookahead, lookbehind,"
                + " atomic groups or possessive quantifiers)";
    }

    /** Whether the whole of {@code input} matches (as {@code java.util.regex.Matcher#matches}). */
    public boolean matchesWhole(CharSequence input) {
        return pattern.matcher(input).matches();
    }

    /** The pattern as configured. */
    public String source() {
        return pattern.pattern();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof OperatorRegex that && source().equals(that.source());
    }

    @Override
    public int hashCode() {
        return source().hashCode();
    }

    @Override
    public String toString() {
        return source();
    }
}
