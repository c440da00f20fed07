package org.mmsrouter.retrieval;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.mmsrouter.config.MmscDefinition;
import org.mmsrouter.health.HealthView;
import org.mmsrouter.health.MmscHealth;
import org.mmsrouter.mm.LearnedOwners;
import org.mmsrouter.pdu.PduHeaders;
import org.mmsrouter.routing.AdminState;

/**
 * Who owns a message, among the MMSCs in force: by the operator's rules, else by what the router
 * learned ({@link OwnerResolver}); and, when neither knows, which MMSCs a sweep asks, in what order.
 * An immutable snapshot of the registry's MMSCs over the live health view, replaced whole when the
 * registry changes (what was learned stays). Pure logic: no container, no I/O.
 */
public final class Owners {

    /** Which MMSCs a sweep asks. */
    public enum Scope {
        /** Up and not disabled: a draining MMSC takes no new MMs but still serves those it holds. */
        LIVE,
        /** Not disabled, up or not: an indication whose owner is unknown goes to every one of them. */
        ENABLED
    }

    /** An owner among the MMSCs in force, and how it was found. */
    public record Owner(MmscDefinition mmsc, OwnerResolver.Source source) {}

    private final List<MmscDefinition> mmscs;
    private final OwnerResolver resolver;
    private final HealthView health;

    /**
     * @param mmscs   the registry's MMSCs (their ownership rules included)
     * @param learned what the router learned, shared by every snapshot
     * @param health  the MMSCs' health now
     */
    public Owners(List<MmscDefinition> mmscs, LearnedOwners learned, HealthView health) {
        this.mmscs = List.copyOf(mmscs);
        this.resolver = new OwnerResolver(
                mmscs.stream()
                        .map(OwnershipRule::of)
                        .filter(rule -> !rule.isEmpty())
                        .toList(),
                learned);
        this.health = health;
    }

    /** The owner of what a GET for {@code pathAndQuery} on {@code host} (port -1: none) retrieves. */
    public Optional<Owner> forUrl(String host, int port, String pathAndQuery) {
        return inForce(resolver.forUrl(host, port, pathAndQuery));
    }

    /** The owner of the message a follow-up PDU (its header scan) is about. */
    public Optional<Owner> forPdu(PduHeaders keys) {
        List<String> locations = keys.contentLocation() == null ? List.of() : List.of(keys.contentLocation());
        return inForce(resolver.forPdu(keys.transactionId(), keys.messageId(), locations));
    }

    /** The resolver's owner when it is one of the MMSCs in force (one removed since it was learned is not). */
    private Optional<Owner> inForce(Optional<OwnerResolver.Owner> owner) {
        return owner.flatMap(o -> mmscs.stream()
                .filter(m -> m.id().equals(o.mmscId()))
                .findFirst()
                .map(mmsc -> new Owner(mmsc, o.source())));
    }

    /** The MMSCs a sweep of {@code scope} asks, in priority order (the one candidate filter). */
    public List<MmscDefinition> candidates(Scope scope) {
        return mmscs.stream()
                .filter(m -> enabled(m) && (scope == Scope.ENABLED || routable(m)))
                .sorted(Comparator.comparingInt(m -> m.routing().priority()))
                .toList();
    }

    /** Whether {@code mmsc} may be asked now: up, and not disabled. */
    public boolean serves(MmscDefinition mmsc) {
        return enabled(mmsc) && routable(mmsc);
    }

    /** An MMSC that is not disabled but out of routing now: it may hold what the live ones do not. */
    public Optional<MmscDefinition> awayButEnabled() {
        return mmscs.stream().filter(m -> enabled(m) && !routable(m)).findFirst();
    }

    /** The health of {@code mmsc}, for the reason a request was not sent to it. */
    public MmscHealth state(MmscDefinition mmsc) {
        return health.state(mmsc.id());
    }

    /** How many MMSCs have ownership rules. */
    public long withRules() {
        return mmscs.stream().filter(m -> !m.owns().definesNothing()).count();
    }

    private static boolean enabled(MmscDefinition mmsc) {
        return mmsc.routing().adminState() != AdminState.DISABLED;
    }

    /** Routable now; false for an MMSC removed since this snapshot was taken. */
    private boolean routable(MmscDefinition mmsc) {
        try {
            return health.isRoutable(mmsc.id());
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
