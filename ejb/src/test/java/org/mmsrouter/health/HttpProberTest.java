package org.mmsrouter.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mmsrouter.config.MmscDefinition;
import org.mmsrouter.config.StatusRanges;
import org.mmsrouter.dns.CachedResolver;
import org.mmsrouter.tools.sim.Behaviour;
import org.mmsrouter.tools.sim.MmscSimulator;
import org.mmsrouter.tools.sim.SimMode;

class HttpProberTest {

    private MmscSimulator sim;
    private MmscDefinition mmsc;
    private final HttpProber prober = new HttpProber(
            HttpClient.newHttpClient(), Duration.ofMillis(300), CachedResolver.forServers(List.of(), true));

    @BeforeEach
    void start() throws IOException {
        sim = new MmscSimulator("probed", new InetSocketAddress("127.0.0.1", 0), "/mms").start();
        mmsc = new MmscDefinition("probed", sim.url(), sim.url());
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    @Test
    void aHealthyMmscIsAlive() {
        ProbeResult result = prober.probe(mmsc).join();
        assertTrue(result.alive());
        assertEquals("HTTP 200", result.detail());
    }

    @Test
    void a5xxAnswerIsNotAlive() throws IOException {
        sim.setBehaviour(Behaviour.of(SimMode.HTTP_500));
        ProbeResult result = prober.probe(mmsc).join();
        assertFalse(result.alive());
        assertEquals("HTTP 500", result.detail());
    }

    @Test
    void theAliveStatusesAndTheMethodAreTheMmscsOwn() throws IOException {
        MmscDefinition strict = new MmscDefinition(
                "probed",
                sim.url(),
                URI.create(sim.url() + "/no-such-page"),
                new MmscDefinition.Probe(MmscDefinition.Probe.Kind.HTTP, "HEAD", StatusRanges.parse("200-299")),
                MmscDefinition.Routing.DEFAULT);
        ProbeResult result = prober.probe(strict).join();
        assertFalse(result.alive(), "a 404 is not among 200-299");
        assertEquals("HTTP 404", result.detail());
    }

    @Test
    void aTcpProbeOnlyNeedsTheConnection() throws IOException {
        TcpProber tcp = new TcpProber(Duration.ofMillis(300), CachedResolver.forServers(List.of(), true));
        sim.setBehaviour(Behaviour.of(SimMode.HTTP_500));
        assertTrue(tcp.probe(mmsc).join().alive(), "HTTP 500, but the port answers");
        sim.setBehaviour(Behaviour.of(SimMode.REFUSE));
        ProbeResult refused = tcp.probe(mmsc).join();
        assertFalse(refused.alive());
        assertTrue(refused.detail().startsWith("TCP "), refused.detail());
    }

    @Test
    void aRefusedConnectionIsNotAlive() throws IOException {
        sim.setBehaviour(Behaviour.of(SimMode.REFUSE));
        ProbeResult result = prober.probe(mmsc).join();
        assertFalse(result.alive());
        assertTrue(result.detail().startsWith("ConnectException"), result.detail());
    }

    @Test
    void aHangingMmscIsNotAliveAndTheProbeEndsAtItsTimeout() throws IOException {
        sim.setBehaviour(Behaviour.of(SimMode.HANG));
        long start = System.nanoTime();
        ProbeResult result = prober.probe(mmsc).join();
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertFalse(result.alive());
        assertTrue(millis < 2_000, "ended after " + millis + " ms");
    }
}
