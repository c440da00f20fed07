package org.mmsrouter.forward;

import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSRuntimeException;

/**
 * One JMS context to this node's broker, opened on first use and kept for the life of its owner,
 * which uses it from one thread at a time (a stateless bean instance, which serves one call at a
 * time, or a lane of {@link DurableIntake} behind its lock). Opening a context per send through the JCA-pooled factory cost
 * more CPU than the send itself; a context that failed is dropped and reopened on the next use.
 */
final class BrokerSession implements AutoCloseable {

    private final ConnectionFactory factory;
    private JMSContext context;

    BrokerSession(ConnectionFactory factory) {
        this.factory = factory;
    }

    /** The open context, opening it if needed. */
    JMSContext context() {
        if (context == null) {
            context = factory.createContext(JMSContext.AUTO_ACKNOWLEDGE);
        }
        return context;
    }

    /** Drops the context after a failure, so that the next use starts on a fresh connection. */
    void discard() {
        close();
    }

    @Override
    public void close() {
        if (context != null) {
            try {
                context.close();
            } catch (JMSRuntimeException e) {
                // Already broken: nothing more to release.
            } finally {
                context = null;
            }
        }
    }
}
