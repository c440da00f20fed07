package org.mmsrouter.admission;

import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.management.JMException;
import javax.management.MBeanOperationInfo;
import javax.management.MBeanParameterInfo;
import javax.management.MBeanServer;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;

/**
 * Reloads WildFly through its management model over the platform MBeanServer ({@code reload} on
 * {@code jboss.as:management-root=server}); where WildFly refuses the reload, restarts the JVM
 * instead ({@code shutdown(restart=true)}: standalone.sh's loop starts it again, as after exit
 * status 10). Operations are invoked by their parameters' names as the MBean describes them (in
 * WildFly 38: {@code reload(adminOnly, useCurrentServerConfig, serverConfig, startMode)} and
 * {@code shutdown(restart, timeout, suspendTimeout, performInstallation)}); parameters not named
 * stay undefined, i.e. WildFly's defaults.
 */
final class WildFlyReload {

    private static final Logger LOG = Logger.getLogger(WildFlyReload.class.getName());
    private static final String ROOT = "jboss.as:management-root=server";

    private final MBeanServer mbeans;

    WildFlyReload(MBeanServer mbeans) {
        this.mbeans = mbeans;
    }

    /**
     * Asks for the reload on a thread of its own and returns at once. Not on the caller's (a managed
     * thread of the deployment): the reload stops this deployment, which interrupts its threads, and
     * the request must not depend on the deployment it stops.
     */
    void requestInBackground(String why) {
        Thread thread = new Thread(() -> request(why), "mmsrouter-broker-recovery-reload");
        thread.setDaemon(true);
        thread.start();
    }

    /** Reloads, or restarts where the reload is refused; logs which. Returns what was done. */
    String request(String why) {
        try {
            invoke("reload", Map.of());
            LOG.warning("MMS Router: WildFly reload requested (" + why + ")");
            return "reload";
        } catch (JMException | RuntimeException refused) {
            LOG.log(
                    Level.WARNING,
                    "MMS Router: WildFly refused the reload (" + refused
                            + "); restarting the JVM instead (shutdown with restart=true; standalone.sh starts it again)",
                    refused);
        }
        try {
            invoke("shutdown", Map.of("restart", Boolean.TRUE));
            LOG.warning("MMS Router: WildFly restart requested (" + why + ")");
            return "restart";
        } catch (JMException | RuntimeException refused) {
            LOG.log(
                    Level.SEVERE,
                    "MMS Router: WildFly refused the restart too; the broker stays stopped until a person reloads or"
                            + " restarts WildFly",
                    refused);
            return "refused";
        }
    }

    private void invoke(String operation, Map<String, Object> named) throws JMException {
        ObjectName root;
        try {
            root = new ObjectName(ROOT);
        } catch (MalformedObjectNameException e) {
            throw new IllegalStateException(e);
        }
        for (MBeanOperationInfo info : mbeans.getMBeanInfo(root).getOperations()) {
            if (info.getName().equals(operation)) {
                MBeanParameterInfo[] parameters = info.getSignature();
                mbeans.invoke(root, operation, arguments(parameters, named), signature(parameters));
                return;
            }
        }
        throw new JMException(ROOT + " has no operation " + operation);
    }

    /** The arguments in the operation's order: the named ones, null (undefined) for the rest. */
    static Object[] arguments(MBeanParameterInfo[] parameters, Map<String, Object> named) {
        Object[] arguments = new Object[parameters.length];
        for (int i = 0; i < parameters.length; i++) {
            arguments[i] = named.get(parameters[i].getName());
        }
        return arguments;
    }

    private static String[] signature(MBeanParameterInfo[] parameters) {
        String[] types = new String[parameters.length];
        for (int i = 0; i < parameters.length; i++) {
            types[i] = parameters[i].getType();
        }
        return types;
    }
}
