package org.mmsrouter.forward;

import jakarta.jms.BytesMessage;
import jakarta.jms.CompletionListener;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSException;
import jakarta.jms.JMSRuntimeException;
import jakarta.jms.Message;
import jakarta.jms.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.mmsrouter.mm.QueuedMm;

/**
 * Puts accepted MMs on the submissions queue durably without blocking the caller. Each send is
 * asynchronous (JMS 2.0 {@link CompletionListener}); the broker confirms it only once the message
 * is in its journal and the journal is synced (Artemis answers a send after its storage operations
 * complete), so the returned stage completes exactly when the MM would survive a crash — which is
 * the promise the ingress makes before it answers the WAP gateway. No thread waits for the sync.
 *
 * <p>The connection factory must have a confirmation window ({@code confirmation-window-size} ≥ 0):
 * without it Artemis asks for no answer to an asynchronous send and the listener is never called.
 * A JMS context is not for concurrent use, so sends go through a few lanes, each a context behind
 * its own lock; a send only hands the message to the broker's connection, so a lane is held for
 * microseconds. A lane whose context failed is reopened on its next use.
 */
public final class DurableIntake implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(DurableIntake.class.getName());

    /** JMS priority of MMs queued while an MMSC is up: ahead of a backlog built during an outage. */
    public static final int LIVE_PRIORITY = 6;
    /** JMS priority of MMs queued while no MMSC is up: drained oldest first once one is back. */
    public static final int BACKLOG_PRIORITY = 4;

    private final LateJndi<Queue> submissions;
    private final BooleanSupplier anyRoutable;
    private final Lane[] lanes;
    private final AtomicInteger next = new AtomicInteger();

    /**
     * @param factory     a factory with a confirmation window (see the class comment), looked up at first use
     * @param submissions the queue accepted MMs go to, looked up at first use
     * @param anyRoutable whether an MMSC is up now (decides the priority)
     * @param lanes       how many contexts sends are spread over
     */
    public DurableIntake(
            LateJndi<ConnectionFactory> factory, LateJndi<Queue> submissions, BooleanSupplier anyRoutable, int lanes) {
        this.submissions = submissions;
        this.anyRoutable = anyRoutable;
        this.lanes = new Lane[lanes];
        for (int i = 0; i < lanes; i++) {
            this.lanes[i] = new Lane(factory);
        }
    }

    /**
     * Queues {@code mm} durably. MMs that arrive while every MMSC is down form a backlog; those that
     * arrive once one is up again are queued ahead of it, so draining the backlog (oldest first)
     * never starves new submissions.
     *
     * @return completes when the MM is in the synced journal; fails when the broker refused or lost
     *         it, or is down (its factory or the queue is not bound)
     */
    public CompletionStage<Void> enqueue(QueuedMm mm) {
        CompletableFuture<Void> stored = new CompletableFuture<>();
        Lane lane = lanes[Math.floorMod(next.getAndIncrement(), lanes.length)];
        lane.send(submissions, mm, anyRoutable.getAsBoolean() ? LIVE_PRIORITY : BACKLOG_PRIORITY, stored);
        return stored;
    }

    @Override
    public void close() {
        for (Lane lane : lanes) {
            lane.close();
        }
    }

    /** One JMS context ({@link BrokerSession}), used by one thread at a time. */
    private static final class Lane {

        private final BrokerSession broker;
        /** Whether the last send failed: a broker that is down fails every send, one warning is enough. */
        private boolean failing;

        Lane(LateJndi<ConnectionFactory> factory) {
            broker = new BrokerSession(factory);
        }

        synchronized void send(LateJndi<Queue> queue, QueuedMm mm, int priority, CompletableFuture<Void> stored) {
            try {
                JMSContext context = broker.context();
                BytesMessage message = MmMessages.toMessage(context, mm);
                context.createProducer()
                        .setDeliveryMode(DeliveryMode.PERSISTENT)
                        .setPriority(priority)
                        .setAsync(new Stored(stored))
                        .send(queue.get(), message);
                failing = false;
            } catch (JMSException e) {
                stored.completeExceptionally(e);
            } catch (JMSRuntimeException e) {
                LOG.log(
                        failing ? Level.FINE : Level.WARNING,
                        "Send of MM " + mm.routerMessageId() + " failed, reopening the broker context: " + e);
                failing = true;
                broker.discard();
                stored.completeExceptionally(e);
            }
        }

        synchronized void close() {
            broker.close();
        }
    }

    /** Completes the ingress's stage from the broker's confirmation (or its refusal). */
    private record Stored(CompletableFuture<Void> stored) implements CompletionListener {

        @Override
        public void onCompletion(Message message) {
            stored.complete(null);
        }

        @Override
        public void onException(Message message, Exception exception) {
            stored.completeExceptionally(exception);
        }
    }
}
