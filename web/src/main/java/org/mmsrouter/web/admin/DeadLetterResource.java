package org.mmsrouter.web.admin;

import jakarta.ejb.EJB;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.LinkedHashMap;
import java.util.Map;
import org.mmsrouter.forward.DeadLetters;
import org.mmsrouter.queue.QueueManager;

/**
 * The dead letters over HTTP (every action audited):
 * {@code GET /admin/api/dead-letters?limit=100}: the oldest, oldest first, with the token a purge needs;
 * {@code GET …/{routerMessageId}}: one with its MM's headers (subscriber data masked for all but
 * operators, {@link SubscriberPrivacy});
 * {@code POST …/{routerMessageId}/replay}: queue one again (200 replayed, 404 no such dead letter,
 * 409 expired and left in place); {@code POST …/replay-all}; {@code POST …/purge?confirm=<purgeToken>}:
 * delete those the token names (409 when the dead letters changed since it was given);
 * {@code POST …/replay?<filters>}: queue again those a selection names, in two steps like the queue's
 * actions ({@link QueueRequests}; expired ones stay).
 */
@Path("dead-letters")
@RequestScoped
public class DeadLetterResource {

    @EJB
    private DeadLetters deadLetters;

    @Inject
    private AdminActions actions;

    @Inject
    private SubscriberPrivacy privacy;

    @Inject
    private QueueRequests requests;

    @Context
    private UriInfo uri;

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Response list(@QueryParam("limit") @DefaultValue("100") int limit) {
        return ConsoleResource.limited(limit, () -> {
            DeadLetters.Listing listing = deadLetters.list(limit);
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("deadLetters", listing.letters());
            body.put("total", listing.purge().count());
            body.put("purgeToken", listing.purge().token());
            return body;
        });
    }

    @GET
    @Path("{routerMessageId}")
    @Produces(MediaType.APPLICATION_JSON)
    public Response view(@PathParam("routerMessageId") String routerMessageId) {
        return deadLetters
                .find(routerMessageId)
                .map(detail -> {
                    Map<String, Object> body = new LinkedHashMap<>();
                    body.put("deadLetter", detail.letter());
                    // From, To, Cc, Bcc masked and Subject withheld unless the caller is an operator.
                    body.put("headers", privacy.mask().headers(detail.headers()));
                    if (detail.headerError() != null) {
                        body.put("headerError", detail.headerError());
                    }
                    return Response.ok(body).build();
                })
                .orElseGet(() -> error(Response.Status.NOT_FOUND, "no dead letter " + routerMessageId));
    }

    @POST
    @Path("{routerMessageId}/replay")
    @Produces(MediaType.APPLICATION_JSON)
    public Response replay(@PathParam("routerMessageId") String routerMessageId) {
        return actions.audited("dead-letter.replay", routerMessageId, null, () -> {
            DeadLetters.ReplayResult result = deadLetters.replay(routerMessageId);
            switch (result) {
                case REPLAYED:
                    return Response.ok(Map.of("routerMessageId", routerMessageId, "result", result.name()))
                            .build();
                case NOT_FOUND:
                    return error(Response.Status.NOT_FOUND, "no dead letter " + routerMessageId);
                default:
                    return error(
                            Response.Status.CONFLICT, "dead letter " + routerMessageId + " has expired: left in place");
            }
        });
    }

    @POST
    @Path("replay-all")
    @Produces(MediaType.APPLICATION_JSON)
    public Response replayAll() {
        return actions.audited("dead-letter.replay-all", null, null, () -> {
            DeadLetters.ReplayAllResult result = deadLetters.replayAll();
            return Response.ok(Map.of(
                            "replayed", result.replayed(), "expired", result.expired(), "vanished", result.vanished()))
                    .build();
        });
    }

    @POST
    @Path("replay")
    @Produces(MediaType.APPLICATION_JSON)
    public Response replaySelected(@QueryParam("confirm") String token) {
        return requests.twoStep(QueueManager.Action.REPLAY, token, uri);
    }

    @POST
    @Path("purge")
    @Produces(MediaType.APPLICATION_JSON)
    public Response purge(@QueryParam("confirm") String token) {
        return actions.audited("dead-letter.purge", null, "confirm=" + token, () -> {
            if (token == null || token.isBlank()) {
                return error(
                        Response.Status.BAD_REQUEST,
                        "confirm with the purgeToken GET /admin/api/dead-letters gives (purge?confirm=…)");
            }
            return deadLetters
                    .purge(token)
                    .map(purged -> Response.ok(Map.of("purged", purged)).build())
                    .orElseGet(() -> error(
                            Response.Status.CONFLICT,
                            "the dead letters changed since this token was given: look again and confirm anew"));
        });
    }

    static Response error(Response.Status status, String message) {
        return Response.status(status)
                .type(MediaType.APPLICATION_JSON)
                .entity(Map.of("error", message))
                .build();
    }
}
