package org.mmsrouter.web.admin;

import jakarta.ejb.EJB;
import jakarta.enterprise.context.RequestScoped;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;
import org.mmsrouter.forward.DeadLetters;

/**
 * {@code GET /api/dead-letters?limit=N}: the MMs no MMSC took, oldest first, each with its reason;
 * {@code POST /api/dead-letters/{routerMessageId}/replay}: queue one again for forwarding
 * (200 replayed, 404 no such dead letter, 409 expired and left in place).
 */
@Path("dead-letters")
@RequestScoped
public class DeadLetterResource {

    static final int MAX_LIMIT = 1_000;

    @EJB
    private DeadLetters deadLetters;

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Response list(@QueryParam("limit") @DefaultValue("100") int limit) {
        if (limit < 1 || limit > MAX_LIMIT) {
            return Response.status(Response.Status.BAD_REQUEST)
                    .entity(Map.of("error", "limit must be between 1 and " + MAX_LIMIT)).build();
        }
        List<DeadLetters.DeadLetter> letters = deadLetters.list(limit);
        return Response.ok(Map.of("deadLetters", letters)).build();
    }

    @POST
    @Path("{routerMessageId}/replay")
    @Produces(MediaType.APPLICATION_JSON)
    public Response replay(@PathParam("routerMessageId") String routerMessageId) {
        DeadLetters.ReplayResult result = deadLetters.replay(routerMessageId);
        Response.Status status = switch (result) {
            case REPLAYED -> Response.Status.OK;
            case NOT_FOUND -> Response.Status.NOT_FOUND;
            case EXPIRED -> Response.Status.CONFLICT;
        };
        return Response.status(status)
                .entity(Map.of("routerMessageId", routerMessageId, "result", result.name())).build();
    }
}
