package org.mmsrouter.queue;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.function.Predicate;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.apache.activemq.artemis.api.core.ActiveMQBuffer;
import org.apache.activemq.artemis.api.core.ActiveMQException;
import org.apache.activemq.artemis.api.core.Message;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.filter.Filter;
import org.apache.activemq.artemis.core.message.LargeBodyReader;
import org.apache.activemq.artemis.core.postoffice.Binding;
import org.apache.activemq.artemis.core.server.ActiveMQServer;
import org.apache.activemq.artemis.core.server.LargeServerMessage;
import org.apache.activemq.artemis.core.server.MessageReference;
import org.apache.activemq.artemis.core.server.Queue;
import org.apache.activemq.artemis.selector.filter.Filterable;
import org.apache.activemq.artemis.utils.collections.LinkedListIterator;

/**
 * The router's queues on this node's embedded broker, worked on directly: JMS browsing sees
 * neither the MMs waiting out a delay nor those being forwarded, and the broker's management API
 * caps what it lists. Reads walk the queue's references (in memory, then paged) and its scheduled
 * ones; actions are the broker's own moves and deletes, each a broker transaction that never
 * touches a message a consumer holds, so an MM being forwarded is neither moved nor duplicated.
 *
 * <p>The broker is WildFly's {@code messaging-activemq} server {@code default}, found through the
 * service registry ({@code org.wildfly.messaging.activemq.server.default}): the EAR declares the
 * modules this needs (jboss-deployment-structure.xml). While that server is stopped every call
 * fails with an {@link IllegalStateException} saying so.
 */
final class BrokerQueues {

    private static final Logger LOG = Logger.getLogger(BrokerQueues.class.getName());

    /** The capability service of WildFly's messaging server {@code default}. */
    static final String BROKER_SERVICE = "org.wildfly.messaging.activemq.server.default";
    /** Core queue names WildFly gives JMS queues. */
    static final String SUBMISSIONS = "jms.queue.MmsSubmissions";

    static final String HELD = "jms.queue.MmsHeld";
    static final String DEAD_LETTERS = "jms.queue.MmsDeadLetters";
    /** Messages committed per broker transaction by an action. */
    private static final int FLUSH_LIMIT = 500;

    ActiveMQServer server() {
        try {
            ClassLoader loader = BrokerQueues.class.getClassLoader();
            Class<?> current = Class.forName("org.jboss.as.server.CurrentServiceContainer", true, loader);
            Class<?> registry = Class.forName("org.jboss.msc.service.ServiceRegistry", true, loader);
            Class<?> names = Class.forName("org.jboss.msc.service.ServiceName", true, loader);
            Class<?> controllerType = Class.forName("org.jboss.msc.service.ServiceController", true, loader);
            Object container = current.getMethod("getServiceContainer").invoke(null);
            Object name = names.getMethod("parse", String.class).invoke(null, BROKER_SERVICE);
            Object controller = registry.getMethod("getService", names).invoke(container, name);
            if (controller == null) {
                throw new IllegalStateException("no messaging server 'default' on this node");
            }
            Object broker = controllerType.getMethod("getValue").invoke(controller);
            Method delegate = broker.getClass().getMethod("getDelegate");
            ActiveMQServer server = (ActiveMQServer) delegate.invoke(broker);
            if (server == null || !server.isActive()) {
                throw new IllegalStateException("the broker is not running on this node");
            }
            return server;
        } catch (InvocationTargetException e) {
            throw new IllegalStateException("the broker is not running on this node: " + e.getCause(), e);
        } catch (ReflectiveOperationException | ClassCastException e) {
            throw new IllegalStateException("cannot reach the embedded broker: " + e, e);
        }
    }

    Queue queue(ActiveMQServer server, String name) {
        Queue queue = server.locateQueue(SimpleString.of(name));
        if (queue == null) {
            throw new IllegalStateException("no queue " + name + " on this node's broker");
        }
        return queue;
    }

    /**
     * Every message of the submissions and held queues — ready, waiting, being forwarded, held — as
     * views. Each is read as the walk reaches it and only its view is kept: a deep backlog is mostly
     * in page files, and holding the broker's messages themselves would hold their bodies.
     */
    List<QueuedMmView> queued() {
        ActiveMQServer server = server();
        List<QueuedMmView> result = new ArrayList<>();
        Queue submissions = queue(server, SUBMISSIONS);
        collect(submissions, QueueState.READY, result);
        for (MessageReference reference : submissions.getScheduledMessages()) {
            result.add(view(reference, QueueState.WAITING));
        }
        for (List<MessageReference> delivering :
                submissions.getDeliveringMessages().values()) {
            for (MessageReference reference : delivering) {
                result.add(view(reference, QueueState.IN_FLIGHT));
            }
        }
        Queue held = queue(server, HELD);
        collect(held, QueueState.HELD, result);
        for (MessageReference reference : held.getScheduledMessages()) {
            result.add(view(reference, QueueState.HELD));
        }
        return result;
    }

    /** Every dead letter that is not being replayed right now, as views. */
    List<QueuedMmView> deadLetters() {
        ActiveMQServer server = server();
        List<QueuedMmView> result = new ArrayList<>();
        Queue deadLetters = queue(server, DEAD_LETTERS);
        collect(deadLetters, QueueState.DEAD_LETTER, result);
        for (MessageReference reference : deadLetters.getScheduledMessages()) {
            result.add(view(reference, QueueState.DEAD_LETTER));
        }
        return result;
    }

    private static void collect(Queue queue, QueueState state, List<QueuedMmView> into) {
        try (LinkedListIterator<MessageReference> references = queue.browserIterator()) {
            while (references.hasNext()) {
                into.add(view(references.next(), state));
            }
        } catch (NoSuchElementException pagedAway) {
            // the broker's own browsing ends like this when a page is consumed under it
        }
    }

    /** The view of a held message, read where it stands. */
    static QueuedMmView view(MessageReference reference, QueueState state) {
        Long scheduled = reference.getScheduledDeliveryTime() > 0 ? reference.getScheduledDeliveryTime() : null;
        Instant next = state == QueueState.WAITING && scheduled != null ? Instant.ofEpochMilli(scheduled) : null;
        // The broker counts the delivery under way in a message being forwarded; it is no attempt yet.
        int deliveries = reference.getDeliveryCount() - (state == QueueState.IN_FLIGHT ? 1 : 0);
        return QueuedMmReader.read(new ArtemisFields(reference.getMessage()), state, deliveries, next);
    }

    /**
     * Moves the messages of {@code from} that {@code selected} accepts to {@code to}, in broker
     * transactions of {@value #FLUSH_LIMIT}; returns how many moved. {@code state}: what the
     * messages of {@code from} are (submissions: {@link QueueState#READY}, or waiting when scheduled);
     * {@code moved} hears each.
     */
    int move(String from, String to, QueueState state, Predicate<QueuedMmView> selected, List<QueuedMmView> moved)
            throws Exception {
        ActiveMQServer server = server();
        Binding target = server.getPostOffice().getBinding(SimpleString.of(to));
        if (target == null) {
            throw new IllegalStateException("no queue " + to + " on this node's broker");
        }
        return queue(server, from)
                .moveReferences(
                        FLUSH_LIMIT, new ViewFilter(state, selected, moved), target.getAddress(), false, target);
    }

    /** Deletes the messages of {@code from} that {@code selected} accepts; {@code deleted} hears each. */
    int delete(String from, QueueState state, Predicate<QueuedMmView> selected, List<QueuedMmView> deleted)
            throws Exception {
        return queue(server(), from).deleteMatchingReferences(FLUSH_LIMIT, new ViewFilter(state, selected, deleted));
    }

    /** Makes the waiting submissions with these router ids visible now; returns how many it asked for. */
    int deliverNow(List<String> routerMessageIds) throws ActiveMQException {
        Queue submissions = queue(server(), SUBMISSIONS);
        for (int from = 0; from < routerMessageIds.size(); from += FLUSH_LIMIT) {
            List<String> chunk = routerMessageIds.subList(from, Math.min(routerMessageIds.size(), from + FLUSH_LIMIT));
            StringBuilder filter = new StringBuilder("mmsRouterMessageId IN (");
            for (int i = 0; i < chunk.size(); i++) {
                filter.append(i == 0 ? "'" : ",'")
                        .append(chunk.get(i).replace("'", "''"))
                        .append('\'');
            }
            submissions.deliverScheduledMessages(filter.append(')').toString());
        }
        return routerMessageIds.size();
    }

    /**
     * A broker filter that asks the router's own selection: the broker calls it for each candidate
     * of a move or delete (messages a consumer holds are never candidates).
     */
    private static final class ViewFilter implements Filter {
        private final QueueState state;
        private final Predicate<QueuedMmView> selected;
        private final List<QueuedMmView> matched;

        ViewFilter(QueueState state, Predicate<QueuedMmView> selected, List<QueuedMmView> matched) {
            this.state = state;
            this.selected = selected;
            this.matched = matched;
        }

        @Override
        public boolean match(Message message) {
            // The broker offers the queue's visible messages, then its scheduled ones: a submission
            // still scheduled for later is waiting. (It never offers one a consumer holds.)
            Long scheduled = message.getScheduledDeliveryTime();
            boolean waiting = state == QueueState.READY && scheduled != null && scheduled > System.currentTimeMillis();
            QueuedMmView view =
                    QueuedMmReader.read(new ArtemisFields(message), waiting ? QueueState.WAITING : state, 0, null);
            boolean yes = selected.test(view);
            if (yes && matched != null) {
                matched.add(view);
            }
            return yes;
        }

        @Override
        public boolean match(Map<String, String> map) {
            return false;
        }

        @Override
        public boolean match(Filterable filterable) {
            return filterable instanceof Message message && match(message);
        }

        @Override
        public SimpleString getFilterString() {
            return SimpleString.of("mms-router selection");
        }
    }

    /** A broker message as {@link QueuedMmReader} reads it. */
    private static final class ArtemisFields implements QueuedMmReader.Fields {
        private final Message message;

        ArtemisFields(Message message) {
            this.message = message;
        }

        @Override
        public Object property(String name) {
            return message.getObjectProperty(name);
        }

        @Override
        public int bodySize() {
            if (message.isLargeMessage()) {
                try (LargeBodyReader reader = largeBody()) {
                    return reader == null ? 0 : (int) reader.getSize();
                } catch (ActiveMQException e) {
                    return 0;
                }
            }
            return message.toCore().getReadOnlyBodyBuffer().readableBytes();
        }

        @Override
        public byte[] bodyPrefix(int length) {
            if (message.isLargeMessage()) {
                try (LargeBodyReader reader = largeBody()) {
                    if (reader == null) {
                        return new byte[0];
                    }
                    reader.open();
                    ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(length, reader.getSize()));
                    while (buffer.hasRemaining() && reader.readInto(buffer) > 0) {
                        // reads until the prefix is full or the body ends
                    }
                    return Arrays.copyOf(buffer.array(), buffer.position());
                } catch (ActiveMQException e) {
                    LOG.log(Level.FINE, "cannot read a large message's body", e);
                    return new byte[0];
                }
            }
            ActiveMQBuffer body = message.toCore().getReadOnlyBodyBuffer();
            byte[] prefix = new byte[Math.min(length, body.readableBytes())];
            body.readBytes(prefix);
            return prefix;
        }

        private LargeBodyReader largeBody() throws ActiveMQException {
            return message instanceof LargeServerMessage large ? large.getLargeBodyReader() : null;
        }
    }
}
