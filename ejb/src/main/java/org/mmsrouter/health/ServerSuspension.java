package org.mmsrouter.health;

import java.util.function.BooleanSupplier;
import java.util.logging.Logger;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;

/**
 * Whether WildFly is suspending or suspended (a clean {@code :shutdown} and {@code :suspend} do
 * that first), read from the server's management root over JMX ({@code suspend-state}: RUNNING,
 * PRE_SUSPEND, SUSPENDING, SUSPENDED). Jakarta EE gives applications no notice of it. Outside
 * WildFly (no such MBean) the answer is always "no".
 */
public final class ServerSuspension implements BooleanSupplier {

    private static final Logger LOG = Logger.getLogger(ServerSuspension.class.getName());
    static final ObjectName SERVER_ROOT = name("jboss.as:management-root=server");
    static final String ATTRIBUTE = "suspendState";

    private final MBeanServer mbeans;
    private volatile boolean unreadableLogged;

    public ServerSuspension(MBeanServer mbeans) {
        this.mbeans = mbeans;
    }

    @Override
    public boolean getAsBoolean() {
        if (!mbeans.isRegistered(SERVER_ROOT)) {
            return false;
        }
        try {
            Object state = mbeans.getAttribute(SERVER_ROOT, ATTRIBUTE);
            return state != null && !"RUNNING".equals(state.toString());
        } catch (JMException | RuntimeException e) {
            if (!unreadableLogged) {
                unreadableLogged = true;
                LOG.warning("Cannot read the server's suspend state (" + e + "): a clean stop may wait for forwarders"
                        + " that hold an MM while no MMSC is up");
            }
            return false;
        }
    }

    private static ObjectName name(String name) {
        try {
            return new ObjectName(name);
        } catch (MalformedObjectNameException e) {
            throw new IllegalStateException(e);
        }
    }
}
