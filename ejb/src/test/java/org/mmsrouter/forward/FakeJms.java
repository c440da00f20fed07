package org.mmsrouter.forward;

import jakarta.jms.BytesMessage;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSConsumer;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSRuntimeException;
import jakarta.jms.Message;
import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** Just enough of JMS for unit tests, made of dynamic proxies (the real thing runs in the ITs). */
final class FakeJms {

    private FakeJms() {}

    /** A bytes message with properties, readable once, as a received message is. */
    static BytesMessage bytesMessage(String type, String correlationId, Map<String, Object> properties, byte[] body) {
        Map<String, Object> props = new HashMap<>(properties);
        return proxy(BytesMessage.class, (method, args) -> switch (method) {
            case "getJMSType" -> type;
            case "getJMSCorrelationID" -> correlationId;
            case "getBodyLength" -> (long) body.length;
            case "readBytes" -> {
                byte[] into = (byte[]) args[0];
                System.arraycopy(body, 0, into, 0, Math.min(into.length, body.length));
                yield Math.min(into.length, body.length);
            }
            case "propertyExists" -> props.containsKey((String) args[0]);
            case "getBooleanProperty" -> Boolean.TRUE.equals(props.get((String) args[0]));
            case "getLongProperty" -> ((Number) props.get((String) args[0])).longValue();
            case "getStringProperty" -> (String) props.get((String) args[0]);
            default -> throw new UnsupportedOperationException(method);
        });
    }

    /** A plain (not bytes) message: not something the outcomes topic carries. */
    static Message textLikeMessage() {
        return proxy(Message.class, (method, args) -> switch (method) {
            case "getJMSType" -> null;
            default -> throw new UnsupportedOperationException(method);
        });
    }

    /**
     * A broker: a factory whose contexts' consumers receive what {@link #publish} put there, and
     * which can go down ({@link #down}: every call fails, as Artemis's do once the server stopped).
     * A factory made before {@link #restart} stays dead, as one bound before a broker restart does.
     */
    static final class Broker {
        final BlockingQueue<Message> messages = new LinkedBlockingQueue<>();
        final AtomicInteger contextsOpened = new AtomicInteger();
        final AtomicInteger contextsClosed = new AtomicInteger();
        volatile boolean down;
        private volatile int incarnation;

        void restart() {
            incarnation++;
            down = false;
        }

        void publish(Message message) {
            messages.add(message);
        }

        ConnectionFactory factory() {
            int mine = incarnation;
            return proxy(ConnectionFactory.class, (method, args) -> {
                if (!method.equals("createContext")) {
                    throw new UnsupportedOperationException(method);
                }
                failIfDown(mine);
                contextsOpened.incrementAndGet();
                return context(mine);
            });
        }

        private JMSContext context(int mine) {
            return proxy(JMSContext.class, (method, args) -> switch (method) {
                case "createConsumer" -> {
                    failIfDown(mine);
                    yield consumer(mine);
                }
                case "close" -> {
                    contextsClosed.incrementAndGet();
                    yield null;
                }
                default -> throw new UnsupportedOperationException(method);
            });
        }

        private JMSConsumer consumer(int mine) {
            return proxy(JMSConsumer.class, (method, args) -> {
                if (!method.equals("receive")) {
                    throw new UnsupportedOperationException(method);
                }
                failIfDown(mine);
                try {
                    return messages.poll((Long) args[0], TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return null;
                }
            });
        }

        private void failIfDown(int mine) {
            if (down || mine != incarnation) {
                throw new JMSRuntimeException("AMQ219010: Connection is destroyed");
            }
        }
    }

    @FunctionalInterface
    private interface Answer {
        Object answer(String method, Object[] args) throws Exception;
    }

    private static <T> T proxy(Class<T> type, Answer answer) {
        return type.cast(Proxy.newProxyInstance(
                FakeJms.class.getClassLoader(),
                new Class<?>[] {type},
                (self, method, args) -> switch (method.getName()) {
                    case "toString" -> "fake " + type.getSimpleName();
                    case "hashCode" -> System.identityHashCode(self);
                    case "equals" -> self == args[0];
                    default -> answer.answer(method.getName(), args);
                }));
    }
}
