package org.mmsrouter.forward;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mmsrouter.config.MmscDefinition;
import org.mmsrouter.dns.CachedResolver;
import org.mmsrouter.dns.DnsAnswerer;
import org.mmsrouter.dns.DnsUdpServer;
import org.mmsrouter.dns.ResponseRateLimiter;
import org.mmsrouter.mm.ForwardOutcome;
import org.mmsrouter.mm.KeptHeader;
import org.mmsrouter.mm.QueuedMm;
import org.mmsrouter.pdu.SendReqComposer;
import org.mmsrouter.tools.sim.Behaviour;
import org.mmsrouter.tools.sim.MmscSimulator;
import org.mmsrouter.tools.sim.ReceivedMm;
import org.mmsrouter.tools.sim.SimMode;

class MmscForwarderTest {

    private MmscSimulator sim;
    private MmscDefinition mmsc;
    private final MmscForwarder forwarder = new MmscForwarder(
            MmscForwarder.blockingClient(
                    Duration.ofMillis(500), Duration.ofMillis(500), CachedResolver.forServers(List.of(), true), 2),
            Duration.ofMillis(500));
    private final byte[] pdu = new SendReqComposer()
            .transactionId("fwd-1")
            .to("+15550001111/TYPE=PLMN")
            .compose();
    private final QueuedMm mm = new QueuedMm(
            "r1",
            "fwd-1",
            Instant.now(),
            Instant.now().plusSeconds(3600),
            "192.0.2.1",
            List.of(
                    new KeptHeader("User-Agent", "Handset/1.0"),
                    new KeptHeader("Host", "ignored"),
                    new KeptHeader("X-Forwarded-For", "192.0.2.1")),
            pdu);

    @BeforeEach
    void start() throws IOException {
        sim = new MmscSimulator("mmsc", new InetSocketAddress("127.0.0.1", 0), "/mms").start();
        mmsc = new MmscDefinition("mmsc", sim.url(), sim.url());
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    @Test
    void anAcceptedMmCarriesTheMmscsSendConf() throws Exception {
        ForwardOutcome outcome = forwarder.forward(mmsc, mm);

        ForwardOutcome.Accepted accepted = assertInstanceOf(ForwardOutcome.Accepted.class, outcome);
        assertEquals("mmsc-1@mmsc.sim", accepted.sendConf().messageId());
        assertEquals("fwd-1", accepted.sendConf().transactionId());
        ReceivedMm received = sim.received().get(0);
        assertArrayEquals(pdu, received.pdu());
        assertEquals(List.of("Handset/1.0"), received.headers().get("user-agent"));
        assertEquals(List.of("192.0.2.1"), received.headers().get("x-forwarded-for"));
        assertEquals(
                List.of("application/vnd.wap.mms-message"), received.headers().get("content-type"));
    }

    @Test
    void anMmscNamedByHostGetsItsNameInTheHostHeaderAndAnUnknownNameIsTransient() throws Exception {
        DnsAnswerer operatorZone =
                new DnsAnswerer(List.of("mmsc.test"), List.of(InetAddress.getByName("127.0.0.1")), 60, true, false);
        try (DnsUdpServer nameServer = DnsUdpServer.start(
                operatorZone,
                new ResponseRateLimiter(0, 2, Clock.systemUTC()),
                new InetSocketAddress("127.0.0.1", 0),
                Executors.defaultThreadFactory())) {
            MmscForwarder named = new MmscForwarder(
                    MmscForwarder.blockingClient(
                            Duration.ofMillis(500),
                            Duration.ofMillis(500),
                            CachedResolver.forServers(List.of("127.0.0.1:" + nameServer.localPort()), true),
                            2),
                    Duration.ofMillis(500));
            URI byName = URI.create(
                    "http://mmsc1.mmsc.test:" + sim.url().getPort() + sim.url().getPath());
            URI unknown = URI.create("http://mmsc1.elsewhere.test:" + sim.url().getPort()
                    + sim.url().getPath());

            ForwardOutcome outcome = named.forward(new MmscDefinition("mmsc", byName, byName), mm);
            ForwardOutcome nowhere = named.forward(new MmscDefinition("lost", unknown, unknown), mm);

            assertInstanceOf(ForwardOutcome.Accepted.class, outcome);
            assertEquals(
                    List.of("mmsc1.mmsc.test:" + sim.url().getPort()),
                    sim.received().get(0).headers().get("host"));
            ForwardOutcome.TransientFailure failure = assertInstanceOf(ForwardOutcome.TransientFailure.class, nowhere);
            assertTrue(failure.reason().startsWith("cannot resolve mmsc1.elsewhere.test: "), failure.reason());
            assertEquals(1, sim.received().size());
        }
    }

    @Test
    void refusedConnectionsAndServerErrorsAreTransient() throws Exception {
        sim.setBehaviour(Behaviour.of(SimMode.HTTP_500));
        assertEquals(new ForwardOutcome.TransientFailure("mmsc", "HTTP 500"), forwarder.forward(mmsc, mm));

        sim.setBehaviour(Behaviour.of(SimMode.REFUSE));
        // The kept-alive connection of the first exchange was closed by the MMSC as it stopped
        // listening: used again within a second (unchecked), it fails; that too is transient.
        assertInstanceOf(ForwardOutcome.TransientFailure.class, forwarder.forward(mmsc, mm));
        ForwardOutcome refused = forwarder.forward(mmsc, mm);
        assertTrue(
                ((ForwardOutcome.TransientFailure) refused).reason().startsWith("ConnectException"),
                refused.toString());
    }

    @Test
    void anMmscThatNeverAnswersIsTransientAfterTheTimeout() throws Exception {
        sim.setBehaviour(Behaviour.of(SimMode.HANG));
        ForwardOutcome.TransientFailure failure =
                assertInstanceOf(ForwardOutcome.TransientFailure.class, forwarder.forward(mmsc, mm));
        assertEquals("no answer within 500 ms", failure.reason());
        assertTrue(failure.possibleDuplicate(), "the MM went out: a retry may duplicate it");
    }

    @Test
    void theMmscsResponseStatusDecidesTransientOrPermanent() throws Exception {
        sim.setBehaviour(Behaviour.status(0xC3));
        assertEquals(
                new ForwardOutcome.TransientFailure("mmsc", "X-Mms-Response-Status 0xC3"), forwarder.forward(mmsc, mm));

        sim.setBehaviour(Behaviour.status(0xE1));
        ForwardOutcome.PermanentFailure rejected =
                assertInstanceOf(ForwardOutcome.PermanentFailure.class, forwarder.forward(mmsc, mm));
        assertEquals("X-Mms-Response-Status 0xE1", rejected.reason());
        assertEquals(
                0xE1,
                org.mmsrouter.pdu.SendConf.decode(rejected.rawSendConf()).responseStatus(),
                "the MMSC's answer is kept");
    }

    @Test
    void httpStatusesAreClassified() {
        assertInstanceOf(ForwardOutcome.PermanentFailure.class, MmscForwarder.classify("m", 404, new byte[0]));
        assertInstanceOf(ForwardOutcome.TransientFailure.class, MmscForwarder.classify("m", 429, new byte[0]));
        assertInstanceOf(ForwardOutcome.TransientFailure.class, MmscForwarder.classify("m", 503, new byte[0]));
        assertInstanceOf(ForwardOutcome.TransientFailure.class, MmscForwarder.classify("m", 200, "<html>".getBytes()));
    }
}
