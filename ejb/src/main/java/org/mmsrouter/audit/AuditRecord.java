package org.mmsrouter.audit;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** An {@link AuditEntry} in the shared database, so that every node's console shows every node's actions. */
@Entity
@Table(name = "AUDIT_EVENT")
public class AuditRecord {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "OCCURRED_AT", nullable = false)
    private Instant occurredAt;

    @Column(name = "USER_NAME", nullable = false, length = 200)
    private String user;

    @Column(name = "FROM_ADDRESS", length = 100)
    private String from;

    @Column(length = 64)
    private String node;

    @Column(nullable = false, length = 100)
    private String action;

    @Column(length = 300)
    private String target;

    @Column(length = 1000)
    private String detail;

    @Column(length = 300)
    private String outcome;

    protected AuditRecord() {
        // for JPA
    }

    AuditRecord(AuditEntry entry) {
        occurredAt = entry.at();
        user = entry.user();
        from = entry.from();
        node = entry.node();
        action = entry.action();
        target = cut(entry.target(), 300);
        detail = cut(entry.detail(), 1000);
        outcome = cut(entry.outcome(), 300);
    }

    private static String cut(String value, int length) {
        return value == null || value.length() <= length ? value : value.substring(0, length);
    }

    AuditEntry toEntry() {
        return new AuditEntry(occurredAt, user, from, node, action, target, detail, outcome);
    }
}
