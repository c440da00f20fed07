package org.mmsrouter.admission;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Hashtable;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import javax.management.Attribute;
import javax.management.AttributeList;
import javax.management.AttributeNotFoundException;
import javax.management.DynamicMBean;
import javax.management.MBeanInfo;
import javax.management.MBeanServer;
import javax.management.MBeanServerFactory;
import javax.management.ObjectName;
import javax.naming.Context;
import javax.naming.NameNotFoundException;
import javax.naming.spi.InitialContextFactory;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link BrokerStore} with the journal on a database: the datasource named by the messaging
 * server's {@code journalDatasource} is looked up by the JNDI name the datasources subsystem gives
 * it, and a valid connection from it (with room on the disk) makes the store usable. WildFly's model
 * is stood in for by MBeans of the same names and attributes in a private MBeanServer, JNDI by a
 * one-name context.
 */
class BrokerStoreDatabaseTest {

    private static final long MIB = 1024 * 1024;
    private static final String JNDI = "java:jboss/datasources/MmsRouterJournalDS";

    /** What the fake datasource does: "valid", "invalid" or "down". */
    static volatile String database = "valid";

    static final AtomicInteger lookups = new AtomicInteger();

    private MBeanServer mbeans;
    private String factoryBefore;

    @BeforeEach
    void model() throws Exception {
        mbeans = MBeanServerFactory.newMBeanServer();
        mbeans.registerMBean(
                new Attributes(Map.of("journalDatasource", "MmsRouterJournalDS")), new ObjectName(BrokerProbe.SERVER));
        mbeans.registerMBean(
                new Attributes(Map.of("jndiName", JNDI)),
                new ObjectName("jboss.as:subsystem=datasources,data-source=MmsRouterJournalDS"));
        factoryBefore = System.getProperty(Context.INITIAL_CONTEXT_FACTORY);
        System.setProperty(Context.INITIAL_CONTEXT_FACTORY, OneNameContext.class.getName());
        lookups.set(0);
    }

    @AfterEach
    void restore() {
        if (factoryBefore == null) {
            System.clearProperty(Context.INITIAL_CONTEXT_FACTORY);
        } else {
            System.setProperty(Context.INITIAL_CONTEXT_FACTORY, factoryBefore);
        }
    }

    private BrokerRecovery.Store look(Optional<Refusal> disk, long headroom) {
        return new BrokerStore(mbeans).look(disk, headroom);
    }

    @Test
    void aValidConnectionAndRoomOnTheDiskMakeTheStoreUsable() {
        database = "valid";
        BrokerRecovery.Store store = look(Optional.empty(), 500 * MIB);
        assertTrue(store.usable(), store.description());
        assertEquals("journal datasource MmsRouterJournalDS answers; disk headroom 500 MiB", store.description());
    }

    @Test
    void anInvalidConnectionIsNoStore() {
        database = "invalid";
        BrokerRecovery.Store store = look(Optional.empty(), 500 * MIB);
        assertFalse(store.usable());
        assertTrue(store.description().contains("no valid connection within 2 s"), store.description());
    }

    @Test
    void aDatabaseThatIsAwayIsNoStoreAndSaysWhy() {
        database = "down";
        BrokerRecovery.Store store = look(Optional.empty(), 500 * MIB);
        assertFalse(store.usable());
        assertTrue(
                store.description().contains(JNDI) && store.description().contains("Connection refused"),
                store.description());
    }

    @Test
    void aFullDiskIsNoStoreWithoutAskingTheDatabase() {
        database = "valid";
        Refusal full = new Refusal(Refusal.Cause.DISK, "disk 95 % on /data", Duration.ofSeconds(30));
        assertFalse(look(Optional.of(full), 500 * MIB).usable());
        assertEquals(0, lookups.get());
    }

    /** A read-only MBean with the given attributes, named as WildFly names them. */
    static final class Attributes implements DynamicMBean {
        private final Map<String, Object> values;

        Attributes(Map<String, Object> values) {
            this.values = values;
        }

        @Override
        public Object getAttribute(String name) throws AttributeNotFoundException {
            if (!values.containsKey(name)) {
                throw new AttributeNotFoundException(name);
            }
            return values.get(name);
        }

        @Override
        public void setAttribute(Attribute attribute) {
            throw new UnsupportedOperationException();
        }

        @Override
        public AttributeList getAttributes(String[] names) {
            return new AttributeList();
        }

        @Override
        public AttributeList setAttributes(AttributeList attributes) {
            return new AttributeList();
        }

        @Override
        public Object invoke(String action, Object[] params, String[] signature) {
            throw new UnsupportedOperationException(action);
        }

        @Override
        public MBeanInfo getMBeanInfo() {
            return new MBeanInfo(Attributes.class.getName(), "test", null, null, null, null);
        }
    }

    /** JNDI with one name: the journal's datasource, behaving as {@link #database} says. */
    public static final class OneNameContext implements InitialContextFactory {
        @Override
        public Context getInitialContext(Hashtable<?, ?> environment) {
            return (Context) Proxy.newProxyInstance(
                    getClass().getClassLoader(), new Class<?>[] {Context.class}, (proxy, method, args) -> {
                        if (method.getName().equals("lookup") && JNDI.equals(String.valueOf(args[0]))) {
                            lookups.incrementAndGet();
                            return dataSource();
                        }
                        if (method.getName().equals("close")) {
                            return null;
                        }
                        throw new NameNotFoundException(String.valueOf(args == null ? "" : args[0]));
                    });
        }

        private static DataSource dataSource() {
            return (DataSource) Proxy.newProxyInstance(
                    OneNameContext.class.getClassLoader(), new Class<?>[] {DataSource.class}, (proxy, method, args) -> {
                        if (!method.getName().equals("getConnection")) {
                            throw new UnsupportedOperationException(method.getName());
                        }
                        if ("down".equals(database)) {
                            throw new SQLException("Connection refused");
                        }
                        return connection("valid".equals(database));
                    });
        }

        private static Connection connection(boolean valid) {
            return (Connection) Proxy.newProxyInstance(
                    OneNameContext.class.getClassLoader(),
                    new Class<?>[] {Connection.class},
                    (proxy, method, args) -> switch (method.getName()) {
                        case "isValid" -> valid;
                        case "close" -> null;
                        default -> throw new UnsupportedOperationException(method.getName());
                    });
        }
    }
}
