package org.mmsrouter.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mmsrouter.it.RouterTestSupport.await;
import static org.mmsrouter.it.RouterTestSupport.counter;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mmsrouter.pdu.HeaderValue;
import org.mmsrouter.pdu.MessageType;
import org.mmsrouter.pdu.MmsHeader;
import org.mmsrouter.pdu.Pdu;
import org.mmsrouter.pdu.PduDecoder;
import org.mmsrouter.pdu.SendConf;
import org.mmsrouter.pdu.SendReqComposer;
import org.mmsrouter.tools.sim.Behaviour;
import org.mmsrouter.tools.sim.MmscSimulator;

/**
 * Retrieval routing in the container: a phone's GET of a Content-Location URL reaches the MMSC
 * that holds the message — by what the router learned from the m-send-conf it relayed, by the
 * operator's rule, or by a sweep — streams back unbuffered, and an owner that is down gets the
 * phone a "retry later" m-retrieve-conf instead of a 404.
 */
class RetrievalIT extends RouterItBase {

    private static final HttpClient DIRECT =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeEach
    void healthyAndEmpty() throws Exception {
        bothHealthyAndEmpty();
    }

    private static HttpResponse<byte[]> get(String pathAndQuery) throws Exception {
        return RouterTestSupport.HTTP.send(
                HttpRequest.newBuilder(routerUrl(pathAndQuery))
                        .timeout(Duration.ofSeconds(20))
                        .header("User-Agent", "Handset/2.0")
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    private static URI routerUrl(String pathAndQuery) {
        return URI.create("http://127.0.0.1:" + RouterTestSupport.HTTP_PORT + pathAndQuery);
    }

    /** Stores an MM at one simulated MMSC directly, past the router: the router cannot have learned it. */
    private static String storeDirectly(MmscSimulator sim, byte[] pdu) throws Exception {
        HttpResponse<byte[]> response = DIRECT.send(
                HttpRequest.newBuilder(sim.url())
                        .timeout(Duration.ofSeconds(10))
                        .header("Content-Type", "application/vnd.wap.mms-message")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(pdu))
                        .build(),
                HttpResponse.BodyHandlers.ofByteArray());
        return SendConf.decode(response.body()).messageId();
    }

    private static Pdu retrieveConf(byte[] body) throws Exception {
        Pdu pdu = PduDecoder.decodeHeaders(body);
        assertEquals(MessageType.M_RETRIEVE_CONF, pdu.messageType().orElseThrow());
        return pdu;
    }

    @Test
    void aMessageSubmittedThroughTheRouterIsRetrievedFromItsMmscByTheLearnedMessageId() throws Exception {
        byte[] pdu = new SendReqComposer()
                .transactionId("it-retrieve-learned")
                .to("+4915112345678/TYPE=PLMN")
                .compose();
        String messageId = SendConf.decode(RouterTestSupport.postMm(pdu).body()).messageId();
        MmscSimulator owner = messageId.startsWith("sim-a-") ? mmscs.a() : mmscs.b();
        MmscSimulator other = owner == mmscs.a() ? mmscs.b() : mmscs.a();
        long learnedBefore = counter("byLearned");

        HttpResponse<byte[]> response = get("/mms/" + messageId);

        assertEquals(200, response.statusCode());
        assertEquals(messageId, retrieveConf(response.body()).messageId().orElseThrow());
        assertEquals(1, owner.retrievals());
        assertEquals(0, other.retrievals());
        assertEquals(learnedBefore + 1, counter("byLearned"));
        assertEquals(
                "application/vnd.wap.mms-message",
                response.headers().firstValue("Content-Type").orElseThrow());
    }

    @Test
    void aMessageTheRouterNeverSawIsFoundBySweepingAndThenRemembered() throws Exception {
        byte[] pdu = new SendReqComposer()
                .transactionId("it-retrieve-sweep")
                .to("+4915112345678/TYPE=PLMN")
                .compose();
        String messageId = storeDirectly(mmscs.b(), pdu);
        long sweepsBefore = counter("bySweep");
        long learnedBefore = counter("byLearned");

        HttpResponse<byte[]> first = get("/mms/" + messageId);
        HttpResponse<byte[]> second = get("/mms/" + messageId);

        assertEquals(200, first.statusCode());
        assertEquals(messageId, retrieveConf(first.body()).messageId().orElseThrow(), "sim-a said 404, sim-b had it");
        assertArrayEquals(first.body(), second.body());
        assertEquals(sweepsBefore + 1, counter("bySweep"));
        assertEquals(learnedBefore + 1, counter("byLearned"), "the second GET went straight to sim-b");
        assertEquals(2, mmscs.b().retrievals());
    }

    @Test
    void theOperatorsRuleNamesTheOwnerEvenWhereAnotherMmscHasTheMessage() throws Exception {
        // arquillian.xml: sim-b owns every URL with owner=b in its query.
        String atB = storeDirectly(
                mmscs.b(),
                new SendReqComposer()
                        .transactionId("it-rule-b")
                        .to("+4915112345678/TYPE=PLMN")
                        .compose());
        String atA = storeDirectly(
                mmscs.a(),
                new SendReqComposer()
                        .transactionId("it-rule-a")
                        .to("+4915112345678/TYPE=PLMN")
                        .compose());
        long rulesBefore = counter("byRule");

        HttpResponse<byte[]> ruled = get("/mms/" + atB + "?owner=b");
        HttpResponse<byte[]> misruled = get("/mms/" + atA + "?x=1&owner=b");

        assertEquals(200, ruled.statusCode());
        assertEquals(atB, retrieveConf(ruled.body()).messageId().orElseThrow());
        assertEquals(404, misruled.statusCode(), "the rule is trusted: sim-b's 404 is the answer, no sweep");
        assertEquals(rulesBefore + 2, counter("byRule"));
        assertEquals(0, mmscs.a().retrievals());
    }

    @Test
    void aMessageNoMmscHasIsNotFound() throws Exception {
        assertEquals(404, get("/mms/nobody-has-this@mmsc.sim").statusCode());
    }

    @Test
    void whenTheOwnerIsDownThePhoneIsToldToRetryLater() throws Exception {
        String atA = storeDirectly(
                mmscs.a(),
                new SendReqComposer()
                        .transactionId("it-down")
                        .to("+4915112345678/TYPE=PLMN")
                        .compose());
        assertEquals(200, get("/mms/" + atA).statusCode()); // found by sweep: sim-a is now its known owner
        mmscs.stopA();
        try {
            await(
                    "sim-a out of routing",
                    Duration.ofSeconds(10),
                    () -> !"UP".equals(RouterTestSupport.stateOf("sim-a")));

            HttpResponse<byte[]> response = get("/mms/" + atA);

            assertEquals(200, response.statusCode());
            Pdu conf = retrieveConf(response.body());
            assertEquals(
                    new HeaderValue.Octet(0xC0),
                    conf.value(MmsHeader.RETRIEVE_STATUS).orElseThrow(),
                    "X-Mms-Retrieve-Status Error-transient-failure");
            assertEquals(0, mmscs.b().retrievals(), "not swept elsewhere: sim-a owns it");
        } finally {
            mmscs.restartA();
        }
    }

    @Test
    void aLargeMessageStreamsThroughAsTheMmscSendsItAndHeadGivesItsLength() throws Exception {
        byte[] big = new SendReqComposer()
                .transactionId("it-big")
                .to("+4915112345678/TYPE=PLMN")
                .text("x".repeat(1024 * 1024))
                .compose();
        String messageId = storeDirectly(mmscs.b(), big);
        byte[] expected = DIRECT.send(
                        HttpRequest.newBuilder(URI.create(mmscs.b().url() + "/" + messageId))
                                .GET()
                                .build(),
                        HttpResponse.BodyHandlers.ofByteArray())
                .body();
        Duration pause = Duration.ofSeconds(3);
        mmscs.b().setBehaviour(Behaviour.slowRetrievals(pause));

        long start = System.nanoTime();
        HttpResponse<InputStream> response = RouterTestSupport.HTTP.send(
                HttpRequest.newBuilder(routerUrl("/mms/" + messageId))
                        .timeout(Duration.ofSeconds(30))
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofInputStream());
        byte[] firstPiece;
        byte[] whole;
        long firstPieceMillis;
        try (InputStream body = response.body()) {
            firstPiece = body.readNBytes(8 * 1024);
            firstPieceMillis = (System.nanoTime() - start) / 1_000_000;
            byte[] rest = body.readAllBytes();
            whole = new byte[firstPiece.length + rest.length];
            System.arraycopy(firstPiece, 0, whole, 0, firstPiece.length);
            System.arraycopy(rest, 0, whole, firstPiece.length, rest.length);
        }
        long wholeMillis = (System.nanoTime() - start) / 1_000_000;
        HttpResponse<byte[]> head = RouterTestSupport.HTTP.send(
                HttpRequest.newBuilder(routerUrl("/mms/" + messageId))
                        .method("HEAD", HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.ofByteArray());

        System.out.println(
                "1 MB retrieval through the router: first 8 KB after " + firstPieceMillis + " ms, all " + whole.length
                        + " bytes after " + wholeMillis + " ms (the MMSC paused " + pause.toMillis() + " ms midway)");
        assertTrue(
                firstPieceMillis < pause.toMillis() - 500,
                "the first bytes arrive before the MMSC has sent the rest: not buffered (" + firstPieceMillis + " ms)");
        assertTrue(wholeMillis >= pause.toMillis());
        assertArrayEquals(expected, whole);
        assertEquals(200, head.statusCode());
        assertEquals(
                Integer.toString(expected.length),
                head.headers().firstValue("Content-Length").orElseThrow());
        assertEquals(0, head.body().length);
    }
}
