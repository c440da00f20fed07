package org.mmsrouter.traffic;

import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.Singleton;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.Queue;
import jakarta.jms.QueueBrowser;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;
import org.mmsrouter.forward.Destinations;
import org.mmsrouter.forward.LateJndi;

/**
 * The router's queues as the broker sees them on this node: depth, in-flight, scheduled (waiting out
 * a redelivery delay), consumers, messages added so far, and the age of the message at the head.
 * The counts come from WildFly's management model as JMX exposes it (cheap attribute reads); the
 * head's age from browsing one message.
 */
@Singleton
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class QueueGauges {

    private static final Logger LOG = Logger.getLogger(QueueGauges.class.getName());

    /** The queue where accepted MMs wait to be forwarded. */
    public static final String SUBMISSIONS = "MmsSubmissions";
    /** Where MMs that could not be forwarded wait for the NOC. */
    public static final String DEAD_LETTERS = "MmsDeadLetters";

    // Looked up at use, not injected (LateJndi: the deployment must not depend on the broker). While
    // the broker is down the counts read −1 and the head's age is left out: the gauges answer without
    // the queue figures instead of failing.
    private final LateJndi<ConnectionFactory> connectionFactory =
            new LateJndi<>(Destinations.LOCAL_CONNECTION_FACTORY, ConnectionFactory.class);

    private final LateJndi<Queue> submissions = new LateJndi<>(Destinations.SUBMISSIONS, Queue.class);

    private final LateJndi<Queue> deadLetters = new LateJndi<>(Destinations.DEAD_LETTERS, Queue.class);

    private final MBeanServer mbeans = ManagementFactory.getPlatformMBeanServer();

    /** The queues' resources in WildFly's management model, as JMX exposes it. */
    private static final Map<String, ObjectName> NAMES =
            Map.of(SUBMISSIONS, objectName(SUBMISSIONS), DEAD_LETTERS, objectName(DEAD_LETTERS));

    private static ObjectName objectName(String queue) {
        try {
            return new ObjectName("jboss.as:subsystem=messaging-activemq,server=default,jms-queue=" + queue);
        } catch (MalformedObjectNameException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * One queue now.
     *
     * @param oldestAge age of the message at the head of the queue (null when empty); with message
     *                  priorities the head is the oldest of the highest priority, close to the oldest overall
     */
    public record QueueState(
            String name, long depth, long inFlight, long scheduled, long consumers, long added, Duration oldestAge) {}

    public List<QueueState> queues() {
        List<QueueState> result = new ArrayList<>();
        result.add(read(SUBMISSIONS, submissions));
        result.add(read(DEAD_LETTERS, deadLetters));
        return result;
    }

    /** Messages waiting in the submissions queue (−1 when the broker cannot be read). */
    public long submissionsDepth() {
        return attribute(SUBMISSIONS, "messageCount");
    }

    private QueueState read(String name, LateJndi<Queue> queue) {
        long depth = attribute(name, "messageCount");
        return new QueueState(
                name,
                depth,
                attribute(name, "deliveringCount"),
                attribute(name, "scheduledCount"),
                attribute(name, "consumerCount"),
                attribute(name, "messagesAdded"),
                depth > 0 ? headAge(queue) : null);
    }

    private long attribute(String queue, String attribute) {
        try {
            Object value = mbeans.getAttribute(NAMES.get(queue), attribute);
            return value instanceof Number number ? number.longValue() : -1;
        } catch (JMException | RuntimeException e) {
            LOG.log(Level.FINE, "cannot read " + attribute + " of queue " + queue, e);
            return -1;
        }
    }

    private Duration headAge(LateJndi<Queue> queue) {
        try (JMSContext context = connectionFactory.get().createContext();
                QueueBrowser browser = context.createBrowser(queue.get())) {
            Enumeration<?> messages = browser.getEnumeration();
            if (!messages.hasMoreElements()) {
                return null;
            }
            long timestamp = ((Message) messages.nextElement()).getJMSTimestamp();
            return timestamp == 0 ? null : Duration.between(Instant.ofEpochMilli(timestamp), Instant.now());
        } catch (JMSException | RuntimeException e) {
            connectionFactory.forget(); // a stopped broker unbinds it: look it up afresh next time
            LOG.log(Level.FINE, "cannot browse the head of a queue", e);
            return null;
        }
    }
}
