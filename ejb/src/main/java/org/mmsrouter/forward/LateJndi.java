package org.mmsrouter.forward;

import jakarta.jms.JMSRuntimeException;
import javax.naming.InitialContext;
import javax.naming.NamingException;

/**
 * A JMS resource (connection factory, queue, topic) looked up by its global JNDI name when first
 * used, not injected. An injected resource is a hard dependency of the deployment: when the broker
 * stops (a critical I/O error, {@code force-failover}) WildFly unbinds its JMS resources and takes
 * every deployment that depends on them down with them — readiness, metrics and the console too.
 * Looked up late, the deployment stays up and answers "broker down" instead. A lookup may fail at
 * any time (the broker stopped, or during boot is not bound yet): that means "try again later".
 * The object found is kept; {@link #forget} drops it after a failure, so the next use looks again.
 *
 * @param <T> the resource's type
 */
public final class LateJndi<T> {

    /** How a name is looked up (JNDI in the server; a map in unit tests). */
    @FunctionalInterface
    public interface Lookup {
        Object lookup(String name) throws NamingException;
    }

    private final String name;
    private final Class<T> type;
    private final Lookup lookup;
    private volatile T found;

    /** A resource looked up in the server's JNDI tree. */
    public LateJndi(String name, Class<T> type) {
        this(name, type, LateJndi::initialContextLookup);
    }

    LateJndi(String name, Class<T> type, Lookup lookup) {
        this.name = name;
        this.type = type;
        this.lookup = lookup;
    }

    /**
     * The resource, looked up now unless found before.
     *
     * @throws JMSRuntimeException when it is not bound (the broker is down or not started yet) or
     *                             not of the expected type; the callers' reopen paths handle that
     */
    public T get() {
        T resource = found;
        if (resource == null) {
            Object bound;
            try {
                bound = lookup.lookup(name);
            } catch (NamingException | RuntimeException e) {
                throw new JMSRuntimeException(name + " is not bound (is the message broker running?): " + e);
            }
            if (!type.isInstance(bound)) {
                throw new JMSRuntimeException(name + " is bound to "
                        + (bound == null ? "nothing" : bound.getClass().getName()) + ", not a " + type.getName());
            }
            resource = type.cast(bound);
            found = resource;
        }
        return resource;
    }

    /** Drops what was found, so the next {@link #get} looks it up again (after a failure of the resource). */
    public void forget() {
        found = null;
    }

    /** The JNDI name. */
    public String name() {
        return name;
    }

    private static Object initialContextLookup(String name) throws NamingException {
        InitialContext context = new InitialContext();
        try {
            return context.lookup(name);
        } finally {
            context.close();
        }
    }
}
