package org.mmsrouter.web.mm1;

import io.undertow.servlet.core.ManagedServlet;
import io.undertow.servlet.spec.ServletContextImpl;
import io.undertow.util.SameThreadExecutor;
import jakarta.servlet.ServletContext;
import java.util.logging.Logger;

/**
 * Lets one servlet run on Undertow's I/O thread instead of a worker thread. Undertow hands every
 * servlet request from the I/O thread that parsed it to a worker and back; the MM1 servlet blocks
 * nowhere (its body arrives through a {@code ReadListener}, its answer from callbacks), so that
 * round trip is only cost — two thread switches per MM. Undertow-specific: in another container
 * the servlet keeps the container's threads, with a log line.
 *
 * <p>What the servlet does on the I/O thread must not block: anything that may (a retrieval relay,
 * a follow-up exchange) goes to a container thread with {@code AsyncContext.start}. Writing a short
 * answer is fine: the socket takes it at once.
 */
final class IoThreadServlet {

    private static final Logger LOG = Logger.getLogger(IoThreadServlet.class.getName());

    private IoThreadServlet() {}

    /** Serves the servlet named {@code name} on the I/O thread; false (and a log line) when the container is not Undertow. */
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
        return true;
    }
}
