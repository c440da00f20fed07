package org.mmsrouter.web.admin;

import jakarta.ejb.EJB;
import jakarta.enterprise.context.RequestScoped;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.Map;
import org.mmsrouter.admission.AdmissionMonitor;
import org.mmsrouter.admission.AdmissionState;

/**
 * {@code GET /admin/api/ready}: whether this node takes new MMs — 200 while it does, 503 while
 * admission control refuses them (a volume above its high-water mark, the broker stopped), with
 * the reason. For a load balancer's or keepalived's check and for orchestration; open without a
 * login (on the management listener only) as such probes expect, and it tells nothing else.
 */
@Path("ready")
@RequestScoped
public class ReadinessResource {

    @EJB
    private AdmissionMonitor admission;

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Response ready() {
        AdmissionState state = admission.state();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("ready", state.accepting());
        body.put("since", state.since().toString());
        if (!state.accepting()) {
            body.put("cause", state.cause());
            body.put("reason", state.refusal());
        }
        return Response.status(state.accepting() ? Response.Status.OK : Response.Status.SERVICE_UNAVAILABLE)
                .entity(body)
                .build();
    }
}
