package org.mmsrouter.web.admin;

import jakarta.ejb.EJB;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.mmsrouter.audit.AuditLog;

/**
 * Runs an action of the admin API and audits it: who (the authenticated user), from where (client
 * address), what (action, target, detail) and how it ended (from the response: {@code ok} or the
 * error). The one place every resource goes through to act.
 */
@RequestScoped
public class AdminActions {

    private static final Logger LOG = Logger.getLogger(AdminActions.class.getName());

    @Inject
    private HttpServletRequest request;

    @EJB
    private AuditLog audit;

    /** The acting user as the registry records it, e.g. "alice (api from 10.1.2.3)". */
    public String actor() {
        return user() + " (api from " + request.getRemoteAddr() + ")";
    }

    private String user() {
        String user = request.getRemoteUser();
        return user == null ? "anonymous" : user;
    }

    public Response audited(String action, String target, String detail, Supplier<Response> work) {
        Response response;
        try {
            response = work.get();
        } catch (RuntimeException e) {
            record(action, target, detail, "error: " + e.getMessage());
            throw e;
        }
        record(action, target, detail, outcome(response));
        return response;
    }

    private static String outcome(Response response) {
        if (response.getStatus() < 300) {
            return "ok";
        }
        Object entity = response.getEntity();
        String error = entity instanceof Map<?, ?> map && map.get("error") != null
                ? String.valueOf(map.get("error"))
                : response.getStatusInfo().getReasonPhrase();
        return response.getStatus() + " " + error;
    }

    private void record(String action, String target, String detail, String outcome) {
        try {
            audit.record(user(), request.getRemoteAddr(), action, target, detail, outcome);
        } catch (RuntimeException e) {
            // The audit file has the line already (AuditLog writes it first); the database row is missing.
            LOG.log(Level.WARNING, "audit entry for " + action + " not stored in the database", e);
        }
    }
}
