package org.mmsrouter.web.admin;

import jakarta.ejb.EJB;
import jakarta.enterprise.context.RequestScoped;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.mmsrouter.nodes.NodeDirectory;

/**
 * {@code GET /admin/api/session}: who is logged in, with which roles, whether they may act, and the
 * CSRF token their state-changing calls must carry (header {@value CsrfFilter#HEADER}).
 */
@Path("session")
@RequestScoped
public class SessionResource {

    @Context
    private HttpServletRequest request;

    @EJB
    private NodeDirectory nodes;

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Response session() {
        List<String> roles = new ArrayList<>();
        for (String role : List.of(Roles.VIEWER, Roles.OPERATOR)) {
            if (request.isUserInRole(role)) {
                roles.add(role);
            }
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("user", request.getRemoteUser());
        body.put("roles", roles);
        body.put("canAct", request.isUserInRole(Roles.OPERATOR));
        body.put("csrfToken", CsrfFilter.tokenOf(request.getSession(true)));
        body.put("node", nodes.name());
        CacheControl noStore = new CacheControl();
        noStore.setNoStore(true);
        return Response.ok(body).cacheControl(noStore).build();
    }
}
