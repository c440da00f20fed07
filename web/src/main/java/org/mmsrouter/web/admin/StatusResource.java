package org.mmsrouter.web.admin;

import jakarta.ejb.EJB;
import jakarta.enterprise.context.RequestScoped;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.mmsrouter.health.MmscHealth;
import org.mmsrouter.registry.MmscRegistry;
import org.mmsrouter.forward.ForwardingService;
import org.mmsrouter.health.HealthMonitor;

/**
 * {@code GET /api/status}: every configured MMSC with its URL and current health on this node,
 * forwarding counters, and the latest health transitions (when, from → to, probe or traffic, why).
 */
@Path("status")
@RequestScoped
public class StatusResource {

    @EJB
    private MmscRegistry registry;

    @EJB
    private HealthMonitor health;

    @EJB
    private ForwardingService forwarding;

    /** Health transitions shown, newest first (the monitor keeps more). */
    static final int RECENT_TRANSITIONS = 50;

    /** One MMSC as the status page shows it. */
    public record MmscStatus(String id, String url, String state) {
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, Object> status() {
        var states = health.states();
        List<MmscStatus> mmscs = registry.definitions().stream()
                .map(m -> new MmscStatus(m.id(), m.url().toString(), states.getOrDefault(m.id(), MmscHealth.UNKNOWN).name()))
                .toList();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("mmscs", mmscs);
        body.put("forwarding", forwarding.stats());
        body.put("transitions", health.recentTransitions(RECENT_TRANSITIONS));
        return body;
    }
}
