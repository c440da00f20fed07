package org.mmsrouter.registry;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import org.mmsrouter.config.MmscDefinition;
import org.mmsrouter.routing.AdminState;

/**
 * One MMSC as the registry database stores it: its endpoints (from the settings file) and its
 * routing attributes with who last set them ("settings", or the API caller that edited them).
 */
@Entity
@Table(name = "MMSC")
public class MmscRecord {

    @Id
    @Column(length = 32)
    private String id;

    @Column(nullable = false, length = 2000)
    private String url;

    @Column(name = "PROBE_URL", nullable = false, length = 2000)
    private String probeUrl;

    @Column(nullable = false)
    private int priority;

    @Column(nullable = false)
    private int weight;

    /** Comma-separated, as in the settings file. */
    @Column(name = "RECIPIENT_PREFIXES", nullable = false, length = 4000)
    private String recipientPrefixes;

    @Column(name = "ADMIN_STATE", nullable = false, length = 16)
    private String adminState;

    @Column(name = "MAX_RATE", nullable = false)
    private int maxRate;

    @Column(name = "UPDATED_AT", nullable = false)
    private Instant updatedAt;

    @Column(name = "UPDATED_BY", nullable = false, length = 200)
    private String updatedBy;

    /** True for MMSCs added through the API: they stay across restarts though the settings file lacks them. */
    @Column(name = "ADDED_AT_RUN_TIME")
    private Boolean addedAtRunTime;

    /** Ownership rules (null in rows written before they existed): comma-separated lists and regexes. */
    @Column(name = "OWNS_HOSTS", length = 2000)
    private String ownsHosts;

    @Column(name = "OWNS_PATH_PREFIXES", length = 2000)
    private String ownsPathPrefixes;

    @Column(name = "OWNS_PATH_REGEX", length = 2000)
    private String ownsPathRegex;

    @Column(name = "OWNS_ID_REGEX", length = 2000)
    private String ownsIdRegex;

    /** Optimistic locking: two consoles editing the same MMSC cannot silently overwrite each other. */
    @Version
    private long version;

    protected MmscRecord() {
        // for JPA
    }

    MmscRecord(MmscDefinition mmsc, Instant at, String by) {
        this.id = mmsc.id();
        define(mmsc);
        route(mmsc.routing(), at, by);
    }

    /** Takes the MMSC's endpoints and ownership rules (for a settings-file MMSC, always the file's). */
    final void define(MmscDefinition mmsc) {
        url = mmsc.url().toString();
        probeUrl = mmsc.probeUrl().toString();
        MmscDefinition.Ownership owns = mmsc.owns();
        ownsHosts = String.join(",", owns.hosts());
        ownsPathPrefixes = String.join(",", owns.pathPrefixes());
        ownsPathRegex = owns.pathRegex();
        ownsIdRegex = owns.idRegex();
    }

    private MmscDefinition.Ownership ownership() {
        try {
            return new MmscDefinition.Ownership(split(ownsHosts), split(ownsPathPrefixes), ownsPathRegex, ownsIdRegex);
        } catch (IllegalArgumentException e) {
            // A pattern stored through the API before ownership patterns ran on RE2 (e.g. one with lookahead):
            // say which MMSC and where, rather than a bare pattern error at start.
            throw new IllegalStateException(
                    "MMSC " + id + " in the registry database (table MMSC, columns OWNS_PATH_REGEX,"
                            + " OWNS_ID_REGEX) has an ownership rule this router refuses: " + e.getMessage(),
                    e);
        }
    }

    private static List<String> split(String joined) {
        return joined == null || joined.isEmpty() ? List.of() : List.of(joined.split(","));
    }

    /** Takes routing attributes and notes who set them. */
    final void route(MmscDefinition.Routing routing, Instant at, String by) {
        priority = routing.priority();
        weight = routing.weight();
        recipientPrefixes = String.join(",", routing.recipientPrefixes());
        adminState = routing.adminState().name();
        maxRate = routing.maxRate();
        updatedAt = at;
        updatedBy = by;
    }

    /** The stored routing attributes. */
    MmscDefinition.Routing routing() {
        List<String> prefixes = recipientPrefixes.isEmpty() ? List.of() : List.of(recipientPrefixes.split(","));
        return new MmscDefinition.Routing(priority, weight, prefixes, AdminState.valueOf(adminState), maxRate);
    }

    boolean addedAtRunTime() {
        return Boolean.TRUE.equals(addedAtRunTime);
    }

    void markAddedAtRunTime() {
        addedAtRunTime = Boolean.TRUE;
    }

    /** The MMSC this record describes (endpoints, default probe, stored routing, ownership rules). */
    MmscDefinition definition() {
        return new MmscDefinition(
                id, URI.create(url), URI.create(probeUrl), MmscDefinition.Probe.DEFAULT, routing(), ownership());
    }

    String id() {
        return id;
    }

    Instant updatedAt() {
        return updatedAt;
    }

    String updatedBy() {
        return updatedBy;
    }
}
