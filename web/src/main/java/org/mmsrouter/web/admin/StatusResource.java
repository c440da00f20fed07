package org.mmsrouter.web.admin;

import jakarta.ejb.EJB;
import jakarta.enterprise.context.RequestScoped;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.net.InetAddress;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.mmsrouter.admission.AdmissionMonitor;
import org.mmsrouter.forward.ForwardingService;
import org.mmsrouter.health.HealthMonitor;
import org.mmsrouter.health.HealthView;
import org.mmsrouter.health.MmscHealth;
import org.mmsrouter.nodes.NodeDirectory;
import org.mmsrouter.nodes.RouterNode;
import org.mmsrouter.registry.MmscRegistry;
import org.mmsrouter.retrieval.RetrievalService;

/**
 * {@code GET /admin/api/status}: the router nodes (this one, and others sharing its database) with the
 * addresses DNS answers carry, every configured MMSC with its URL and current health on this node,
 * forwarding and retrieval counters, and the latest health transitions (when, from → to, probe or traffic, why).
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

    @EJB
    private NodeDirectory nodes;

    @EJB
    private RetrievalService retrievals;

    @EJB
    private AdmissionMonitor admission;

    /** Health transitions shown, newest first (the monitor keeps more). */
    static final int RECENT_TRANSITIONS = 50;

    /** One MMSC as the status page shows it; {@code since}: when it entered its state (null: not yet probed). */
    public record MmscStatus(String id, String url, String state, Instant since) {}

    /**
     * One router node as this node sees it (its addresses as IP literals), with that node's own view
     * of the MMSCs' health as it last wrote it to the shared database (empty until its first beat).
     */
    public record NodeStatus(
            String name,
            List<String> addresses,
            boolean live,
            boolean self,
            Instant startedAt,
            Instant lastBeatSeen,
            Map<String, String> mmscHealth) {
        static NodeStatus of(RouterNode node, Map<String, Map<String, String>> healthViews) {
            return new NodeStatus(
                    node.name(),
                    node.addresses().stream().map(InetAddress::getHostAddress).toList(),
                    node.live(),
                    node.self(),
                    node.startedAt(),
                    node.lastBeatSeen(),
                    healthViews.getOrDefault(node.name(), Map.of()));
        }
    }

    /** Every router node with its health view. */
    static List<NodeStatus> nodes(NodeDirectory directory) {
        Map<String, Map<String, String>> views = directory.healthViews();
        return directory.nodes().stream()
                .map(node -> NodeStatus.of(node, views))
                .toList();
    }

    /** An MMSC added a moment ago may not be on the health board yet. */
    static Instant sinceOrNull(HealthView view, String mmscId) {
        try {
            return view.since(mmscId);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, Object> status() {
        var states = health.states();
        HealthView view = health.view();
        List<MmscStatus> mmscs = registry.definitions().stream()
                .map(m -> new MmscStatus(
                        m.id(),
                        m.url().toString(),
                        states.getOrDefault(m.id(), MmscHealth.UNKNOWN).name(),
                        sinceOrNull(view, m.id())))
                .toList();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("node", nodes.name());
        body.put("nodes", nodes(nodes));
        body.put(
                "dnsAddresses",
                nodes.liveAddresses().stream().map(InetAddress::getHostAddress).toList());
        body.put("admission", admission.state());
        body.put("mmscs", mmscs);
        body.put("forwarding", forwarding.stats());
        body.put("retrieval", retrievals.stats());
        body.put("transitions", health.recentTransitions(RECENT_TRANSITIONS));
        return body;
    }
}
