package org.mmsrouter.tools.sim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mmsrouter.pdu.MessageType;
import org.mmsrouter.pdu.PduHeaders;
import org.mmsrouter.pdu.ResponseStatus;
import org.mmsrouter.pdu.SendConf;
import org.mmsrouter.pdu.SendReqComposer;

class MmscSimulatorTest {

    private final HttpClient http = HttpClient.newHttpClient();
    private MmscSimulator sim;
    private SimulatorControl control;
    private URI mm1;

    @BeforeEach
    void start() throws IOException {
        sim = new MmscSimulator("sim-x", new InetSocketAddress("127.0.0.1", 0), "/mms").start();
        control = new SimulatorControl(new InetSocketAddress("127.0.0.1", 0), List.of(sim));
        mm1 = sim.url();
    }

    @AfterEach
    void stop() {
        control.close();
        sim.close();
    }

    private HttpResponse<byte[]> post(byte[] pdu, Duration timeout) throws IOException, InterruptedException {
        return http.send(
                HttpRequest.newBuilder(mm1)
                        .timeout(timeout)
                        .header("Content-Type", "application/vnd.wap.mms-message")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(pdu))
                        .build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    private HttpResponse<String> control(String method, String path) throws IOException, InterruptedException {
        return http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + control.port() + path))
                        .method(method, HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private final byte[] pdu = new SendReqComposer()
            .transactionId("sim-t1")
            .to("+15550001111/TYPE=PLMN")
            .text("hi")
            .compose();

    @Test
    void storesTheMmAndAnswersWithItsOwnMessageIdAndTheRequestsTransactionId() throws Exception {
        HttpResponse<byte[]> response = post(pdu, Duration.ofSeconds(5));

        SendConf conf = SendConf.decode(response.body());
        assertEquals("sim-t1", conf.transactionId());
        assertEquals(ResponseStatus.OK, conf.responseStatus());
        assertEquals("sim-x-1@mmsc.sim", conf.messageId());
        assertArrayEquals(pdu, sim.received().get(0).pdu());
    }

    @Test
    void servesRetrievalOfWhatItStoredAsAnMRetrieveConf() throws Exception {
        post(pdu, Duration.ofSeconds(5));
        HttpResponse<byte[]> retrieval = http.send(
                HttpRequest.newBuilder(URI.create(mm1 + "/sim-x-1@mmsc.sim")).build(),
                HttpResponse.BodyHandlers.ofByteArray());

        assertEquals(200, retrieval.statusCode());
        PduHeaders leading = PduHeaders.scan(retrieval.body());
        assertEquals(MessageType.M_RETRIEVE_CONF, leading.messageType().orElseThrow());
        assertEquals("sim-t1", leading.transactionId());
        assertEquals(
                404,
                http.send(
                                HttpRequest.newBuilder(URI.create(mm1 + "/unknown"))
                                        .build(),
                                HttpResponse.BodyHandlers.discarding())
                        .statusCode());
    }

    @Test
    void answersAChosenResponseStatusWithoutStoring() throws Exception {
        sim.setBehaviour(Behaviour.status(0xE3));

        SendConf conf = SendConf.decode(post(pdu, Duration.ofSeconds(5)).body());

        assertEquals(0xE3, conf.responseStatus());
        assertTrue(sim.received().isEmpty());
    }

    @Test
    void refuseStopsListeningAndHealthyListensAgain() throws Exception {
        sim.setBehaviour(Behaviour.of(SimMode.REFUSE));
        assertThrows(ConnectException.class, () -> post(pdu, Duration.ofSeconds(5)));

        sim.setBehaviour(Behaviour.HEALTHY);
        assertEquals(200, post(pdu, Duration.ofSeconds(5)).statusCode());
    }

    @Test
    void hangHoldsTheRequestWithoutAnswer() throws Exception {
        sim.setBehaviour(Behaviour.of(SimMode.HANG));
        assertThrows(HttpTimeoutException.class, () -> post(pdu, Duration.ofMillis(300)));
        assertTrue(sim.received().isEmpty());
    }

    @Test
    void slowAnswersAfterTheDelay() throws Exception {
        sim.setBehaviour(Behaviour.slow(Duration.ofMillis(300)));
        long start = System.nanoTime();
        assertEquals(200, post(pdu, Duration.ofSeconds(5)).statusCode());
        assertTrue((System.nanoTime() - start) / 1_000_000 >= 300);
    }

    @Test
    void theControlApiSwitchesModesAndListsAndServesWhatWasReceived() throws Exception {
        post(pdu, Duration.ofSeconds(5));

        assertEquals(200, control("POST", "/sims/sim-x/mode?set=http500").statusCode());
        assertEquals(500, post(pdu, Duration.ofSeconds(5)).statusCode());
        assertTrue(control("GET", "/sims").body().contains("\"mode\":\"http_500\""));
        String listing = control("GET", "/sims/sim-x/received").body();
        assertTrue(listing.contains("\"transactionId\":\"sim-t1\""), listing);
        assertTrue(listing.contains("\"sha256\":\"" + SimulatorControl.sha256(pdu) + "\""), listing);
        HttpResponse<byte[]> raw = http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + control.port() + "/sims/sim-x/received/1"))
                        .build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertArrayEquals(pdu, raw.body());
        assertEquals(200, control("DELETE", "/sims/sim-x/received").statusCode());
        assertTrue(sim.received().isEmpty());
        assertEquals(400, control("POST", "/sims/sim-x/mode?set=bogus").statusCode());
        assertEquals(404, control("GET", "/sims/nobody/received").statusCode());
    }
}
