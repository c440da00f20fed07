package org.mmsrouter.queue;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which queued MMs a view or an action is about: every given criterion must hold (AND); none given
 * selects them all. Parsed from the admin API's query parameters ({@link #parse}); bad input is an
 * {@link IllegalArgumentException} whose message names the parameter.
 *
 * @param mmsc            the MMSC of the last attempt; {@link #NO_MMSC} selects MMs not yet tried
 * @param senderPrefix    the sender address starts with it
 * @param recipientPrefix some recipient (To, Cc or Bcc) starts with it
 * @param olderThan       queued at least this long
 * @param newerThan       queued less than this long
 * @param states          in one of these states (empty: any)
 * @param followUp        {@code true} follow-ups only, {@code false} submissions only, {@code null} both
 */
public record QueueSelection(
        String mmsc,
        String senderPrefix,
        String recipientPrefix,
        Duration olderThan,
        Duration newerThan,
        Set<QueueState> states,
        Boolean followUp) {

    /** The {@code mmsc} value that selects MMs no MMSC has been tried for yet. */
    public static final String NO_MMSC = "(none)";

    /** Everything. */
    public static final QueueSelection ALL = new QueueSelection(null, null, null, null, null, Set.of(), null);

    private static final Pattern SHORT_DURATION = Pattern.compile("(\\d{1,9})([smhd]?)");

    public QueueSelection {
        states = states.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(states));
    }

    /**
     * The selection the parameters name: {@code mmsc}, {@code sender}, {@code recipient},
     * {@code olderThan} / {@code newerThan} (seconds, {@code 90s}, {@code 10m}, {@code 2h}, {@code 1d} or
     * ISO-8601 {@code PT10M}), {@code state} (comma-separated {@link QueueState#label()}s), {@code kind}
     * ({@code submission} or {@code follow-up}). Blank values count as absent.
     */
    public static QueueSelection parse(Map<String, String> parameters) {
        String kind = value(parameters, "kind");
        Boolean followUp = null;
        if (kind != null) {
            followUp = switch (kind.toLowerCase(Locale.ROOT)) {
                case "submission" -> false;
                case "follow-up" -> true;
                default -> throw new IllegalArgumentException("kind must be submission or follow-up, not " + kind);
            };
        }
        Set<QueueState> states = EnumSet.noneOf(QueueState.class);
        String state = value(parameters, "state");
        if (state != null) {
            for (String label : state.split(",")) {
                states.add(QueueState.ofLabel(label));
            }
        }
        Duration older = duration(parameters, "olderThan");
        Duration newer = duration(parameters, "newerThan");
        if (older != null && newer != null && older.compareTo(newer) >= 0) {
            throw new IllegalArgumentException("olderThan (" + older + ") must be less than newerThan (" + newer + ")");
        }
        return new QueueSelection(
                value(parameters, "mmsc"),
                address(parameters, "sender"),
                address(parameters, "recipient"),
                older,
                newer,
                states,
                followUp);
    }

    /** Whether {@code mm} is selected at {@code now}. */
    public boolean matches(QueuedMmView mm, Instant now) {
        if (mmsc != null && !(NO_MMSC.equals(mmsc) ? mm.mmsc() == null : mmsc.equals(mm.mmsc()))) {
            return false;
        }
        if (senderPrefix != null && (mm.sender() == null || !mm.sender().startsWith(senderPrefix))) {
            return false;
        }
        if (recipientPrefix != null && mm.recipients().stream().noneMatch(r -> r.startsWith(recipientPrefix))) {
            return false;
        }
        Duration age = mm.age(now);
        if (olderThan != null && age.compareTo(olderThan) < 0) {
            return false;
        }
        if (newerThan != null && age.compareTo(newerThan) >= 0) {
            return false;
        }
        if (!states.isEmpty() && !states.contains(mm.state())) {
            return false;
        }
        return followUp == null || followUp == mm.followUp();
    }

    /** Whether it filters by subscriber data (sender or recipient), which only operators may do. */
    public boolean bySubscriber() {
        return senderPrefix != null || recipientPrefix != null;
    }

    /** One text per distinct selection, the same for equal selections (what a confirmation token binds). */
    public String canonical() {
        StringJoiner out = new StringJoiner("&");
        add(out, "mmsc", mmsc);
        add(out, "sender", senderPrefix);
        add(out, "recipient", recipientPrefix);
        add(out, "olderThan", olderThan == null ? null : Long.toString(olderThan.toSeconds()));
        add(out, "newerThan", newerThan == null ? null : Long.toString(newerThan.toSeconds()));
        if (!states.isEmpty()) {
            StringJoiner labels = new StringJoiner(",");
            EnumSet.copyOf(states).forEach(s -> labels.add(s.label()));
            out.add("state=" + labels);
        }
        add(out, "kind", followUp == null ? null : followUp ? "follow-up" : "submission");
        return out.toString();
    }

    /** The same selection restricted to {@code allowed} states (all of them when it named none). */
    public QueueSelection within(Set<QueueState> allowed) {
        Set<QueueState> narrowed = EnumSet.noneOf(QueueState.class);
        narrowed.addAll(states.isEmpty() ? allowed : states);
        narrowed.retainAll(allowed);
        if (narrowed.isEmpty()) {
            throw new InvalidQueueRequest("state must be one of " + labels(allowed) + " for this action");
        }
        return new QueueSelection(mmsc, senderPrefix, recipientPrefix, olderThan, newerThan, narrowed, followUp);
    }

    private static String labels(Set<QueueState> states) {
        StringJoiner out = new StringJoiner(", ");
        EnumSet.copyOf(states).forEach(s -> out.add(s.label()));
        return out.toString();
    }

    private static void add(StringJoiner out, String name, String value) {
        if (value != null) {
            out.add(name + "=" + value);
        }
    }

    private static String value(Map<String, String> parameters, String name) {
        String value = parameters.get(name);
        return value == null || value.isBlank() ? null : value.trim();
    }

    /** An address prefix: digits, '+', letters, '@', '.', '-', '_', '/' (as MMS addresses are written). */
    private static String address(Map<String, String> parameters, String name) {
        String value = value(parameters, name);
        if (value != null && (value.length() > 64 || !value.matches("[+0-9A-Za-z@._/=-]+"))) {
            throw new IllegalArgumentException(name + " must be an address prefix (up to 64 of + 0-9 a-z @ . _ / = -)");
        }
        return value;
    }

    static Duration duration(Map<String, String> parameters, String name) {
        String value = value(parameters, name);
        if (value == null) {
            return null;
        }
        Matcher shortForm = SHORT_DURATION.matcher(value.toLowerCase(Locale.ROOT));
        if (shortForm.matches()) {
            long amount = Long.parseLong(shortForm.group(1));
            return switch (shortForm.group(2)) {
                case "m" -> Duration.ofMinutes(amount);
                case "h" -> Duration.ofHours(amount);
                case "d" -> Duration.ofDays(amount);
                default -> Duration.ofSeconds(amount);
            };
        }
        try {
            Duration parsed = Duration.parse(value.toUpperCase(Locale.ROOT));
            if (parsed.isNegative()) {
                throw new IllegalArgumentException(name + " must not be negative");
            }
            return parsed;
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(
                    name + " must be a duration (600, 90s, 10m, 2h, 1d or PT10M), not " + value);
        }
    }
}
