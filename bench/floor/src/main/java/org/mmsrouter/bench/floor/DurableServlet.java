package org.mmsrouter.bench.floor;

import io.undertow.servlet.handlers.ServletRequestContext;
import jakarta.jms.BytesMessage;
import jakarta.jms.CompletionListener;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSProducer;
import jakarta.jms.Message;
import jakarta.jms.Queue;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.concurrent.Executor;

/**
 * /floor/durable: the body read as the MM1 servlet reads it, sent persistent to a queue with an
 * asynchronous send, and the fixed m-send-conf written on the connection's I/O thread once the broker
 * confirms (the journal synced). What every design that queues an MM in Artemis before answering pays.
 */
final class DurableServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    private final transient ConnectionFactory factory;
    private final transient Queue queue;
    /** A JMS context is for one thread: one per I/O thread, which alone sends on it. */
    private final transient ThreadLocal<JMSContext> contexts = new ThreadLocal<>();

    DurableServlet(ConnectionFactory factory, Queue queue) {
        this.factory = factory;
        this.queue = queue;
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        ServletRequestContext current = ServletRequestContext.current();
        Executor ioThread = current != null ? current.getExchange().getIoThread() : Runnable::run;
        Body.read(request, response, body -> send(request.getAsyncContext(), ioThread, body));
    }

    private void send(AsyncContext async, Executor ioThread, byte[] body) {
        try {
            JMSContext context = contexts.get();
            if (context == null) {
                context = factory.createContext(JMSContext.AUTO_ACKNOWLEDGE);
                contexts.set(context);
            }
            BytesMessage message = context.createBytesMessage();
            message.writeBytes(body);
            JMSProducer producer = context.createProducer()
                    .setDeliveryMode(DeliveryMode.PERSISTENT)
                    .setAsync(new CompletionListener() {
                        @Override
                        public void onCompletion(Message sent) {
                            ioThread.execute(() -> Answers.answer(async, true));
                        }

                        @Override
                        public void onException(Message unsent, Exception failure) {
                            ioThread.execute(() -> Answers.answer(async, false));
                        }
                    });
            producer.send(queue, message);
        } catch (Exception e) {
            Answers.answer(async, false);
        }
    }
}
