package org.mmsrouter.web.admin;

import jakarta.ejb.EJB;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.mmsrouter.config.MmscDefinition;
import org.mmsrouter.health.HealthMonitor;
import org.mmsrouter.health.MmscHealth;
import org.mmsrouter.registry.MmscRegistry;
import org.mmsrouter.registry.RegisteredMmsc;
import org.mmsrouter.routing.AdminState;

/**
 * The MMSC registry over HTTP: {@code GET /admin/api/mmscs} lists every MMSC with its routing attributes,
 * health on this node and who set the attributes last; {@code PUT /admin/api/mmscs/{id}/routing} (JSON)
 * changes the attributes; {@code POST /admin/api/mmscs/{id}/admin-state?set=enabled|draining|disabled}
 * changes only the admin state; {@code POST /admin/api/mmscs} adds an MMSC and {@code DELETE /admin/api/mmscs/{id}}
 * removes one added that way (disabled first). Changes are stored before they take effect and
 * survive restarts. Every change is audited ({@link AdminActions}).
 */
@Path("mmscs")
@RequestScoped
public class MmscResource {

    @EJB
    private MmscRegistry registry;

    @EJB
    private HealthMonitor health;

    @Inject
    private AdminActions actions;

    /** One MMSC as the API shows it ({@code owns} only when it has ownership rules). */
    public record MmscView(
            String id,
            String url,
            String probeUrl,
            String health,
            int priority,
            int weight,
            List<String> recipientPrefixes,
            String adminState,
            int maxRate,
            String updatedAt,
            String updatedBy,
            MmscDefinition.Ownership owns) {}

    /** The body of {@code PUT …/routing}: every attribute, as {@code GET} shows them. */
    public record RoutingChange(
            Integer priority, Integer weight, List<String> recipientPrefixes, String adminState, Integer maxRate) {}

    /** The body of {@code POST /admin/api/mmscs}: a new MMSC; probeUrl defaults to url, routing to the defaults. */
    public record NewMmsc(
            String id,
            String url,
            String probeUrl,
            Integer priority,
            Integer weight,
            List<String> recipientPrefixes,
            String adminState,
            Integer maxRate,
            Owns owns) {}

    /** Ownership rules in a request body; every field optional. */
    public record Owns(List<String> hosts, List<String> pathPrefixes, String pathRegex, String idRegex) {
        MmscDefinition.Ownership toOwnership() {
            return new MmscDefinition.Ownership(
                    hosts == null ? List.of() : hosts,
                    pathPrefixes == null ? List.of() : pathPrefixes,
                    pathRegex,
                    idRegex);
        }
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, Object> list() {
        var states = health.states();
        List<MmscView> views =
                registry.mmscs().stream().map(m -> view(m, healthOf(states, m))).toList();
        return Map.of("mmscs", views);
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Response add(NewMmsc body) {
        return actions.audited(
                "mmsc.add", body == null ? null : body.id(), body == null ? null : body.url(), () -> doAdd(body));
    }

    private Response doAdd(NewMmsc body) {
        if (body == null) {
            return error(Response.Status.BAD_REQUEST, "give at least id and url");
        }
        MmscDefinition mmsc;
        try {
            MmscDefinition.checkId(body.id());
            URI url = MmscDefinition.httpUrl(body.url());
            URI probeUrl = body.probeUrl() == null ? url : MmscDefinition.httpUrl(body.probeUrl());
            MmscDefinition.Routing defaults = MmscDefinition.Routing.DEFAULT;
            MmscDefinition.Routing routing = new MmscDefinition.Routing(
                    body.priority() == null ? defaults.priority() : body.priority(),
                    body.weight() == null ? defaults.weight() : body.weight(),
                    body.recipientPrefixes() == null ? defaults.recipientPrefixes() : body.recipientPrefixes(),
                    body.adminState() == null ? defaults.adminState() : AdminState.parse(body.adminState()),
                    body.maxRate() == null ? defaults.maxRate() : body.maxRate());
            mmsc = new MmscDefinition(
                    body.id(),
                    url,
                    probeUrl,
                    MmscDefinition.Probe.DEFAULT,
                    routing,
                    body.owns() == null
                            ? MmscDefinition.Ownership.NONE
                            : body.owns().toOwnership());
        } catch (IllegalArgumentException e) {
            return error(Response.Status.BAD_REQUEST, e.getMessage());
        }
        MmscRegistry.Membership result = registry.add(mmsc, by());
        if (result == MmscRegistry.Membership.ALREADY_EXISTS) {
            return error(Response.Status.CONFLICT, "MMSC " + body.id() + " exists already");
        }
        return registry.find(body.id())
                .map(m -> Response.status(Response.Status.CREATED)
                        .entity(view(m, healthOf(health.states(), m)))
                        .build())
                .orElseGet(() -> error(Response.Status.INTERNAL_SERVER_ERROR, "added but not listed"));
    }

    @DELETE
    @Path("{id}")
    @Produces(MediaType.APPLICATION_JSON)
    public Response remove(@PathParam("id") String id) {
        return actions.audited("mmsc.remove", id, null, () -> doRemove(id));
    }

    private Response doRemove(String id) {
        switch (registry.remove(id, by())) {
            case DONE:
                return Response.ok(Map.of("removed", id)).build();
            case NOT_FOUND:
                return error(Response.Status.NOT_FOUND, "no MMSC " + id);
            case IN_SETTINGS_FILE:
                return error(
                        Response.Status.CONFLICT, "MMSC " + id + " is defined in the settings file: remove it there");
            default:
                return error(Response.Status.CONFLICT, "disable MMSC " + id + " first (admin-state?set=disabled)");
        }
    }

    private static String healthOf(Map<String, MmscHealth> states, RegisteredMmsc mmsc) {
        return states.getOrDefault(mmsc.definition().id(), MmscHealth.UNKNOWN).name();
    }

    private String by() {
        return actions.actor();
    }

    @PUT
    @Path("{id}/routing")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Response route(@PathParam("id") String id, RoutingChange change) {
        return actions.audited("mmsc.routing", id, String.valueOf(change), () -> doRoute(id, change));
    }

    private Response doRoute(String id, RoutingChange change) {
        if (change == null
                || change.priority() == null
                || change.weight() == null
                || change.recipientPrefixes() == null
                || change.adminState() == null
                || change.maxRate() == null) {
            return error(
                    Response.Status.BAD_REQUEST,
                    "give every attribute: priority, weight, recipientPrefixes, adminState, maxRate");
        }
        MmscDefinition.Routing routing;
        try {
            routing = new MmscDefinition.Routing(
                    change.priority(),
                    change.weight(),
                    change.recipientPrefixes(),
                    AdminState.parse(change.adminState()),
                    change.maxRate());
        } catch (IllegalArgumentException e) {
            return error(Response.Status.BAD_REQUEST, e.getMessage());
        }
        return apply(id, routing);
    }

    @POST
    @Path("{id}/admin-state")
    @Produces(MediaType.APPLICATION_JSON)
    public Response adminState(@PathParam("id") String id, @QueryParam("set") String state) {
        return actions.audited("mmsc.admin-state", id, state, () -> doAdminState(id, state));
    }

    /** {@code POST /admin/api/mmscs/{id}/probe}: probes the MMSC now; the result counts like a scheduled probe's. */
    @POST
    @Path("{id}/probe")
    @Produces(MediaType.APPLICATION_JSON)
    public Response probe(@PathParam("id") String id) {
        return actions.audited("mmsc.probe", id, null, () -> {
            try {
                return health.probeNow(id)
                        .map(p -> Response.ok(ProbeView.of(p)).build())
                        .orElseGet(() -> error(Response.Status.NOT_FOUND, "no MMSC " + id));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return error(Response.Status.SERVICE_UNAVAILABLE, "interrupted");
            }
        });
    }

    /** A probe's result as the API shows it. */
    public record ProbeView(String mmscId, Instant at, boolean ok, double latencyMs, String detail) {
        static ProbeView of(org.mmsrouter.health.LastProbe probe) {
            return new ProbeView(
                    probe.mmscId(), probe.at(), probe.ok(), probe.latency().toNanos() / 1e6, probe.detail());
        }
    }

    private Response doAdminState(String id, String state) {
        AdminState adminState;
        try {
            adminState = AdminState.parse(state == null ? "" : state);
        } catch (IllegalArgumentException e) {
            return error(Response.Status.BAD_REQUEST, e.getMessage());
        }
        return registry.find(id)
                .map(m -> {
                    MmscDefinition.Routing now = m.definition().routing();
                    return apply(
                            id,
                            new MmscDefinition.Routing(
                                    now.priority(), now.weight(), now.recipientPrefixes(), adminState, now.maxRate()));
                })
                .orElseGet(() -> error(Response.Status.NOT_FOUND, "no MMSC " + id));
    }

    private Response apply(String id, MmscDefinition.Routing routing) {
        return registry.route(id, routing, by())
                .map(m -> Response.ok(view(m, healthOf(health.states(), m))).build())
                .orElseGet(() -> error(Response.Status.NOT_FOUND, "no MMSC " + id));
    }

    private static MmscView view(RegisteredMmsc mmsc, String healthState) {
        MmscDefinition d = mmsc.definition();
        MmscDefinition.Routing r = d.routing();
        return new MmscView(
                d.id(),
                d.url().toString(),
                d.probeUrl().toString(),
                healthState,
                r.priority(),
                r.weight(),
                r.recipientPrefixes(),
                r.adminState().name().toLowerCase(Locale.ROOT),
                r.maxRate(),
                mmsc.updatedAt().toString(),
                mmsc.updatedBy(),
                d.owns().definesNothing() ? null : d.owns());
    }

    private static Response error(Response.Status status, String message) {
        return Response.status(status)
                .type(MediaType.APPLICATION_JSON)
                .entity(Map.of("error", message))
                .build();
    }
}
