package org.mmsrouter.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mmsrouter.pdu.SendConf;
import org.mmsrouter.pdu.SendReqComposer;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/** The Prometheus endpoint in the container: it parses as the text format and its counters move with traffic. */
class MetricsIT extends RouterItBase {

    /** A sample line of the text format: name, optional labels, a number. */
    private static final Pattern SAMPLE = Pattern.compile(
            "([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{([a-zA-Z_][a-zA-Z0-9_]*=\"(\\\\.|[^\"\\\\])*\"(,[a-zA-Z_][a-zA-Z0-9_]*=\"(\\\\.|[^\"\\\\])*\")*)?\\})? (-?[0-9.eE+]+|NaN|[+-]Inf)");

    private static final Pattern HISTOGRAM_PART = Pattern.compile("(.+)_(bucket|sum|count)");
    private static final Pattern TYPE =
            Pattern.compile("# TYPE ([a-zA-Z_:][a-zA-Z0-9_:]*) (counter|gauge|histogram|summary|untyped)");

    @BeforeEach
    void healthyAndEmpty() throws Exception {
        bothHealthyAndEmpty();
    }

    /** Scrapes and parses strictly: every line a HELP, a TYPE or a sample of a declared family. */
    private static Map<String, Double> scrape() throws Exception {
        HttpResponse<String> response = AdminClient.VIEWER.get("/metrics");
        assertEquals(200, response.statusCode());
        assertTrue(response.headers().firstValue("Content-Type").orElseThrow().startsWith("text/plain"));
        Map<String, Double> samples = new HashMap<>();
        Set<String> families = new HashSet<>();
        Set<String> histograms = new HashSet<>();
        for (String line : response.body().split("\n")) {
            if (line.startsWith("# HELP ")) {
                continue;
            }
            Matcher type = TYPE.matcher(line);
            if (type.matches()) {
                families.add(type.group(1));
                if (type.group(2).equals("histogram")) {
                    histograms.add(type.group(1));
                }
                continue;
            }
            Matcher sample = SAMPLE.matcher(line);
            assertTrue(sample.matches(), "not Prometheus text: " + line);
            String family = sample.group(1);
            Matcher histogramPart = HISTOGRAM_PART.matcher(family);
            if (histogramPart.matches() && histograms.contains(histogramPart.group(1))) {
                family = histogramPart.group(1);
                assertTrue(
                        !histogramPart.group(2).equals("bucket") || line.contains("le=\""),
                        "bucket without le: " + line);
            }
            assertTrue(families.contains(family), "sample before its TYPE: " + line);
            samples.put(
                    line.substring(0, line.lastIndexOf(' ')),
                    Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)));
        }
        return samples;
    }

    @Test
    void theEndpointParsesAndItsCountersMoveWithTraffic() throws Exception {
        Map<String, Double> before = scrape();
        byte[] pdu = new SendReqComposer()
                .transactionId("it-metrics")
                .to("+4915112345678/TYPE=PLMN")
                .compose();
        String mmsc = SendConf.decode(RouterTestSupport.postMm(pdu).body())
                .messageId()
                .substring(0, 5);
        SimpleResolver resolver = new SimpleResolver(InetAddress.getByName("127.0.0.1"));
        resolver.setPort(RouterTestSupport.DNS_PORT);
        resolver.send(Message.newQuery(Record.newRecord(Name.fromString("mms.operator.test."), Type.A, DClass.IN)));
        resolver.send(Message.newQuery(Record.newRecord(Name.fromString("www.example.com."), Type.A, DClass.IN)));
        Map<String, Double> after = scrape();

        String accepted = "mmsrouter_forward_attempts_total{mmsc=\"" + mmsc + "\",outcome=\"accepted\"}";
        assertEquals(before.getOrDefault(accepted, 0.0) + 1, after.get(accepted), accepted);
        assertEquals(before.get("mmsrouter_mm1_accepted_total") + 1, after.get("mmsrouter_mm1_accepted_total"));
        assertEquals(
                before.get("mmsrouter_mm1_answers_total{answer=\"mmsc\"}") + 1,
                after.get("mmsrouter_mm1_answers_total{answer=\"mmsc\"}"),
                "the MMSC's own m-send-conf, relayed in the window");
        assertTrue(after.get("mmsrouter_dns_responses_total{rcode=\"NOERROR\"}")
                > before.getOrDefault("mmsrouter_dns_responses_total{rcode=\"NOERROR\"}", 0.0));
        assertTrue(after.get("mmsrouter_dns_responses_total{rcode=\"REFUSED\"}")
                > before.getOrDefault("mmsrouter_dns_responses_total{rcode=\"REFUSED\"}", 0.0));
        assertEquals(1.0, after.get("mmsrouter_mmsc_up{mmsc=\"sim-a\"}"));
        assertEquals(1.0, after.get("mmsrouter_mmsc_state{mmsc=\"sim-b\",state=\"UP\"}"));
        assertEquals(1.0, after.get("mmsrouter_router_nodes_live"));

        // Histograms: the MM's forwarding attempt and its whole journey were observed; probes run all the time.
        String attempts = "mmsrouter_forward_latency_seconds_count{mmsc=\"" + mmsc + "\"}";
        assertEquals(before.getOrDefault(attempts, 0.0) + 1, after.get(attempts), attempts);
        assertEquals(
                after.get(attempts),
                after.get("mmsrouter_forward_latency_seconds_bucket{mmsc=\"" + mmsc + "\",le=\"+Inf\"}"));
        String delivered = "mmsrouter_mm_journey_seconds_count{outcome=\"delivered\"}";
        RouterTestSupport.await(
                "the journey of the MM is recorded",
                Duration.ofSeconds(10),
                () -> scrape().getOrDefault(delivered, 0.0) > before.getOrDefault(delivered, 0.0));
        assertTrue(after.get("mmsrouter_probe_latency_seconds_count{mmsc=\"sim-a\"}") > 0);
        assertTrue(after.get("mmsrouter_probe_latency_seconds_sum{mmsc=\"sim-a\"}") > 0);
        // Queues: the MM went through the submissions queue, which empties once its delivery commits.
        RouterTestSupport.await(
                "the submissions queue is empty",
                Duration.ofSeconds(10),
                () -> scrape().get("mmsrouter_queue_messages{queue=\"MmsSubmissions\"}") == 0.0);
        assertTrue(after.get("mmsrouter_queue_added_total{queue=\"MmsSubmissions\"}")
                > before.get("mmsrouter_queue_added_total{queue=\"MmsSubmissions\"}"));
    }
}
