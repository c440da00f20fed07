package org.mmsrouter.audit;

import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Instant;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.mmsrouter.nodes.NodeDirectory;

/**
 * Who did what, when, from where: every action taken through the admin API goes to the audit log
 * file (logger {@value #LOGGER}, its own rotating file set up by wildfly-config) and to the shared
 * database, from which the console lists the latest.
 */
@Stateless
public class AuditLog {

    /** The audit logger; server.cli gives it its own file, log/audit.log. */
    public static final String LOGGER = "org.mmsrouter.audit";

    private static final Logger AUDIT = Logger.getLogger(LOGGER);
    private static final Logger LOG = Logger.getLogger(AuditLog.class.getName());

    /** At most this many entries are listed at once. */
    public static final int MAX_LIST = 1_000;

    @PersistenceContext(unitName = "mms-router")
    private EntityManager database;

    @EJB
    private NodeDirectory nodes;

    /**
     * Records an action. The file line is written first and always; the database row in a
     * transaction of its own, so that the action's rollback does not hide it. A database failure
     * reaches the caller (the line is in the file all the same).
     */
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public void record(String user, String from, String action, String target, String detail, String outcome) {
        AuditEntry entry = new AuditEntry(Instant.now(), user, from, nodes.name(), action, target, detail, outcome);
        AUDIT.info(entry::toLogLine);
        try {
            database.persist(new AuditRecord(entry));
            database.flush();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "audit entry kept in the audit file only (database: " + e.getMessage() + ")", e);
            throw e;
        }
    }

    /** The latest entries, newest first. */
    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public List<AuditEntry> latest(int limit) {
        return database
                .createQuery("select a from AuditRecord a order by a.occurredAt desc, a.id desc", AuditRecord.class)
                .setMaxResults(Math.max(1, Math.min(limit, MAX_LIST)))
                .getResultList()
                .stream()
                .map(AuditRecord::toEntry)
                .toList();
    }
}
