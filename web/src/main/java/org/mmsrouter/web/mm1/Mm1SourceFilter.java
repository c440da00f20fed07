package org.mmsrouter.web.mm1;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.function.Predicate;
import java.util.logging.Logger;

/**
 * MM1 carries no authentication of its own (the WAP gateway vouches for the handset), so the router
 * serves it only to the WAP gateways' networks ({@code mmsrouter.mm1.allowed-sources}); a request
 * from anywhere else gets 403 with a short reason and a log line, before any body is read. The
 * configured pass-throughs (MM7 and the like) sit on the same listener and are filtered the same way.
 */
public final class Mm1SourceFilter extends HttpFilter {

    private static final Logger LOG = Logger.getLogger(Mm1SourceFilter.class.getName());

    private final transient Predicate<String> allowed;

    public Mm1SourceFilter(Predicate<String> allowed) {
        this.allowed = allowed;
    }

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        String source = request.getRemoteAddr();
        if (allowed.test(source)) {
            chain.doFilter(request, response);
            return;
        }
        LOG.warning(() -> request.getMethod() + " " + request.getRequestURI() + " from " + source
                + " refused: not in mmsrouter.mm1.allowed-sources");
        UnreadBody.abandon(request, response); // a refused client's body is never read, so it cannot hold a thread
        response.sendError(HttpServletResponse.SC_FORBIDDEN, "MM1 is served to the operator's WAP gateways only");
    }
}
