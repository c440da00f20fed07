package org.mmsrouter.registry;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.DependsOn;
import jakarta.ejb.EJB;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.Timeout;
import jakarta.ejb.TimerConfig;
import jakarta.ejb.TimerService;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.logging.Logger;
import org.mmsrouter.config.MmscDefinition;
import org.mmsrouter.config.RouterConfiguration;
import org.mmsrouter.config.RouterSettings;
import org.mmsrouter.config.SettingsReloaded;
import org.mmsrouter.routing.AdminState;

/**
 * The MMSC registry: which MMSCs exist, where they are, and how traffic is shared among them.
 * Stored in the registry database (JPA; an H2 file by default, PostgreSQL for a cluster).
 * <p>
 * Which MMSCs exist and their URLs always come from the settings file, so automation keeps
 * working. Their routing attributes (priority, weight, recipient prefixes, admin state, max rate)
 * come from the file too, until NOC staff edit them at run time: from then on the database's values
 * win, across restarts, until {@code mmsrouter.registry.import=replace} re-imports the file.
 * An MMSC no longer in the file is removed from the registry at start, unless it was added at run
 * time through the API ({@link #add}); those stay until removed through the API ({@link #remove}).
 */
@Singleton
@Startup
@DependsOn("RouterConfiguration")
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
public class MmscRegistry {

    private static final Logger LOG = Logger.getLogger(MmscRegistry.class.getName());

    @PersistenceContext(unitName = "mms-router")
    private EntityManager database;

    @EJB
    private RouterConfiguration configuration;

    @Resource
    private TimerService timerService;

    /** Local edits, applied once committed ({@link #committed}). */
    @Inject
    private Event<RegistryEdit> edits;

    /** Tells the observers (health, forwarding, retrievals) the MMSCs in force after every change. */
    @Inject
    private Event<MmscsChanged> changes;

    private final Clock clock = Clock.systemUTC();
    /** The settings as loaded: the refresh timer must not call another bean (it may fire while the deployment starts). */
    private volatile RouterSettings settings;
    /** Settings-file order; replaced whole on every change, so readers never lock. */
    private volatile List<RegisteredMmsc> current = List.of();

    @PostConstruct
    @TransactionAttribute(TransactionAttributeType.REQUIRED)
    void load() {
        settings = configuration.settings();
        current = List.copyOf(importFrom(settings));
        LOG.info(() -> "MMSC registry: " + current.size() + " MMSC(s)");
        long every = settings.nodes().heartbeat().toMillis();
        timerService.createIntervalTimer(every, every, new TimerConfig("registry-refresh", false));
    }

    /**
     * A settings reload: the settings file's MMSCs are imported again as at start — new ones added,
     * URLs and probes updated, routing taken from the file unless edited at run time (or
     * {@code registry.import=replace}), those gone from the file removed — and are in force once the
     * transaction commits. (The container calls it; not for callers.)
     */
    @TransactionAttribute(TransactionAttributeType.REQUIRED)
    public void settingsReloaded(@Observes SettingsReloaded reload) {
        if (reload.previous().mmscs().equals(reload.current().mmscs())
                && reload.previous().registryImport() == reload.current().registryImport()) {
            return;
        }
        settings = reload.current();
        List<RegisteredMmsc> imported = importFrom(settings);
        change(next -> {
            next.clear();
            next.addAll(imported);
        });
        LOG.info(() -> "MMSC registry reloaded from the settings: " + imported.size() + " MMSC(s)");
    }

    /** Merges the settings file's MMSCs into the database; the MMSCs in force after it, in settings-file order. */
    private List<RegisteredMmsc> importFrom(RouterSettings settings) {
        boolean replace = settings.registryImport() == RouterSettings.RegistryImport.REPLACE;
        Map<String, MmscRecord> stored = new HashMap<>();
        for (MmscRecord record : database.createQuery("select m from MmscRecord m", MmscRecord.class)
                .getResultList()) {
            stored.put(record.id(), record);
        }
        Instant now = clock.instant();
        List<RegisteredMmsc> loaded = new ArrayList<>();
        for (MmscDefinition fromFile : settings.mmscs()) {
            MmscRecord record = stored.remove(fromFile.id());
            if (record == null) {
                record = new MmscRecord(fromFile, now, RegisteredMmsc.FROM_SETTINGS);
                database.persist(record);
            } else {
                record.define(fromFile);
                if (replace || RegisteredMmsc.FROM_SETTINGS.equals(record.updatedBy())) {
                    record.route(fromFile.routing(), now, RegisteredMmsc.FROM_SETTINGS);
                } else {
                    MmscRecord kept = record;
                    LOG.info(() -> "MMSC " + fromFile.id() + " keeps the routing set by " + kept.updatedBy() + " at "
                            + kept.updatedAt() + ": " + kept.routing());
                }
            }
            loaded.add(registered(fromFile, record));
        }
        for (MmscRecord other : stored.values()) {
            if (other.addedAtRunTime()) {
                loaded.add(registered(other.definition(), other));
            } else {
                LOG.warning(() -> "MMSC " + other.id() + " is no longer in the settings: removed from the registry");
                database.remove(other);
            }
        }
        database.flush();
        return loaded;
    }

    /**
     * Follows edits other router nodes made in the shared database (routing attributes, MMSCs added
     * or removed at run time), at the pace of the node heartbeat: a drain on one node reaches every
     * node within a couple of seconds. Edits made here are in force already and read back unchanged.
     */
    @Timeout
    @TransactionAttribute(TransactionAttributeType.REQUIRED)
    void refresh() {
        // Under the monitor local edits publish with (after their commit): a read taken before such
        // a commit is compared with the list as it was before that edit, so it never reverts it.
        synchronized (this) {
            refreshFromDatabase();
        }
    }

    private void refreshFromDatabase() {
        Map<String, MmscRecord> stored = new HashMap<>();
        for (MmscRecord record : database.createQuery("select m from MmscRecord m", MmscRecord.class)
                .getResultList()) {
            stored.put(record.id(), record);
        }
        List<RegisteredMmsc> seen = new ArrayList<>();
        for (MmscDefinition fromFile : settings.mmscs()) {
            MmscRecord record = stored.remove(fromFile.id());
            if (record == null) {
                find(fromFile.id()).ifPresent(seen::add); // loaded at start: its row cannot be gone
            } else {
                seen.add(registered(fromFile, record));
            }
        }
        for (MmscRecord other : stored.values()) {
            if (other.addedAtRunTime()) {
                seen.add(registered(other.definition(), other));
            }
        }
        if (!sameRegistry(seen, current)) {
            LOG.info(() -> "MMSC registry changed in the database (another node): " + seen.size() + " MMSC(s), "
                    + seen.stream()
                            .map(m -> m.definition().id() + " "
                                    + m.definition().routing().adminState() + " by " + m.updatedBy())
                            .toList());
            publish(next -> {
                next.clear();
                next.addAll(seen);
            });
        }
    }

    /** An MMSC as stored: its definition (from the settings file, or as added) with the record's routing. */
    private static RegisteredMmsc registered(MmscDefinition definition, MmscRecord record) {
        return new RegisteredMmsc(definition.withRouting(record.routing()), record.updatedAt(), record.updatedBy());
    }

    /** Equal MMSCs, attributes and authors; times to the millisecond (databases keep fewer digits than the clock). */
    static boolean sameRegistry(List<RegisteredMmsc> a, List<RegisteredMmsc> b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            RegisteredMmsc x = a.get(i);
            RegisteredMmsc y = b.get(i);
            if (!x.definition().equals(y.definition())
                    || !Objects.equals(x.updatedBy(), y.updatedBy())
                    || x.updatedAt().toEpochMilli() != y.updatedAt().toEpochMilli()) {
                return false;
            }
        }
        return true;
    }

    /** Every registered MMSC, in settings-file order. */
    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public List<RegisteredMmsc> mmscs() {
        return current;
    }

    /** The definitions in force (routing attributes included), in settings-file order. */
    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public List<MmscDefinition> definitions() {
        return current.stream().map(RegisteredMmsc::definition).toList();
    }

    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public Optional<RegisteredMmsc> find(String id) {
        return current.stream().filter(m -> m.definition().id().equals(id)).findFirst();
    }

    /**
     * Changes an MMSC's routing attributes, stored before they take effect.
     *
     * @param by who changed them (kept with the record and logged)
     * @return the MMSC as registered now, or empty if there is no such MMSC
     */
    @TransactionAttribute(TransactionAttributeType.REQUIRED)
    public Optional<RegisteredMmsc> route(String id, MmscDefinition.Routing routing, String by) {
        MmscRecord record = database.find(MmscRecord.class, id);
        Optional<RegisteredMmsc> registered = find(id);
        if (record == null || registered.isEmpty()) {
            return Optional.empty();
        }
        MmscDefinition.Routing before = registered.get().definition().routing();
        record.route(routing, clock.instant(), by);
        database.flush();
        RegisteredMmsc updated =
                new RegisteredMmsc(registered.get().definition().withRouting(routing), record.updatedAt(), by);
        replace(updated);
        LOG.info(() -> "MMSC " + id + " routing changed by " + by + ": " + before + " -> " + routing);
        return Optional.of(updated);
    }

    /** What adding or removing an MMSC at run time did. */
    public enum Membership {
        DONE,
        ALREADY_EXISTS,
        NOT_FOUND,
        IN_SETTINGS_FILE,
        STILL_ENABLED
    }

    /**
     * Adds an MMSC at run time (probed by the default HTTP probe); it stays across restarts.
     *
     * @param by who added it (kept with the record and logged)
     */
    @TransactionAttribute(TransactionAttributeType.REQUIRED)
    public Membership add(MmscDefinition mmsc, String by) {
        if (find(mmsc.id()).isPresent() || database.find(MmscRecord.class, mmsc.id()) != null) {
            return Membership.ALREADY_EXISTS;
        }
        MmscRecord record = new MmscRecord(mmsc, clock.instant(), by);
        record.markAddedAtRunTime();
        database.persist(record);
        database.flush();
        change(next -> next.add(new RegisteredMmsc(record.definition(), record.updatedAt(), by)));
        LOG.info(() -> "MMSC " + mmsc.id() + " added by " + by + ": " + mmsc.url() + " " + mmsc.routing());
        return Membership.DONE;
    }

    /**
     * Removes an MMSC added at run time. As HAProxy asks a server to be in maintenance before it is
     * deleted, the MMSC must be disabled first, so no MM is routed to it while it goes; one defined
     * in the settings file is removed there instead (it would come back at the next start).
     */
    @TransactionAttribute(TransactionAttributeType.REQUIRED)
    public Membership remove(String id, String by) {
        MmscRecord record = database.find(MmscRecord.class, id);
        Optional<RegisteredMmsc> registered = find(id);
        if (record == null || registered.isEmpty()) {
            return Membership.NOT_FOUND;
        }
        if (!record.addedAtRunTime()) {
            return Membership.IN_SETTINGS_FILE;
        }
        if (registered.get().definition().routing().adminState() != AdminState.DISABLED) {
            return Membership.STILL_ENABLED;
        }
        database.remove(record);
        database.flush();
        change(next -> next.removeIf(m -> m.definition().id().equals(id)));
        LOG.info(() -> "MMSC " + id + " removed by " + by);
        return Membership.DONE;
    }

    private void replace(RegisteredMmsc updated) {
        change(next -> next.replaceAll(
                m -> m.definition().id().equals(updated.definition().id()) ? updated : m));
    }

    /**
     * A local edit, in force once its transaction commits (the database has it by then, so the
     * refresh reads it back unchanged); a rolled-back edit changes nothing.
     */
    private void change(Consumer<List<RegisteredMmsc>> edit) {
        edits.fire(new RegistryEdit(edit));
    }

    /** A local edit whose transaction committed: now in force. (The container calls it; not for callers.) */
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    public void committed(@Observes(during = TransactionPhase.AFTER_SUCCESS) RegistryEdit edit) {
        publish(edit.edit());
    }

    /** Applies one change to a copy of the list, publishes it, and tells the observers ({@link MmscsChanged}). */
    private synchronized void publish(Consumer<List<RegisteredMmsc>> edit) {
        List<RegisteredMmsc> next = new ArrayList<>(current);
        edit.accept(next);
        current = List.copyOf(next);
        changes.fire(new MmscsChanged(definitions()));
    }
}
