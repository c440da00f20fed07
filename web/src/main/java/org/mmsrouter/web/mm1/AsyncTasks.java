package org.mmsrouter.web.mm1;

import jakarta.servlet.AsyncContext;
import java.util.concurrent.Executor;
import org.xnio.XnioIoThread;

/**
 * The executor of the web module's asynchronous-request tasks (Undertow's per-deployment "async
 * executor"): what Undertow runs after a request's {@code service()} returns, such as starting a
 * {@code ReadListener} or completing the request, and {@code AsyncContext.start}.
 *
 * <p>Undertow's default hands every such task to a worker thread. For the MM1 servlet, which runs on
 * the I/O thread ({@link IoThreadServlet}), that is a worker woken per MM only to queue the body's
 * first read back onto the I/O thread (Undertow's {@code setReadListener}), about two thread switches
 * per MM. Here a task asked for on an I/O thread runs there at once: none of Undertow's own tasks
 * blocks. Work that may block is handed to a worker explicitly with {@link #startBlocking}; a task
 * asked for on any other thread goes to a worker as before.
 *
 * <p>Only the MM1 servlet starts asynchronous requests in this deployment, so this changes nothing
 * for the console or the API.
 */
final class AsyncTasks implements Executor {

    /** Set while {@link #startBlocking} hands a task over: it must not run on the I/O thread. */
    private static final ThreadLocal<Boolean> BLOCKING = new ThreadLocal<>();

    /** Where tasks that must leave the I/O thread go: the deployment's own executor, else the XNIO worker (learnt from an I/O thread). */
    private volatile Executor worker;

    /** @param configured the deployment's own async executor (or its executor); null for the XNIO worker */
    AsyncTasks(Executor configured) {
        this.worker = configured;
    }

    /**
     * {@code AsyncContext.start(task)} on a worker thread whatever thread asks: for work that may
     * block (a retrieval relay, a follow-up exchange with an MMSC).
     */
    static void startBlocking(AsyncContext async, Runnable task) {
        whileBlocking(() -> async.start(task));
    }

    /** Runs {@code asking}; whatever task it asks this executor for goes to a worker thread. */
    static void whileBlocking(Runnable asking) {
        BLOCKING.set(Boolean.TRUE);
        try {
            asking.run();
        } finally {
            BLOCKING.remove();
        }
    }

    @Override
    public void execute(Runnable task) {
        XnioIoThread ioThread = XnioIoThread.currentThread();
        if (ioThread != null) {
            if (worker == null) {
                worker = ioThread.getWorker();
            }
            if (BLOCKING.get() == null) {
                task.run();
                return;
            }
        }
        Executor target = worker;
        if (target == null) {
            // No worker known yet and not on an I/O thread: this thread may block, so run it here.
            task.run();
        } else {
            target.execute(task);
        }
    }
}
