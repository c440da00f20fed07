package org.mmsrouter.forward;

import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSConsumer;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSRuntimeException;
import jakarta.jms.Message;
import jakarta.jms.Topic;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One thread's non-durable subscription to a topic: receives in a loop and hands each message to
 * a handler. Jakarta EE forbids {@code setMessageListener} in the container, hence receive with a
 * timeout (which is also how soon a stop is seen). The factory and topic are looked up when the
 * subscription opens ({@link LateJndi}); when the broker is down, or fails, the subscription is
 * reopened after a pause. What was published while no subscription was open is not heard (as with
 * the message-driven bean this replaces: a non-durable subscription).
 */
final class TopicReceiver implements Runnable {

    private static final Logger LOG = Logger.getLogger(TopicReceiver.class.getName());
    /** How long one receive waits, so that a stop is seen that soon. */
    static final long RECEIVE_MILLIS = 250;
    /** Pause before reopening a subscription that failed (a broker stopped, restarting or failing back). */
    private static final long REOPEN_PAUSE_MILLIS = 1_000;

    private final LateJndi<ConnectionFactory> factory;
    private final LateJndi<Topic> topic;
    private final Consumer<Message> handler;
    private final long reopenPauseMillis;
    private volatile boolean stopping;
    private JMSContext context;
    private JMSConsumer consumer;
    private boolean failureLogged;
    private boolean opened;

    TopicReceiver(LateJndi<ConnectionFactory> factory, LateJndi<Topic> topic, Consumer<Message> handler) {
        this(factory, topic, handler, REOPEN_PAUSE_MILLIS);
    }

    TopicReceiver(
            LateJndi<ConnectionFactory> factory,
            LateJndi<Topic> topic,
            Consumer<Message> handler,
            long reopenPauseMillis) {
        this.factory = factory;
        this.topic = topic;
        this.handler = handler;
        this.reopenPauseMillis = reopenPauseMillis;
    }

    /** Asks the thread to end after the message it handles, if any (within {@link #RECEIVE_MILLIS}). */
    void stop() {
        stopping = true;
    }

    @Override
    public void run() {
        try {
            while (!stopping && !Thread.currentThread().isInterrupted()) {
                try {
                    if (context == null) {
                        context = factory.get().createContext(JMSContext.AUTO_ACKNOWLEDGE);
                        consumer = context.createConsumer(topic.get());
                        if (opened) {
                            LOG.info(() -> "Subscribed to " + topic.name() + " again");
                        }
                        opened = true;
                        failureLogged = false;
                    }
                    Message message = consumer.receive(RECEIVE_MILLIS);
                    if (message != null) {
                        handler.accept(message);
                    }
                } catch (JMSRuntimeException e) {
                    if (!failureLogged) {
                        failureLogged = true;
                        // Before the first subscription this is the broker not started yet (boot): not news.
                        LOG.log(
                                opened ? Level.WARNING : Level.FINE,
                                "Not subscribed to " + topic.name() + ", the broker session failed (retrying every "
                                        + reopenPauseMillis + " ms): " + e);
                    }
                    close();
                    factory.forget();
                    topic.forget();
                    Thread.sleep(reopenPauseMillis);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            close();
        }
    }

    private void close() {
        if (context != null) {
            try {
                context.close();
            } catch (JMSRuntimeException e) {
                LOG.log(Level.FINE, "Closing a failed broker session", e);
            } finally {
                context = null;
                consumer = null;
            }
        }
    }
}
