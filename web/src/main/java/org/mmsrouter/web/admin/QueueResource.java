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
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.mmsrouter.queue.QueueManager;
import org.mmsrouter.queue.QueueSelection;
import org.mmsrouter.queue.QueueShape;
import org.mmsrouter.queue.QueuedMmView;

/**
 * This node's queued MMs over HTTP, as Postfix's queue tools give them (docs/operations.md#queue):
 * {@code GET /admin/api/queue?<filters>&page=1&size=50} lists them oldest first;
 * {@code GET …/queue/shape?<filters>} counts them per MMSC and age bucket;
 * {@code POST …/queue/{hold|release|requeue|purge}?<filters>} acts in two steps: without
 * {@code confirm} the answer is 409 with how many MMs the action selects and the token that
 * confirms it; with {@code confirm=<token>} (same filters) it acts ({@link QueueRequests}). Filters:
 * {@code mmsc}, {@code sender}, {@code recipient}, {@code olderThan}, {@code newerThan},
 * {@code state}, {@code kind} ({@link QueueSelection#parse}). Senders are masked for all but operators.
 */
@Path("queue")
@RequestScoped
public class QueueResource {

    @EJB
    private QueueManager queue;

    @Inject
    private QueueRequests requests;

    @Inject
    private SubscriberPrivacy privacy;

    @Context
    private UriInfo uri;

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Response list(
            @QueryParam("page") @DefaultValue("1") int page, @QueryParam("size") @DefaultValue("50") int size) {
        return requests.read(() -> {
            QueueManager.Page listing = queue.list(requests.selection(uri), page, size);
            SubscriberMask mask = privacy.mask();
            List<Map<String, Object>> items = new ArrayList<>();
            Instant now = Instant.now();
            for (QueuedMmView mm : listing.items()) {
                items.add(item(mm, mask, now));
            }
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("node", listing.node());
            body.put("asOf", listing.asOf().toString());
            body.put("total", listing.total());
            body.put("page", listing.page());
            body.put("size", listing.size());
            body.put("items", items);
            return body;
        });
    }

    @GET
    @Path("shape")
    @Produces(MediaType.APPLICATION_JSON)
    public Response shape() {
        return requests.read(() -> {
            QueueShape shape = queue.shape(requests.selection(uri));
            List<Map<String, Object>> rows = new ArrayList<>();
            for (QueueShape.Row row : shape.rows()) {
                Map<String, Object> out = new LinkedHashMap<>();
                out.put("mmsc", row.mmsc());
                out.put("counts", row.counts());
                out.put("total", row.total());
                rows.add(out);
            }
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("node", queue.node());
            body.put("asOf", queue.asOf().toString());
            body.put("buckets", QueueShape.BUCKETS);
            body.put("rows", rows);
            body.put("total", shape.total());
            return body;
        });
    }

    @POST
    @Path("{action}")
    @Produces(MediaType.APPLICATION_JSON)
    public Response act(@PathParam("action") String action, @QueryParam("confirm") String token) {
        QueueManager.Action named = null;
        for (QueueManager.Action candidate : QueueManager.Action.values()) {
            if (candidate != QueueManager.Action.REPLAY && candidate.label().equals(action.toLowerCase(Locale.ROOT))) {
                named = candidate;
            }
        }
        if (named == null) {
            return DeadLetterResource.error(
                    Response.Status.NOT_FOUND, "no queue action " + action + " (hold, release, requeue, purge)");
        }
        return requests.twoStep(named, token, uri);
    }

    private static Map<String, Object> item(QueuedMmView mm, SubscriberMask mask, Instant now) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("routerMessageId", mm.routerMessageId());
        out.put("transactionId", mm.transactionId());
        out.put("kind", mm.kind());
        out.put("state", mm.state().label());
        out.put("sender", mm.sender() == null ? null : mask.address(mm.sender()));
        out.put("recipients", mm.recipients().size());
        out.put("sizeBytes", mm.sizeBytes());
        out.put("arrival", mm.arrival().toString());
        out.put("ageSeconds", mm.age(now).toSeconds());
        out.put("attempts", mm.attempts());
        out.put(
                "nextAttempt",
                mm.nextAttempt() == null ? null : mm.nextAttempt().toString());
        out.put("lastError", mm.lastError());
        out.put("mmsc", mm.mmsc());
        return out;
    }
}
