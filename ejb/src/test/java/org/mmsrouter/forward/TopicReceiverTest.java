package org.mmsrouter.forward;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.jms.ConnectionFactory;
import jakarta.jms.Message;
import jakarta.jms.Topic;
import java.lang.reflect.Proxy;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import javax.naming.NameNotFoundException;
import org.junit.jupiter.api.Test;

class TopicReceiverTest {

    private final FakeJms.Broker broker = new FakeJms.Broker();
    /** What JNDI holds: the factory while the broker is up; nothing while it is down (WildFly unbinds it). */
    private final AtomicReference<ConnectionFactory> bound = new AtomicReference<>();

    private final Topic topic = (Topic) Proxy.newProxyInstance(
            getClass().getClassLoader(),
            new Class<?>[] {Topic.class},
            (self, method, args) -> method.getName().equals("toString") ? "outcomes" : null);
    private final BlockingQueue<Message> handled = new LinkedBlockingQueue<>();
    /** Lookups of the factory that found nothing bound: the receiver's attempts while the broker is away. */
    private final AtomicInteger missedLookups = new AtomicInteger();

    private TopicReceiver receiver() {
        LateJndi<ConnectionFactory> factory =
                new LateJndi<>("java:/ConnectionFactory", ConnectionFactory.class, name -> {
                    ConnectionFactory f = bound.get();
                    if (f == null) {
                        missedLookups.incrementAndGet();
                        throw new NameNotFoundException(name);
                    }
                    return f;
                });
        return new TopicReceiver(
                factory, new LateJndi<>("java:/jms/topic/MmsOutcomes", Topic.class, name -> topic), handled::add, 20);
    }

    /** Waits (at most 5 s) until the receiver has looked for the unbound factory {@code count} times in all. */
    private void awaitMissedLookups(int count) throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (missedLookups.get() < count) {
            assertTrue(System.nanoTime() < until, "only " + missedLookups.get() + " lookups, expected " + count);
            LockSupport.parkNanos(1_000_000L);
        }
    }

    private static Message message(String id) {
        return FakeJms.bytesMessage(null, id, Map.of(), new byte[0]);
    }

    @Test
    void waitsForTheBrokerThenHandlesWhatIsPublishedAndResubscribesAfterAStop() throws Exception {
        TopicReceiver receiver = receiver();
        Thread thread = new Thread(receiver);
        thread.start();
        try {
            // Not bound yet (boot, or the broker is down): the thread keeps trying, nothing fails.
            awaitMissedLookups(2);
            assertTrue(thread.isAlive());
            assertEquals(0, broker.contextsOpened.get());

            bound.set(broker.factory());
            Message first = message("first");
            broker.publish(first);
            assertEquals(first, handled.poll(5, TimeUnit.SECONDS));

            // The broker stops: WildFly unbinds the factory, and the open context fails.
            bound.set(null);
            broker.down = true;
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
            while (broker.contextsClosed.get() == 0 && System.nanoTime() < until) {
                LockSupport.parkNanos(10_000_000L); // the receive under way ends within TopicReceiver.RECEIVE_MILLIS
            }
            assertEquals(1, broker.contextsClosed.get(), "the failed context is closed");
            awaitMissedLookups(missedLookups.get() + 2); // a few reopen attempts while the factory is unbound
            assertTrue(thread.isAlive());
            int opened = broker.contextsOpened.get();

            // Back: a new factory is bound (the old one stays dead), and the thread subscribes again on its own.
            broker.restart();
            bound.set(broker.factory());
            Message second = message("second");
            broker.publish(second);
            assertEquals(second, handled.poll(5, TimeUnit.SECONDS));
            assertEquals(opened + 1, broker.contextsOpened.get());
        } finally {
            receiver.stop();
            thread.join(2_000);
        }
        assertFalse(thread.isAlive(), "stop ends the thread within a receive");
        assertEquals(broker.contextsOpened.get(), broker.contextsClosed.get(), "every context closed");
    }
}
