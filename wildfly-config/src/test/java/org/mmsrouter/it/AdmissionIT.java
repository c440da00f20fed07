package org.mmsrouter.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mmsrouter.pdu.ResponseStatus;
import org.mmsrouter.pdu.SendConf;
import org.mmsrouter.pdu.SendReqComposer;

/**
 * Admission control in the container, with the IT server's bounds (64 MM1 requests in progress per
 * client address, 64 MiB of request bodies in flight): readiness open to probes and saying "ready",
 * the admission metrics, and the two bounds checked before a body is read — each answered at once
 * with 503 and Retry-After, and lifted as soon as the holders are gone. (Storage refusals, a stopped
 * broker and a flooding gateway are process-level: system-tests DiskFullIT, BrokerStopIT, SourceFloodIT.)
 */
class AdmissionIT extends RouterItBase {

    private static final String GATEWAY_A = "127.0.0.1";
    private static final String GATEWAY_B = "127.0.0.2";
    private static final int MAX_PER_SOURCE = 64;
    private static final int MIB = 1024 * 1024;

    @BeforeEach
    void healthyAndEmpty() throws Exception {
        bothHealthyAndEmpty();
    }

    @Test
    void readinessNeedsNoLoginAndSaysReady() throws Exception {
        HttpResponse<String> ready = AdminClient.anonymous().get("/ready");
        assertEquals(200, ready.statusCode(), ready.body());
        assertTrue(ready.body().contains("\"ready\":true"), ready.body());
        HttpResponse<String> post = NocTls.client()
                .build()
                .send(
                        HttpRequest.newBuilder(URI.create(AdminClient.API + "/ready"))
                                .POST(HttpRequest.BodyPublishers.noBody())
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertEquals(401, post.statusCode(), "only reads are open: " + post.body());
    }

    @Test
    void metricsShowAdmissionStateAndVolumes() throws Exception {
        String metrics = AdminClient.METRICS.get("/metrics").body();
        assertTrue(metrics.contains("\nmmsrouter_admission_accepting 1"), metrics);
        assertTrue(metrics.contains("\nmmsrouter_broker_up 1"), metrics);
        assertTrue(metrics.contains("mmsrouter_admission_refusals_total{cause=\"disk\"}"), metrics);
        assertTrue(
                metrics.contains("mmsrouter_volume_free_bytes{volume="),
                "the data directory's volume is watched: " + metrics);
        assertTrue(metrics.contains("\nmmsrouter_admission_in_flight_bytes_max " + 64 * MIB), metrics);
    }

    /**
     * One address holding its 64 requests (bodies dribbled, 1 MiB promised each: the whole 64 MiB
     * byte budget too): its next request and any other address's are refused at once with 503 and
     * Retry-After — by the per-source bound and by the byte budget — and both are served again once
     * the holders hang up.
     */
    @Test
    void requestsBeyondTheSourceAndByteBoundsAreRefusedAtOnceAndServedOnceFreed() throws Exception {
        long sourceRefusals = RouterTestSupport.counter("source-concurrency");
        long memoryRefusals = RouterTestSupport.counter("memory");
        SlowClients.Kind holder = bigSlowBody("holder", GATEWAY_B);
        SlowClients.Kind sameSource = bigSlowBody("one more from the holder's address", GATEWAY_B);
        SlowClients.Kind otherSource = bigSlowBody("another gateway", GATEWAY_A);
        try (SlowClients clients = new SlowClients()) {
            clients.open(holder, MAX_PER_SOURCE, RouterTestSupport.HTTP_PORT).start();
            RouterTestSupport.await(
                    "every holder's request admitted (64 MiB in flight)",
                    Duration.ofSeconds(10),
                    () -> RouterTestSupport.counter("inFlightBytes") == (long) MAX_PER_SOURCE * MIB);
            long start = System.nanoTime();
            clients.open(sameSource, 1, RouterTestSupport.HTTP_PORT);
            clients.open(otherSource, 1, RouterTestSupport.HTTP_PORT);
            RouterTestSupport.await(
                    "both extra requests answered",
                    Duration.ofSeconds(5),
                    () -> answered(clients.of(sameSource)) && answered(clients.of(otherSource)));
            long elapsedMs = (System.nanoTime() - start) / 1_000_000;
            for (SlowClients.Client refused : List.of(
                    clients.of(sameSource).get(0), clients.of(otherSource).get(0))) {
                assertTrue(
                        refused.statusLine().startsWith("HTTP/1.1 503"),
                        refused.kind.name() + ": " + refused.statusLine());
                assertTrue(
                        refused.answer.toString().toLowerCase().contains("retry-after: 1"), refused.answer.toString());
            }
            assertTrue(elapsedMs < 3000, "refused at once, not after a timeout: " + elapsedMs + " ms");
            assertTrue(clients.of(holder).stream().noneMatch(c -> c.closedAfterMs >= 0), "the holders were let in");
        }
        assertEquals(sourceRefusals + 1, RouterTestSupport.counter("source-concurrency"));
        assertEquals(memoryRefusals + 1, RouterTestSupport.counter("memory"));
        // The holders hung up: their slots and bytes are back, so an MM from either address is taken.
        byte[] pdu = new SendReqComposer()
                .transactionId("it-admission-freed")
                .to("+4915112345678/TYPE=PLMN")
                .compose();
        RouterTestSupport.await("an MM is accepted again", Duration.ofSeconds(10), () -> {
            HttpResponse<byte[]> answer = RouterTestSupport.postMm(pdu);
            return answer.statusCode() == 200 && SendConf.decode(answer.body()).responseStatus() == ResponseStatus.OK;
        });
        RouterTestSupport.await(
                "the bytes in flight are back to zero",
                Duration.ofSeconds(10),
                () -> RouterTestSupport.counter("inFlightBytes") == 0);
    }

    private static SlowClients.Kind bigSlowBody(String name, String from) {
        return new SlowClients.Kind(
                name + " from " + from,
                from,
                "POST /mms HTTP/1.1\r\nHost: mms.operator.test\r\n"
                        + "Content-Type: application/vnd.wap.mms-message\r\nContent-Length: " + MIB + "\r\n\r\n");
    }

    private static boolean answered(List<SlowClients.Client> clients) {
        return clients.stream().allMatch(c -> !c.statusLine().isEmpty());
    }
}
