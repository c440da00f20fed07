package org.mmsrouter.web.admin;

import jakarta.ejb.EJB;
import jakarta.ejb.EJBException;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.mmsrouter.queue.QueueManager;
import org.mmsrouter.queue.QueueSelection;

/**
 * What the queue and dead-letter resources share: the selection a request's filters name (subscriber
 * filters for operators only), the two-step confirmation of an action (audited), and the mapping of
 * failures to answers — bad filters 400, a viewer filtering by subscriber 403, the broker
 * unreachable 503; never a stack trace.
 */
@RequestScoped
public class QueueRequests {

    private static final Logger LOG = Logger.getLogger(QueueRequests.class.getName());

    @EJB
    private QueueManager queue;

    @Inject
    private AdminActions actions;

    @Inject
    private HttpServletRequest request;

    /**
     * Without {@code token}: 409 with how many MMs {@code action} selects and the token that confirms
     * it. With it: the action, carried out on what the token's look selected.
     */
    public Response twoStep(QueueManager.Action action, String token, UriInfo uri) {
        String name = (action == QueueManager.Action.REPLAY ? "dead-letter." : "queue.") + action.label();
        String detail = uri.getRequestUri().getRawQuery();
        return actions.audited(
                name,
                null,
                detail,
                () -> guarded(() -> {
                    QueueSelection selection = selection(uri);
                    if (token == null || token.isBlank()) {
                        QueueManager.Look look = queue.look(action, selection);
                        Map<String, Object> body = new LinkedHashMap<>();
                        body.put("action", action.label());
                        body.put("selected", look.selected());
                        body.put("confirm", look.token());
                        body.put("error", "confirm: repeat this request with &confirm=<the token given here>");
                        return Response.status(Response.Status.CONFLICT)
                                .entity(body)
                                .build();
                    }
                    Optional<QueueManager.Done> done = queue.act(action, selection, token);
                    if (done.isEmpty()) {
                        return DeadLetterResource.error(
                                Response.Status.CONFLICT,
                                "the token does not confirm this action on this selection (or lapsed): look again");
                    }
                    Map<String, Object> body = new LinkedHashMap<>();
                    body.put("action", action.label());
                    body.put("selected", done.get().selected());
                    body.put("done", done.get().done());
                    return Response.ok(body).build();
                }));
    }

    /** Answers with {@code body}, or with the failure it ran into. */
    public Response read(Supplier<Object> body) {
        return guarded(() -> Response.ok(body.get()).build());
    }

    /** The filters of this request; subscriber filters only for operators. */
    public QueueSelection selection(UriInfo uri) {
        Map<String, String> parameters = new LinkedHashMap<>();
        uri.getQueryParameters().forEach((name, values) -> parameters.put(name, values.get(0)));
        QueueSelection selection = QueueSelection.parse(parameters);
        if (selection.bySubscriber() && !request.isUserInRole(Roles.OPERATOR)) {
            throw new SubscriberFilterRefused();
        }
        return selection;
    }

    /** Bad filters → 400, a viewer filtering by subscriber → 403, the broker unreachable → 503; never a stack trace. */
    private static Response guarded(Work work) {
        try {
            return unwrapped(work);
        } catch (SubscriberFilterRefused e) {
            return DeadLetterResource.error(
                    Response.Status.FORBIDDEN, "only operators may select by sender or recipient");
        } catch (IllegalArgumentException e) {
            return DeadLetterResource.error(Response.Status.BAD_REQUEST, e.getMessage());
        } catch (IllegalStateException e) {
            return DeadLetterResource.error(Response.Status.SERVICE_UNAVAILABLE, e.getMessage());
        } catch (Exception e) {
            LOG.log(Level.WARNING, "queue request failed", e);
            return DeadLetterResource.error(Response.Status.INTERNAL_SERVER_ERROR, "queue request failed: " + e);
        }
    }

    /**
     * Runs {@code work}, rethrowing what a bean call threw as itself: the container wraps an
     * unchecked exception of a bean (a bad page size, the broker down) in an {@link EJBException}.
     */
    private static Response unwrapped(Work work) throws Exception {
        try {
            return work.run();
        } catch (EJBException e) {
            Exception cause = e.getCausedByException();
            throw cause != null ? cause : e;
        }
    }

    @FunctionalInterface
    private interface Work {
        Response run() throws Exception;
    }

    private static final class SubscriberFilterRefused extends RuntimeException {
        private static final long serialVersionUID = 1L;

        SubscriberFilterRefused() {
            super("only operators may select by sender or recipient", null, false, false);
        }
    }
}
