package org.mmsrouter.web.admin;

import jakarta.ejb.EJB;
import jakarta.enterprise.context.RequestScoped;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.mmsrouter.admission.AdmissionMonitor;
import org.mmsrouter.admission.AdmissionState;
import org.mmsrouter.admission.VolumeUsage;
import org.mmsrouter.dns.DnsResponder;
import org.mmsrouter.forward.ForwardingService;
import org.mmsrouter.forward.MmJournal;
import org.mmsrouter.forward.OutcomeBoard;
import org.mmsrouter.health.HealthMonitor;
import org.mmsrouter.health.MmscHealth;
import org.mmsrouter.nodes.NodeDirectory;
import org.mmsrouter.nodes.RouterNode;
import org.mmsrouter.queue.QueueManager;
import org.mmsrouter.queue.QueueSelection;
import org.mmsrouter.queue.QueueState;
import org.mmsrouter.retrieval.RetrievalService;
import org.mmsrouter.traffic.QueueGauges;

/**
 * {@code GET /admin/api/metrics}: this node's counters, gauges and histograms in the Prometheus text format, for the
 * operator's monitoring to scrape — MMs accepted and answer-window hits, forwarding attempts per
 * MMSC and outcome, MMSC states, retrievals and follow-ups by how their owner was found, DNS
 * responses by rcode, live router nodes, queue depth and head age, and latency histograms (probes,
 * forwarding attempts per MMSC, whole journeys per outcome). Scrapers authenticate like any API
 * client (BASIC, role noc-metrics, noc-viewer or noc-operator).
 */
@Path("metrics")
@RequestScoped
public class MetricsResource {

    @EJB
    private OutcomeBoard outcomes;

    @EJB
    private ForwardingService forwarding;

    @EJB
    private HealthMonitor health;

    @EJB
    private RetrievalService retrievals;

    @EJB
    private DnsResponder dns;

    @EJB
    private NodeDirectory nodes;

    @EJB
    private QueueGauges queues;

    @EJB
    private QueueManager queueManager;

    @EJB
    private MmJournal journal;

    @EJB
    private AdmissionMonitor admission;

    @GET
    @Produces("text/plain; version=0.0.4; charset=utf-8")
    public String metrics() {
        PrometheusText text = new PrometheusText();
        OutcomeBoard.IngressStats ingress = outcomes.ingressStats();
        text.family("mmsrouter_mm1_accepted_total", "counter", "MMs queued by the MM1 ingress")
                .sample("mmsrouter_mm1_accepted_total", ingress.accepted());
        text.family(
                        "mmsrouter_mm1_answers_total",
                        "counter",
                        "Answers to the WAP gateway: with the MMSC's own m-send-conf within the window, or the router's after it")
                .sample("mmsrouter_mm1_answers_total", ingress.answerWindowHits(), "answer", "mmsc")
                .sample("mmsrouter_mm1_answers_total", ingress.answerWindowMisses(), "answer", "router");

        text.family("mmsrouter_forward_attempts_total", "counter", "Forwarding attempts by MMSC and outcome");
        for (Map.Entry<String, Map<String, Long>> mmsc :
                forwarding.attemptsByMmsc().entrySet()) {
            mmsc.getValue()
                    .forEach((outcome, count) -> text.sample(
                            "mmsrouter_forward_attempts_total", count, "mmsc", mmsc.getKey(), "outcome", outcome));
        }
        ForwardingService.Stats stats = forwarding.stats();
        text.family(
                        "mmsrouter_forward_possible_duplicates_total",
                        "counter",
                        "Attempts that timed out after the MM was sent (a retry may duplicate it)")
                .sample("mmsrouter_forward_possible_duplicates_total", stats.possibleDuplicates());
        text.family("mmsrouter_forward_waiting_for_route", "gauge", "Forwarders holding an MM until an MMSC is up")
                .sample("mmsrouter_forward_waiting_for_route", stats.waitingForRoute());

        text.family("mmsrouter_mmsc_up", "gauge", "1 when the MMSC is in routing (UP) on this node");
        text.family("mmsrouter_mmsc_state", "gauge", "1 for the MMSC's current health state on this node");
        for (Map.Entry<String, MmscHealth> state : health.states().entrySet()) {
            text.sample("mmsrouter_mmsc_up", state.getValue().routable() ? 1 : 0, "mmsc", state.getKey());
            text.sample(
                    "mmsrouter_mmsc_state",
                    1,
                    "mmsc",
                    state.getKey(),
                    "state",
                    state.getValue().name());
        }

        RetrievalService.Stats retrieval = retrievals.stats();
        text.family(
                        "mmsrouter_retrievals_total",
                        "counter",
                        "Retrievals by how the owning MMSC was found, or why none served it")
                .sample("mmsrouter_retrievals_total", retrieval.byRule(), "result", "rule")
                .sample("mmsrouter_retrievals_total", retrieval.byLearned(), "result", "learned")
                .sample("mmsrouter_retrievals_total", retrieval.bySweep(), "result", "sweep")
                .sample("mmsrouter_retrievals_total", retrieval.notFound(), "result", "not_found")
                .sample("mmsrouter_retrievals_total", retrieval.ownerUnavailable(), "result", "owner_unavailable");
        text.family("mmsrouter_follow_ups_total", "counter", "Follow-up PDUs by how the owning MMSC was found")
                .sample("mmsrouter_follow_ups_total", retrieval.followUpsByRule(), "result", "rule")
                .sample("mmsrouter_follow_ups_total", retrieval.followUpsByLearned(), "result", "learned")
                .sample("mmsrouter_follow_ups_total", retrieval.followUpsBySweep(), "result", "sweep")
                .sample("mmsrouter_follow_ups_total", retrieval.followUpsByBroadcast(), "result", "broadcast")
                .sample("mmsrouter_follow_ups_total", retrieval.followUpsNobodyHasIt(), "result", "nobody_has_it");
        text.family("mmsrouter_learned_owners", "gauge", "Message owners remembered")
                .sample("mmsrouter_learned_owners", retrieval.learnedOwners());

        text.family("mmsrouter_dns_responses_total", "counter", "DNS responses by rcode (before rate limiting)");
        dns.responsesByRcode()
                .forEach((rcode, count) -> text.sample("mmsrouter_dns_responses_total", count, "rcode", rcode));

        text.family(
                        "mmsrouter_router_nodes_live",
                        "gauge",
                        "Router nodes whose heartbeat moves, as this node sees them")
                .sample(
                        "mmsrouter_router_nodes_live",
                        nodes.nodes().stream().filter(RouterNode::live).count());

        text.family("mmsrouter_queue_messages", "gauge", "Messages in the router's queues on this node's broker");
        text.family("mmsrouter_queue_in_flight", "gauge", "Messages being delivered to a consumer now");
        text.family("mmsrouter_queue_scheduled", "gauge", "Messages waiting out a redelivery delay");
        text.family("mmsrouter_queue_added_total", "counter", "Messages added to the queue since the broker started");
        text.family(
                "mmsrouter_queue_oldest_age_seconds",
                "gauge",
                "Age of the message at the head of the queue (0 when empty)");
        for (QueueGauges.QueueState queue : queues.queues()) {
            text.sample("mmsrouter_queue_messages", queue.depth(), "queue", queue.name());
            text.sample("mmsrouter_queue_in_flight", queue.inFlight(), "queue", queue.name());
            text.sample("mmsrouter_queue_scheduled", queue.scheduled(), "queue", queue.name());
            text.sample("mmsrouter_queue_added_total", queue.added(), "queue", queue.name());
            text.sample(
                    "mmsrouter_queue_oldest_age_seconds",
                    queue.oldestAge() == null ? 0 : queue.oldestAge().toMillis() / 1000.0,
                    "queue",
                    queue.name());
        }

        perMmscQueue(text);

        AdmissionState admitted = admission.state();
        text.family(
                        "mmsrouter_admission_accepting",
                        "gauge",
                        "1 while this node takes new MMs, 0 while storage or the broker refuses them")
                .sample("mmsrouter_admission_accepting", admitted.accepting() ? 1 : 0);
        text.family("mmsrouter_broker_up", "gauge", "1 while the message broker (Artemis) runs")
                .sample("mmsrouter_broker_up", admitted.brokerUp() ? 1 : 0);
        text.family(
                        "mmsrouter_broker_recoveries_total",
                        "counter",
                        "Reloads of WildFly the router asked for to start a stopped broker again"
                                + " (mmsrouter.broker.recover-after-ms; kept across those reloads)")
                .sample("mmsrouter_broker_recoveries_total", admission.brokerRecoveries());
        text.family(
                "mmsrouter_admission_refusals_total", "counter", "MM1 requests refused by admission control, by cause");
        admitted.refusals().forEach((cause, n) -> text.sample("mmsrouter_admission_refusals_total", n, "cause", cause));
        text.family(
                        "mmsrouter_admission_in_flight_bytes",
                        "gauge",
                        "Request bodies held between arrival and the durable store")
                .sample("mmsrouter_admission_in_flight_bytes", admitted.inFlightBytes());
        text.family(
                        "mmsrouter_admission_in_flight_bytes_max",
                        "gauge",
                        "Their bound (mmsrouter.admission.max-in-flight-mb)")
                .sample("mmsrouter_admission_in_flight_bytes_max", admitted.maxInFlightBytes());
        text.family(
                "mmsrouter_volume_free_bytes",
                "gauge",
                "Free bytes on each volume holding the broker's or the router's data");
        text.family("mmsrouter_volume_size_bytes", "gauge", "Size of each such volume");
        for (VolumeUsage volume : admitted.volumes()) {
            text.sample("mmsrouter_volume_free_bytes", volume.usable(), "volume", volume.volume());
            text.sample("mmsrouter_volume_size_bytes", volume.total(), "volume", volume.volume());
        }
        text.family("mmsrouter_disk_high_water_ratio", "gauge", "Used share of a volume at which new MMs are refused")
                .sample("mmsrouter_disk_high_water_ratio", admitted.highWaterPercent() / 100.0);

        text.family("mmsrouter_probe_latency_seconds", "histogram", "Active probe round trips per MMSC");
        health.probeLatencies()
                .forEach((mmsc, h) -> text.histogram("mmsrouter_probe_latency_seconds", h, "mmsc", mmsc));
        text.family(
                "mmsrouter_forward_latency_seconds",
                "histogram",
                "Forwarding attempts per MMSC, sent to answered (any outcome)");
        forwarding
                .attemptLatencies()
                .forEach((mmsc, h) -> text.histogram("mmsrouter_forward_latency_seconds", h, "mmsc", mmsc));
        text.family(
                "mmsrouter_mm_journey_seconds",
                "histogram",
                "MMs from acceptance at the ingress to the end of their journey, per outcome");
        journal.journeyLatencies()
                .forEach((outcome, h) -> text.histogram("mmsrouter_mm_journey_seconds", h, "outcome", outcome));
        return text.toString();
    }

    /**
     * Queued MMs per MMSC of their last attempt ({@code (none)}: not tried yet) and state, and the
     * oldest one's age: where a backlog builds up. From one walk of the queues at most every 10 s;
     * left out while the broker cannot be read.
     */
    private void perMmscQueue(PrometheusText text) {
        Optional<Map<String, Map<QueueState, long[]>>> read = queueManager.perMmsc();
        if (read.isEmpty()) {
            return; // the broker cannot be read (stopped): the family is left out, as the queue gauges read -1
        }
        Map<String, Map<QueueState, long[]>> perMmsc = read.get();
        text.family(
                "mmsrouter_queue_mmsc_messages",
                "gauge",
                "Queued MMs on this node per MMSC of their last attempt and state (ready, waiting, in-flight, held)");
        text.family(
                "mmsrouter_queue_mmsc_oldest_age_seconds",
                "gauge",
                "Age of the oldest queued MM per MMSC of its last attempt, any state");
        // Every configured MMSC (and MMs not tried yet) has a sample, 0 when nothing waits for it: a
        // dashboard panel or an alert over it never goes blank on a healthy router.
        perMmsc.putIfAbsent(QueueSelection.NO_MMSC, Map.of());
        health.states().keySet().forEach(id -> perMmsc.putIfAbsent(id, Map.of()));
        perMmsc.forEach((mmsc, states) -> {
            long oldest = 0;
            for (QueueState state :
                    List.of(QueueState.READY, QueueState.WAITING, QueueState.IN_FLIGHT, QueueState.HELD)) {
                long[] countAndOldest = states.getOrDefault(state, new long[2]);
                text.sample("mmsrouter_queue_mmsc_messages", countAndOldest[0], "mmsc", mmsc, "state", state.label());
                oldest = Math.max(oldest, countAndOldest[1]);
            }
            text.sample("mmsrouter_queue_mmsc_oldest_age_seconds", oldest, "mmsc", mmsc);
        });
    }
}
