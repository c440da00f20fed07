package org.mmsrouter.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mmsrouter.it.RouterTestSupport.await;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mmsrouter.pdu.ResponseStatus;
import org.mmsrouter.pdu.SendConf;
import org.mmsrouter.pdu.SendReqComposer;
import org.mmsrouter.tools.sim.Behaviour;
import org.mmsrouter.tools.sim.ReceivedMm;
import org.mmsrouter.tools.sim.SimMode;

/**
 * The MM path through every real tier: HTTP POST to the MM1 servlet, durable enqueue in
 * Artemis, the forwarding threads, HTTP POST to a simulated MMSC that must receive the exact bytes.
 */
class StoreAndForwardIT extends RouterItBase {

    @BeforeEach
    void healthyAndEmpty() throws Exception {
        bothHealthyAndEmpty();
    }

    @Test
    void submittedMmReachesTheFirstMmscByteForByte() throws Exception {
        byte[] pdu = new SendReqComposer()
                .transactionId("it-exact-1")
                .to("+4915112345678/TYPE=PLMN")
                .subject("byte exact")
                .text("Grüße über den Router")
                .compose();

        HttpResponse<byte[]> response = RouterTestSupport.postMm(pdu);

        assertEquals(200, response.statusCode());
        assertEquals(
                "application/vnd.wap.mms-message",
                response.headers().firstValue("Content-Type").orElse(""));
        SendConf conf = SendConf.decode(response.body());
        assertEquals("it-exact-1", conf.transactionId());
        assertEquals(ResponseStatus.OK, conf.responseStatus());
        await(
                "sim-a received the MM",
                Duration.ofSeconds(20),
                () -> mmscs.a().received().size() == 1);
        ReceivedMm received = mmscs.a().received().get(0);
        assertEquals(received.messageId(), conf.messageId(), "the WAP gateway got the MMSC's own m-send-conf");
        assertEquals("it-exact-1", received.transactionId());
        assertArrayEquals(pdu, received.pdu());
        assertEquals(
                List.of("application/vnd.wap.mms-message"), received.headers().get("content-type"));
        assertTrue(received.headers().containsKey("x-forwarded-for"), "X-Forwarded-For added: " + received.headers());
        assertTrue(mmscs.b().received().isEmpty(), "the second MMSC got nothing");
    }

    @Test
    void whenTheFirstMmscRefusesTheMmGoesToTheSecond() throws Exception {
        mmscs.a().setBehaviour(Behaviour.of(SimMode.REFUSE));
        byte[] pdu = new SendReqComposer()
                .transactionId("it-failover-1")
                .to("+4915112345678/TYPE=PLMN")
                .compose();

        SendConf conf = SendConf.decode(RouterTestSupport.postMm(pdu).body());

        assertEquals(ResponseStatus.OK, conf.responseStatus());
        await(
                "sim-b received the MM",
                Duration.ofSeconds(20),
                () -> mmscs.b().received().size() == 1);
        assertArrayEquals(pdu, mmscs.b().received().get(0).pdu());
        assertTrue(mmscs.a().received().isEmpty());
        // sim-b is configured by host name (arquillian.xml): the router looked it up through its own
        // resolver, connected to the address and named the MMSC in the Host header.
        assertEquals(
                List.of("mms.operator.test:" + SimulatedMmscs.SIM_B_PORT),
                mmscs.b().received().get(0).headers().get("host"));
    }

    @Test
    void whileNoMmscIsUpTheMmStaysQueuedAndIsDeliveredOnceOneRecovers() throws Exception {
        mmscs.a().setBehaviour(Behaviour.of(SimMode.HTTP_500));
        mmscs.b().setBehaviour(Behaviour.of(SimMode.REFUSE));
        await(
                "both MMSCs DOWN",
                Duration.ofSeconds(10),
                () -> "DOWN".equals(RouterTestSupport.stateOf("sim-a"))
                        && "DOWN".equals(RouterTestSupport.stateOf("sim-b")));
        byte[] pdu = new SendReqComposer()
                .transactionId("it-queued-1")
                .to("+4915112345678/TYPE=PLMN")
                .compose();

        SendConf conf = SendConf.decode(RouterTestSupport.postMm(pdu).body());
        assertEquals(ResponseStatus.OK, conf.responseStatus(), "accepted while every MMSC is down");
        mmscs.b().setBehaviour(Behaviour.HEALTHY);

        await(
                "sim-b received the queued MM",
                Duration.ofSeconds(60),
                () -> mmscs.b().received().size() == 1);
        assertArrayEquals(pdu, mmscs.b().received().get(0).pdu());
        assertTrue(mmscs.a().received().isEmpty());
    }

    @Test
    void anMmscSlowerThanTheAnswerWindowGetsTheMmLaterAndTheGatewayTheRoutersId() throws Exception {
        mmscs.a().setBehaviour(Behaviour.slow(Duration.ofMillis(3500)));
        byte[] pdu = new SendReqComposer()
                .transactionId("it-slow-1")
                .to("+4915112345678/TYPE=PLMN")
                .compose();

        long start = System.nanoTime();
        SendConf conf = SendConf.decode(RouterTestSupport.postMm(pdu).body());
        long answeredMillis = (System.nanoTime() - start) / 1_000_000;

        assertEquals(ResponseStatus.OK, conf.responseStatus());
        assertEquals("it-slow-1", conf.transactionId());
        assertTrue(conf.messageId().matches("[0-9a-f]{32}"), "the router's own Message-ID: " + conf.messageId());
        assertTrue(
                answeredMillis >= 1900 && answeredMillis < 3400,
                "answered when the 2 s window closed: " + answeredMillis + " ms");
        await(
                "sim-a received the MM after all",
                Duration.ofSeconds(20),
                () -> mmscs.a().received().size() == 1);
        assertArrayEquals(pdu, mmscs.a().received().get(0).pdu());
    }

    @Test
    void aPermanentRejectionWithinTheWindowIsRelayedAndTheMmIsNotRetried() throws Exception {
        mmscs.a().setBehaviour(Behaviour.status(ResponseStatus.ERROR_PERMANENT_SERVICE_DENIED));
        byte[] pdu = new SendReqComposer()
                .transactionId("it-denied-1")
                .to("+4915112345678/TYPE=PLMN")
                .compose();

        SendConf conf = SendConf.decode(RouterTestSupport.postMm(pdu).body());

        assertEquals(ResponseStatus.ERROR_PERMANENT_SERVICE_DENIED, conf.responseStatus(), "the MMSC's own verdict");
        assertEquals("it-denied-1", conf.transactionId());
        // A later MM to the healthy second MMSC arrives alone: the rejected one went to the dead letters.
        mmscs.a().setBehaviour(Behaviour.of(SimMode.REFUSE));
        byte[] next = new SendReqComposer()
                .transactionId("it-after-denied")
                .to("+4915112345678/TYPE=PLMN")
                .compose();
        assertEquals(
                ResponseStatus.OK,
                SendConf.decode(RouterTestSupport.postMm(next).body()).responseStatus());
        await(
                "sim-b received the next MM",
                Duration.ofSeconds(20),
                () -> mmscs.b().received().size() == 1);
        assertEquals("it-after-denied", mmscs.b().received().get(0).transactionId());
    }

    @Test
    void whileEveryMmscIsDownTheBacklogWaitsWithoutSpinningAndDrainsWhenOneReturns() throws Exception {
        mmscs.a().setBehaviour(Behaviour.of(SimMode.REFUSE));
        mmscs.b().setBehaviour(Behaviour.of(SimMode.REFUSE));
        await(
                "both MMSCs DOWN",
                Duration.ofSeconds(10),
                () -> "DOWN".equals(RouterTestSupport.stateOf("sim-a"))
                        && "DOWN".equals(RouterTestSupport.stateOf("sim-b")));
        long handBacksBefore = RouterTestSupport.counter("noRouteHandBacks");
        ExecutorService pool = Executors.newFixedThreadPool(10);
        List<Future<SendConf>> answers = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            byte[] pdu = new SendReqComposer()
                    .transactionId("it-backlog-" + i)
                    .to("+4915112345678/TYPE=PLMN")
                    .compose();
            answers.add(pool.submit(
                    () -> SendConf.decode(RouterTestSupport.postMm(pdu).body())));
        }
        for (Future<SendConf> answer : answers) {
            assertEquals(ResponseStatus.OK, answer.get().responseStatus(), "accepted while every MMSC is down");
        }
        pool.shutdown();

        await(
                "forwarders hold MMs instead of cycling them",
                Duration.ofSeconds(10),
                () -> RouterTestSupport.counter("waitingForRoute") > 0);
        assertEquals(
                handBacksBefore, RouterTestSupport.counter("noRouteHandBacks"), "nothing handed back to the queue");
        assertTrue(mmscs.a().received().isEmpty() && mmscs.b().received().isEmpty());

        mmscs.b().setBehaviour(Behaviour.HEALTHY);
        await(
                "the backlog drained to sim-b",
                Duration.ofSeconds(30),
                () -> mmscs.b().received().size() == 30);
        assertEquals(
                30,
                mmscs.b().received().stream()
                        .map(ReceivedMm::transactionId)
                        .distinct()
                        .count(),
                "each MM once");
        assertEquals(0, RouterTestSupport.counter("waitingForRoute"));
    }

    @Test
    void aCorruptPduGetsMessageFormatCorruptAndIsNotForwarded() throws Exception {
        HttpResponse<byte[]> response =
                RouterTestSupport.postMm(new byte[] {(byte) 0x8C, (byte) 0x80, (byte) 0x98, 'x'});

        assertEquals(200, response.statusCode());
        SendConf conf = SendConf.decode(response.body());
        assertEquals(ResponseStatus.ERROR_PERMANENT_MESSAGE_FORMAT_CORRUPT, conf.responseStatus());
        // A good MM sent afterwards arrives alone: the corrupt one never entered the queue.
        byte[] good = new SendReqComposer()
                .transactionId("it-after-corrupt")
                .to("+4915112345678/TYPE=PLMN")
                .compose();
        assertEquals(
                ResponseStatus.OK,
                SendConf.decode(RouterTestSupport.postMm(good).body()).responseStatus());
        await(
                "sim-a received the good MM",
                Duration.ofSeconds(20),
                () -> mmscs.a().received().size() == 1);
        assertEquals("it-after-corrupt", mmscs.a().received().get(0).transactionId());
        assertTrue(mmscs.b().received().isEmpty());
    }
}
