package org.mmsrouter.web.mm1;

import io.undertow.servlet.api.DeploymentInfo;
import io.undertow.servlet.core.ManagedServlet;
import io.undertow.servlet.handlers.ServletRequestContext;
import io.undertow.servlet.spec.ServletContextImpl;
import io.undertow.util.SameThreadExecutor;
import jakarta.servlet.ServletContext;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.logging.Logger;
import org.xnio.XnioIoThread;

/**
 * Lets one servlet run on Undertow's I/O thread instead of a worker thread. Undertow hands every
 * servlet request from the I/O thread that parsed it to a worker and back; the MM1 servlet blocks
 * nowhere (its body arrives through a {@code ReadListener}, its answer from callbacks), so that
 * round trip is only cost — two thread switches per MM. Undertow-specific: in another container
 * the servlet keeps the container's threads, with a log line.
 *
 * <p>What the servlet does on the I/O thread must not block: anything that may (a retrieval relay,
 * a follow-up exchange) goes to a container thread with {@link AsyncTasks#startBlocking}. Writing a
 * short answer is fine: the socket takes it at once. Undertow's own tasks for the asynchronous
 * request (the body's first read, the completion) stay on the I/O thread too ({@link AsyncTasks}).
 *
 * <p>Answers decided on another thread (the broker's confirmation, a forwarding outcome) are written
 * on the request's I/O thread too ({@link #answerThread}): Undertow completes an asynchronous request
 * inline there, where from any other thread it hands the completion to a worker, which then wakes
 * the I/O thread to read the connection's next request — two thread switches per MM instead of one.
 */
final class IoThreadServlet {

    private static final Logger LOG = Logger.getLogger(IoThreadServlet.class.getName());

    private IoThreadServlet() {}

    /**
     * Serves the servlet named {@code name} on the I/O thread, with the deployment's asynchronous
     * tasks run by {@link AsyncTasks}; false (and a log line) when the container is not Undertow.
     */
    static boolean serveOnIoThread(ServletContext context, String name) {
        if (!(context instanceof ServletContextImpl undertow)) {
            LOG.info(() -> "Servlet " + name + " keeps the container's worker threads (not Undertow: "
                    + context.getClass().getName() + ")");
            return false;
        }
        ManagedServlet servlet = undertow.getDeployment().getServlets().getManagedServlet(name);
        if (servlet == null) {
            throw new IllegalStateException("no servlet " + name + " registered");
        }
        servlet.getServletInfo().setExecutor(SameThreadExecutor.INSTANCE);
        DeploymentInfo deployment = undertow.getDeployment().getDeploymentInfo();
        Executor configured =
                deployment.getAsyncExecutor() != null ? deployment.getAsyncExecutor() : deployment.getExecutor();
        deployment.setAsyncExecutor(new AsyncTasks(configured));
        return true;
    }

    /**
     * Where the answer of the request this thread is serving should be written and its asynchronous
     * processing completed: the I/O thread of its connection (inline when already there). Outside
     * Undertow, or outside a request, the calling thread.
     */
    static Executor answerThread() {
        ServletRequestContext current = ServletRequestContext.current();
        if (current == null) {
            return Runnable::run;
        }
        return new ConnectionThread(current.getExchange().getIoThread());
    }

    /** Runs a task on one connection's I/O thread; on the calling thread when that one has stopped. */
    private record ConnectionThread(XnioIoThread thread) implements Executor {
        @Override
        public void execute(Runnable task) {
            if (Thread.currentThread() == thread) {
                task.run();
                return;
            }
            try {
                thread.execute(task);
            } catch (RejectedExecutionException stopping) {
                task.run(); // the server is stopping: answer from here rather than not at all
            }
        }
    }
}
