package org.mmsrouter.web.admin;

import jakarta.ejb.EJB;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.InetAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.mmsrouter.audit.AuditLog;
import org.mmsrouter.config.MmscDefinition;
import org.mmsrouter.config.RouterConfiguration;
import org.mmsrouter.config.RouterSettings;
import org.mmsrouter.dns.DnsResponder;
import org.mmsrouter.forward.MmJournal;
import org.mmsrouter.forward.MmRecord;
import org.mmsrouter.health.HealthMonitor;
import org.mmsrouter.health.HealthView;
import org.mmsrouter.health.LastProbe;
import org.mmsrouter.health.MmscHealth;
import org.mmsrouter.mm.LearnedOwners;
import org.mmsrouter.nodes.NodeDirectory;
import org.mmsrouter.registry.MmscRegistry;
import org.mmsrouter.registry.RegisteredMmsc;
import org.mmsrouter.retrieval.RetrievalService;
import org.mmsrouter.traffic.QueueGauges;
import org.mmsrouter.traffic.TrafficRecorder;
import org.mmsrouter.traffic.TrafficSeries;

/**
 * What the console reads: {@code GET /admin/api/overview} (one poll: MMSC cards, queues, totals,
 * nodes, DNS), {@code /series} (the last hour of throughput and queue depth), {@code /events}
 * (health transitions), {@code /audit} (who did what), {@code /mms} (an MM's record by
 * Transaction-ID or Message-ID; the sender masked for all but operators, {@link SubscriberPrivacy}), {@code /owners} (the learned owner of a message) and {@code /dns}.
 */
@Path("")
@RequestScoped
public class ConsoleResource {

    static final int MAX_LIMIT = 1_000;

    @EJB
    private MmscRegistry registry;

    @EJB
    private HealthMonitor health;

    @EJB
    private TrafficRecorder traffic;

    @EJB
    private QueueGauges queues;

    @EJB
    private NodeDirectory nodes;

    @EJB
    private DnsResponder dns;

    @EJB
    private RouterConfiguration configuration;

    @EJB
    private AuditLog audit;

    @EJB
    private MmJournal journal;

    @EJB
    private RetrievalService retrievals;

    @Inject
    private SubscriberPrivacy privacy;

    @EJB
    private org.mmsrouter.admission.AdmissionMonitor admission;

    /** One MMSC card: state, admin state, rates over the last minute, the latest probe. */
    public record MmscCard(
            String id,
            String url,
            String health,
            Instant since,
            String adminState,
            int priority,
            int weight,
            double forwardedPerSecond,
            double failedPerSecond,
            double errorRate,
            ProbeCard lastProbe) {}

    /** The latest probe as a card shows it. */
    public record ProbeCard(Instant at, boolean ok, double latencyMs, String detail) {
        static ProbeCard of(LastProbe probe) {
            return probe == null
                    ? null
                    : new ProbeCard(probe.at(), probe.ok(), probe.latency().toNanos() / 1e6, probe.detail());
        }
    }

    /** One queue: what waits, what is being delivered, how old the head is, how fast it fills. */
    public record QueueCard(
            String name,
            long depth,
            long inFlight,
            long scheduled,
            Double oldestAgeSeconds,
            double enqueuedPerSecond,
            long consumers) {}

    @GET
    @Path("overview")
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, Object> overview() {
        TrafficSeries.Rates rates = traffic.rates();
        Map<String, MmscHealth> states = health.states();
        HealthView view = health.view();
        Map<String, LastProbe> probes = health.lastProbes();
        List<MmscCard> cards = new ArrayList<>();
        for (RegisteredMmsc registered : registry.mmscs()) {
            MmscDefinition m = registered.definition();
            double forwarded = rates.forwardedByMmsc().getOrDefault(m.id(), 0.0);
            double failed = rates.failedByMmsc().getOrDefault(m.id(), 0.0);
            double attempts = forwarded + failed;
            cards.add(new MmscCard(
                    m.id(),
                    m.url().toString(),
                    states.getOrDefault(m.id(), MmscHealth.UNKNOWN).name(),
                    StatusResource.sinceOrNull(view, m.id()),
                    m.routing().adminState().name().toLowerCase(Locale.ROOT),
                    m.routing().priority(),
                    m.routing().weight(),
                    forwarded,
                    failed,
                    attempts == 0 ? 0 : failed / attempts,
                    ProbeCard.of(probes.get(m.id()))));
        }
        List<QueueCard> queueCards = new ArrayList<>();
        long deadLetters = 0;
        for (QueueGauges.QueueState q : queues.queues()) {
            queueCards.add(new QueueCard(
                    q.name(),
                    q.depth(),
                    q.inFlight(),
                    q.scheduled(),
                    q.oldestAge() == null ? null : q.oldestAge().toMillis() / 1000.0,
                    q.name().equals(QueueGauges.SUBMISSIONS) ? rates.accepted() : 0,
                    q.consumers()));
            if (q.name().equals(QueueGauges.DEAD_LETTERS)) {
                deadLetters = q.depth();
            }
        }
        Map<String, Object> totals = new LinkedHashMap<>();
        totals.put("acceptedPerSecond", rates.accepted());
        totals.put("forwardedPerSecond", rates.forwarded());
        totals.put("failedPerSecond", rates.failed());
        totals.put("deadLetters", deadLetters);

        Map<String, Object> body = new LinkedHashMap<>();
        body.put("node", nodes.name());
        body.put("at", Instant.now());
        body.put("admission", admission.state());
        body.put("mmscs", cards);
        body.put("queues", queueCards);
        body.put("totals", totals);
        body.put("nodes", StatusResource.nodes(nodes));
        body.put("dns", dns());
        return body;
    }

    /** The DNS takeover: zones answered, the addresses in the answers, responses by rcode. */
    @GET
    @Path("dns")
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, Object> dns() {
        RouterSettings settings = configuration.settings();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("enabled", settings.dns().enabled());
        body.put("port", settings.dns().port());
        body.put("zones", settings.mmsDomains());
        body.put("ttlSeconds", settings.dns().ttlSeconds());
        body.put(
                "addresses",
                nodes.liveAddresses().stream().map(InetAddress::getHostAddress).toList());
        body.put("responsesByRcode", dns.responsesByRcode());
        return body;
    }

    @GET
    @Path("series")
    @Produces(MediaType.APPLICATION_JSON)
    public TrafficSeries.Chart series() {
        return traffic.chart();
    }

    @GET
    @Path("events")
    @Produces(MediaType.APPLICATION_JSON)
    public Response events(@QueryParam("limit") @DefaultValue("50") int limit) {
        return limited(limit, () -> Map.of("events", health.recentTransitions(limit)));
    }

    @GET
    @Path("audit")
    @Produces(MediaType.APPLICATION_JSON)
    public Response audit(@QueryParam("limit") @DefaultValue("50") int limit) {
        return limited(limit, () -> Map.of("audit", audit.latest(limit)));
    }

    /** An MM's per-MM record, by the handset's Transaction-ID or the MMSC's Message-ID (this node's latest 100,000). */
    @GET
    @Path("mms")
    @Produces(MediaType.APPLICATION_JSON)
    public Response mms(@QueryParam("transactionId") String transactionId, @QueryParam("messageId") String messageId) {
        if (blank(transactionId) && blank(messageId)) {
            return DeadLetterResource.error(Response.Status.BAD_REQUEST, "give transactionId or messageId");
        }
        List<MmRecord> found =
                journal.find(blank(transactionId) ? null : transactionId, blank(messageId) ? null : messageId, 100);
        // Each record as its line in mm-records.jsonl (README "Per-MM records"), the sender masked
        // unless the caller is an operator.
        SubscriberMask mask = privacy.mask();
        String records = found.stream()
                .map(r -> r.withSender(mask.address(r.sender())).toJson())
                .collect(Collectors.joining(",", "{\"records\":[", "]}"));
        return Response.ok(records, MediaType.APPLICATION_JSON).build();
    }

    /** What this node learned (itself or from another node) about who owns a message. */
    public record LearnedOwnerAnswer(String kind, String value, String mmsc) {}

    /**
     * Which MMSC this node believes owns a message, by Transaction-ID, Message-ID or retrieval path
     * ({@code mmsc} null: not learned, so a retrieval or follow-up for it would sweep).
     */
    @GET
    @Path("owners")
    @Produces(MediaType.APPLICATION_JSON)
    public Response owners(
            @QueryParam("transactionId") String transactionId,
            @QueryParam("messageId") String messageId,
            @QueryParam("url") String url) {
        List<LearnedOwnerAnswer> answers = new ArrayList<>();
        addOwner(answers, LearnedOwners.Kind.TRANSACTION_ID, transactionId);
        addOwner(answers, LearnedOwners.Kind.MESSAGE_ID, messageId);
        addOwner(answers, LearnedOwners.Kind.URL, url);
        if (answers.isEmpty()) {
            return DeadLetterResource.error(Response.Status.BAD_REQUEST, "give transactionId, messageId or url");
        }
        return Response.ok(Map.of("owners", answers)).build();
    }

    private void addOwner(List<LearnedOwnerAnswer> answers, LearnedOwners.Kind kind, String value) {
        if (!blank(value)) {
            answers.add(new LearnedOwnerAnswer(
                    kind.name(),
                    value,
                    retrievals.learnedOwners().owner(kind, value).orElse(null)));
        }
    }

    /** 400 for a limit outside 1..{@value #MAX_LIMIT}, else the body. */
    static Response limited(int limit, Supplier<Object> body) {
        if (limit < 1 || limit > MAX_LIMIT) {
            return DeadLetterResource.error(Response.Status.BAD_REQUEST, "limit must be between 1 and " + MAX_LIMIT);
        }
        return Response.ok(body.get()).build();
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
