package org.mmsrouter.web.mm1;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.mmsrouter.admission.AdmissionState;

/**
 * The router's own health for load balancers, keepalived and Kubernetes-style probes, on the
 * subscriber-facing listener, without credentials and from any address (it tells nothing but up or
 * down): {@code GET /health/live} — 200 while the process serves requests at all;
 * {@code GET /health/ready} — 200 while this node takes new MMs (broker active and admission control
 * accepting, router deployed since it answers, server not suspended), else 503. {@code HEAD} answers
 * the same status without a body; other methods get 405. Never cached.
 */
public final class HealthServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    /** Where it is mounted. */
    public static final String PATH = "/health";

    private static final byte[] UP = "{\"status\":\"UP\"}\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] DOWN = "{\"status\":\"DOWN\"}\n".getBytes(StandardCharsets.US_ASCII);

    private final transient Supplier<AdmissionState> admission;
    private final transient BooleanSupplier suspended;

    public HealthServlet(Supplier<AdmissionState> admission, BooleanSupplier suspended) {
        this.admission = admission;
        this.suspended = suspended;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        answer(request, response, true);
    }

    @Override
    protected void doHead(HttpServletRequest request, HttpServletResponse response) throws IOException {
        answer(request, response, false);
    }

    private void answer(HttpServletRequest request, HttpServletResponse response, boolean withBody) throws IOException {
        String probe = request.getPathInfo();
        Boolean up;
        if ("/live".equals(probe)) {
            up = true;
        } else if ("/ready".equals(probe)) {
            up = ready();
        } else {
            up = null;
        }
        response.setHeader("Cache-Control", "no-store");
        if (up == null) {
            response.sendError(HttpServletResponse.SC_NOT_FOUND, "probes: /health/live, /health/ready");
            return;
        }
        byte[] body = up ? UP : DOWN;
        response.setStatus(up ? HttpServletResponse.SC_OK : HttpServletResponse.SC_SERVICE_UNAVAILABLE);
        response.setContentType("application/json");
        response.setContentLength(body.length);
        if (withBody) {
            response.getOutputStream().write(body);
        }
    }

    /** Whether this node takes new MMs now. */
    boolean ready() {
        return admission.get().accepting() && !suspended.getAsBoolean();
    }
}
