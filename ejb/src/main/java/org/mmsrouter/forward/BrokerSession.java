package org.mmsrouter.forward;

import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSRuntimeException;

/**
 * One JMS context to this node's broker, opened on first use and kept for the life of its owner,
 * which uses it from one thread at a time (a stateless bean instance, which serves one call at a
 * time, or a lane of {@link DurableIntake} behind its lock). Opening a context per send through the JCA-pooled factory cost
 * more CPU than the send itself; a context that failed is dropped and reopened on the next use. The
 * factory is looked up late ({@link LateJndi}): while the broker is down opening fails with a
 * {@link JMSRuntimeException}, like any other broker failure, and a later use tries again.
 */
final class BrokerSession implements AutoCloseable {

    private final LateJndi<ConnectionFactory> factory;
    private JMSContext context;

    BrokerSession(LateJndi<ConnectionFactory> factory) {
        this.factory = factory;
    }

    /** The open context, opening it if needed. */
    JMSContext context() {
        if (context == null) {
            context = factory.get().createContext(JMSContext.AUTO_ACKNOWLEDGE);
        }
        return context;
    }

    /**
     * Drops the context after a failure, and the factory with it (a broker that stopped unbinds it),
     * so that the next use starts on a fresh connection from a fresh lookup.
     */
    void discard() {
        close();
        factory.forget();
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
