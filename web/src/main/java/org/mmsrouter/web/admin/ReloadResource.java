package org.mmsrouter.web.admin;

import jakarta.ejb.EJB;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.mmsrouter.config.ReloadOutcome;
import org.mmsrouter.config.RouterConfiguration;

/**
 * {@code POST /admin/api/reload}: reads the settings file again and applies what the running router
 * can take (docs/operations.md#live-reload), audited. 200 {@code {"applied": [...], "unchanged":
 * false}} (or {@code "unchanged": true}); 409 with {@code refused}, the settings that need a restart
 * (nothing applied); 400 with {@code problems}, each naming its key (nothing applied).
 */
@Path("reload")
@RequestScoped
public class ReloadResource {

    @EJB
    private RouterConfiguration configuration;

    @Inject
    private AdminActions actions;

    @POST
    @Produces(MediaType.APPLICATION_JSON)
    public Response reload() {
        return actions.audited("settings.reload", null, null, () -> answer(configuration.reload()));
    }

    static Response answer(ReloadOutcome outcome) {
        Map<String, Object> body = new LinkedHashMap<>();
        if (outcome instanceof ReloadOutcome.Applied applied) {
            body.put("applied", applied.changed());
            body.put("unchanged", false);
            return Response.ok(body).build();
        }
        if (outcome instanceof ReloadOutcome.Refused refused) {
            body.put("error", "nothing applied: " + String.join("; ", refused.needRestart()));
            body.put("refused", refused.needRestart());
            body.put("wouldApply", refused.live());
            return Response.status(Response.Status.CONFLICT).entity(body).build();
        }
        if (outcome instanceof ReloadOutcome.Invalid invalid) {
            body.put("error", "nothing applied, the settings are invalid: " + String.join("; ", invalid.problems()));
            body.put("problems", invalid.problems());
            return Response.status(Response.Status.BAD_REQUEST).entity(body).build();
        }
        body.put("applied", List.of());
        body.put("unchanged", true);
        return Response.ok(body).build();
    }
}
