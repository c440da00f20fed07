package org.mmsrouter.config;

import jakarta.annotation.PostConstruct;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * Loads and validates the router settings when the application starts, and again on a reload
 * ({@link #reload}: {@code POST /admin/api/reload}, {@code mmsrouterctl reload}, or a change of the
 * settings file seen by {@link SettingsWatch}). Invalid settings fail the deployment with a message
 * naming each bad key; an invalid file on a reload leaves the running settings untouched. A reload
 * applies only what the running router can take ({@link SettingsChange}); one that would change a
 * setting fixed at start is refused whole, naming it. Other start-up beans depend on it.
 */
@Singleton
@Startup
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
// Holds no transactional resource: spare every call the JTA transaction that is the EJB default.
@TransactionAttribute(TransactionAttributeType.SUPPORTS)
public class RouterConfiguration {

    private static final Logger LOG = Logger.getLogger(RouterConfiguration.class.getName());

    /** Tells the components holding live settings (registry, health, forwarding, MM1) what is in force now. */
    @Inject
    private Event<SettingsReloaded> reloads;

    private volatile RouterSettings settings;

    @PostConstruct
    void load() {
        SettingsSources.Merged merged = SettingsSources.load(System.getProperties());
        try {
            settings = SettingsParser.parse(merged.values());
        } catch (InvalidSettingsException e) {
            e.problems().forEach(problem -> LOG.severe("Bad setting " + problem));
            throw e;
        }
        LOG.info(() -> "MMS Router settings loaded from " + merged.origin() + ": domains " + settings.mmsDomains()
                + ", MMSCs "
                + settings.mmscs().stream().map(m -> m.id() + "=" + m.url()).toList());
    }

    /** The settings in force. */
    public RouterSettings settings() {
        return settings;
    }

    /**
     * The settings in force, for code on a hot path: a read of this bean's field through a plain
     * object, without a container call (what MM1 reads per request).
     */
    public Supplier<RouterSettings> live() {
        return () -> settings;
    }

    /** Reads the settings sources again and applies what changed, all or nothing. */
    public synchronized ReloadOutcome reload() {
        SettingsSources.Merged merged;
        RouterSettings next;
        try {
            merged = SettingsSources.load(System.getProperties());
            next = SettingsParser.parse(merged.values());
        } catch (InvalidSettingsException e) {
            LOG.warning(() -> "Settings reload refused, the running settings stay: " + e.problems());
            return new ReloadOutcome.Invalid(e.problems());
        }
        RouterSettings previous = settings;
        SettingsChange change = SettingsChange.between(previous, next);
        ReloadOutcome outcome = outcomeOf(change);
        if (outcome instanceof ReloadOutcome.Applied applied) {
            settings = next;
            reloads.fire(new SettingsReloaded(previous, next, change));
            LOG.info(() -> "Settings reloaded from " + merged.origin() + ": " + applied.changed() + " in force");
        } else if (outcome instanceof ReloadOutcome.Refused refused) {
            LOG.warning(() -> "Settings reload refused, nothing applied: " + refused.needRestart());
        }
        return outcome;
    }

    /** What a reload does with {@code change}: nothing, all of it, or nothing when a part needs a restart. */
    static ReloadOutcome outcomeOf(SettingsChange change) {
        if (change.none()) {
            return new ReloadOutcome.Unchanged();
        }
        if (!change.restartOnly().isEmpty()) {
            return new ReloadOutcome.Refused(change.restartOnly(), change.live());
        }
        return new ReloadOutcome.Applied(change.live());
    }
}
