package org.mmsrouter.admission;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.logging.Logger;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;

/**
 * Reads the embedded Artemis broker's state and directories from WildFly's management model over
 * JMX ({@code jboss.as:subsystem=messaging-activemq,server=default}): whether it is started — it
 * stops itself on a critical I/O error, and WildFly keeps running without it — and where its
 * journal, paging, large messages and bindings are. Outside WildFly (no such MBean) the broker
 * counts as running and no directory is known.
 */
final class BrokerProbe {

    private static final Logger LOG = Logger.getLogger(BrokerProbe.class.getName());
    static final String SERVER = "jboss.as:subsystem=messaging-activemq,server=default";
    private static final String ROOT = "jboss.as:management-root=server";
    private static final List<String> DIRECTORIES =
            List.of("journal-directory", "paging-directory", "large-messages-directory", "bindings-directory");

    private final MBeanServer mbeans;
    private final ObjectName server;
    private volatile boolean unreadableLogged;

    BrokerProbe(MBeanServer mbeans) {
        this.mbeans = mbeans;
        this.server = name(SERVER);
    }

    /**
     * Whether WildFly's management model can be read. Not while the server boots, which is when a
     * deployment in deployments/ starts: reads of the messaging subsystem then fail (WFLYCTL0216,
     * each logged by WildFly as an ERROR), as if there were no broker. True outside WildFly.
     */
    boolean modelReadable() {
        ObjectName root = name(ROOT);
        if (!mbeans.isRegistered(root)) {
            return true;
        }
        try {
            return !"starting".equalsIgnoreCase(String.valueOf(mbeans.getAttribute(root, "serverState")));
        } catch (JMException | RuntimeException e) {
            return true;
        }
    }

    /** Whether the broker runs (true outside WildFly, and while WildFly boots: nothing to read yet). */
    boolean started() {
        if (!mbeans.isRegistered(server)) {
            return !inWildFly();
        }
        if (!modelReadable()) {
            return true;
        }
        try {
            return Boolean.TRUE.equals(mbeans.getAttribute(server, "started"));
        } catch (JMException | RuntimeException e) {
            if (!unreadableLogged) {
                unreadableLogged = true;
                LOG.warning("Cannot read whether the message broker runs (" + e + ")");
            }
            return true;
        }
    }

    /**
     * Why WildFly is not steadily running ({@code server-state} starting, stopping or stopped, or
     * {@code suspend-state} other than RUNNING: a {@code :suspend}, or a clean stop under way); empty
     * when it runs, and outside WildFly.
     */
    Optional<String> notSteady() {
        ObjectName root = name(ROOT);
        if (!mbeans.isRegistered(root)) {
            return Optional.empty();
        }
        try {
            String server = String.valueOf(mbeans.getAttribute(root, "serverState"));
            String suspend = String.valueOf(mbeans.getAttribute(root, "suspendState"));
            if (server.equalsIgnoreCase("starting")
                    || server.equalsIgnoreCase("stopping")
                    || server.equalsIgnoreCase("stopped")) {
                return Optional.of("WildFly is " + server);
            }
            return "RUNNING".equalsIgnoreCase(suspend)
                    ? Optional.empty()
                    : Optional.of("WildFly is " + suspend.toLowerCase(Locale.ROOT)
                            + " (an operator's suspend or a clean stop)");
        } catch (JMException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Inside WildFly, a missing messaging server MBean means the broker is gone. */
    private boolean inWildFly() {
        return mbeans.isRegistered(name(ROOT));
    }

    /** The broker's directories as configured (resolved against WildFly's path properties); call once {@link #modelReadable()}. */
    List<Path> directories() {
        List<Path> paths = new ArrayList<>();
        for (String directory : DIRECTORIES) {
            ObjectName name = name(SERVER + ",path=" + directory);
            try {
                if (!mbeans.isRegistered(name)) {
                    continue;
                }
                Object path = mbeans.getAttribute(name, "path");
                Object relativeTo = mbeans.getAttribute(name, "relativeTo");
                if (path == null) {
                    continue;
                }
                String base = relativeTo == null ? null : System.getProperty(relativeTo.toString());
                paths.add(
                        base == null ? Path.of(path.toString()) : Path.of(base).resolve(path.toString()));
            } catch (JMException | RuntimeException e) {
                LOG.warning(() -> "Cannot read the broker's " + directory + ": " + e);
            }
        }
        return paths;
    }

    private static ObjectName name(String name) {
        try {
            return new ObjectName(name);
        } catch (MalformedObjectNameException e) {
            throw new IllegalStateException(e);
        }
    }
}
