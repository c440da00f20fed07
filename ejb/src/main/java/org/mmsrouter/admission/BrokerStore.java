package org.mmsrouter.admission;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;
import javax.naming.InitialContext;
import javax.naming.NamingException;
import javax.sql.DataSource;

/**
 * Whether the broker's store could take writes again, for {@link BrokerRecovery}. A journal on a
 * database (attribute {@code journal-datasource} of the messaging server defined, the cluster's
 * shared store): a connection from that datasource must be valid, and the disk must have room (the
 * paging and large-message directories stay on the file system). A file journal: the disk must have
 * room. "Room" is admission control's disk verdict (no refusal) and at least
 * {@link #MIN_HEADROOM_BYTES} before the fullest volume's refuse mark: with the marks turned off a
 * full volume is no refusal, and a broker started there would stop again at once.
 */
final class BrokerStore {

    /** Enough for a new journal file (10 MiB by default) and then some. */
    static final long MIN_HEADROOM_BYTES = 32L * 1024 * 1024;

    private static final int VALID_SECONDS = 2;

    private final MBeanServer mbeans;

    BrokerStore(MBeanServer mbeans) {
        this.mbeans = mbeans;
    }

    /**
     * Looks at the store.
     *
     * @param disk     admission control's last disk verdict (empty: no refusal)
     * @param headroom bytes before the fullest watched volume reaches its refuse mark
     */
    BrokerRecovery.Store look(Optional<Refusal> disk, long headroom) {
        BrokerRecovery.Store onDisk = disk(disk, headroom);
        Optional<String> datasource = journalDatasource();
        if (datasource.isEmpty() || !onDisk.usable()) {
            return onDisk;
        }
        return database(datasource.get(), onDisk);
    }

    /** The disk verdict as a store (plain logic). */
    static BrokerRecovery.Store disk(Optional<Refusal> disk, long headroom) {
        if (disk.isPresent()) {
            return new BrokerRecovery.Store(false, disk.get().reason());
        }
        if (headroom < MIN_HEADROOM_BYTES) {
            return new BrokerRecovery.Store(
                    false,
                    "only " + headroom / (1024 * 1024) + " MiB of disk headroom, under the "
                            + MIN_HEADROOM_BYTES / (1024 * 1024) + " MiB a broker start needs");
        }
        return new BrokerRecovery.Store(
                true,
                headroom == Long.MAX_VALUE
                        ? "no watched volume"
                        : "disk headroom " + headroom / (1024 * 1024) + " MiB");
    }

    private BrokerRecovery.Store database(String datasource, BrokerRecovery.Store onDisk) {
        String jndi = jndiName(datasource);
        try (Connection connection = InitialContext.<DataSource>doLookup(jndi).getConnection()) {
            return connection.isValid(VALID_SECONDS)
                    ? new BrokerRecovery.Store(
                            true, "journal datasource " + datasource + " answers; " + onDisk.description())
                    : new BrokerRecovery.Store(
                            false,
                            "journal datasource " + datasource + ": no valid connection within " + VALID_SECONDS
                                    + " s");
        } catch (NamingException | SQLException | RuntimeException e) {
            return new BrokerRecovery.Store(false, "journal datasource " + datasource + " (" + jndi + "): " + e);
        }
    }

    /** The messaging server's journal datasource, when its journal is on a database. */
    private Optional<String> journalDatasource() {
        try {
            Object name = mbeans.getAttribute(name(BrokerProbe.SERVER), "journalDatasource");
            return name == null || name.toString().isBlank() ? Optional.empty() : Optional.of(name.toString());
        } catch (JMException | RuntimeException e) {
            return Optional.empty(); // outside WildFly, or no such attribute: a file journal
        }
    }

    /** The datasource's JNDI name from the model; WildFly's usual one when it cannot be read. */
    private String jndiName(String datasource) {
        try {
            Object jndi =
                    mbeans.getAttribute(name("jboss.as:subsystem=datasources,data-source=" + datasource), "jndiName");
            if (jndi != null) {
                return jndi.toString();
            }
        } catch (JMException | RuntimeException e) {
            // fall through to the conventional name
        }
        return "java:jboss/datasources/" + datasource;
    }

    private static ObjectName name(String name) {
        try {
            return new ObjectName(name);
        } catch (MalformedObjectNameException e) {
            throw new IllegalStateException(e);
        }
    }
}
