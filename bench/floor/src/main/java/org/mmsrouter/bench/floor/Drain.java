package org.mmsrouter.bench.floor;

import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSConsumer;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSRuntimeException;
import jakarta.jms.Queue;
import java.util.ArrayList;
import java.util.List;

/**
 * Empties the floor's queue as cheaply as a consumer can: locally transacted, up to 64 messages per
 * commit. What any design pays to take a durable MM off the queue again.
 */
final class Drain {

    private static final int PER_COMMIT = 64;

    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean stopping;

    Drain(ConnectionFactory factory, Queue queue, ManagedThreadFactory threadFactory, int count) {
        for (int i = 0; i < count; i++) {
            Thread thread = threadFactory.newThread(() -> drain(factory, queue));
            thread.setName("bench-floor-drain-" + i);
            threads.add(thread);
            thread.start();
        }
    }

    private void drain(ConnectionFactory factory, Queue queue) {
        while (!stopping) {
            try (JMSContext session = factory.createContext(JMSContext.SESSION_TRANSACTED)) {
                JMSConsumer consumer = session.createConsumer(queue);
                while (!stopping) {
                    if (consumer.receive(250) == null) {
                        continue;
                    }
                    int taken = 1;
                    while (taken < PER_COMMIT && consumer.receiveNoWait() != null) {
                        taken++;
                    }
                    session.commit();
                }
            } catch (JMSRuntimeException e) {
                if (!stopping) {
                    pause();
                }
            }
        }
    }

    private static void pause() {
        try {
            Thread.sleep(1_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    void stop() {
        stopping = true;
        for (Thread thread : threads) {
            thread.interrupt();
        }
    }
}
