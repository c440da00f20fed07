package org.mmsrouter.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mmsrouter.it.RouterTestSupport.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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

/** Many MMs through the real pipeline: none lost, none duplicated, each answer the MMSC's own. */
class VolumeIT extends RouterItBase {

    private static final int SUBMITTERS = 8;

    @BeforeEach
    void healthyAndEmpty() throws Exception {
        bothHealthyAndEmpty();
    }

    @Test
    void aThousandMmsArriveByteExactEachAnsweredWithTheMmscsMessageId() throws Exception {
        Map<String, byte[]> sent = new HashMap<>();
        Map<String, SendConf> answers = submit(1000, "vol", sent, () -> {});

        await("all 1000 received", Duration.ofSeconds(60), () -> received().size() == 1000);
        Map<String, ReceivedMm> byTid = new HashMap<>();
        for (ReceivedMm mm : received()) {
            assertEquals(null, byTid.put(mm.transactionId(), mm), "received once: " + mm.transactionId());
        }
        for (Map.Entry<String, byte[]> entry : sent.entrySet()) {
            ReceivedMm mm = byTid.get(entry.getKey());
            assertArrayEquals(entry.getValue(), mm.pdu(), entry.getKey());
            assertEquals(mm.messageId(), answers.get(entry.getKey()).messageId(), "relayed the MMSC's Message-ID");
        }
    }

    @Test
    void whenTheFirstMmscFailsMidStreamEveryMmStillArrivesExactlyOnce() throws Exception {
        Map<String, byte[]> sent = new HashMap<>();
        int[] submitted = {0};
        Map<String, SendConf> answers = submit(600, "mid", sent, () -> {
            if (++submitted[0] == 200) {
                mmscs.a().setBehaviour(Behaviour.of(SimMode.HTTP_500));
            } else if (submitted[0] == 400) {
                mmscs.a().setBehaviour(Behaviour.of(SimMode.REFUSE));
            }
        });

        assertTrue(
                answers.values().stream().allMatch(c -> c.responseStatus() == ResponseStatus.OK),
                "no failure at the gateway");
        await("all 600 received", Duration.ofSeconds(90), () -> received().size() == 600);
        assertEquals(
                600,
                received().stream().map(ReceivedMm::transactionId).distinct().count(),
                "no duplicates");
        // The first MMSC stores only while healthy: at most the first 200 answers plus those in flight then.
        assertTrue(
                mmscs.a().received().size() <= 200 + SUBMITTERS,
                "sim-a got " + mmscs.a().received().size());
        assertTrue(
                mmscs.b().received().size() >= 400 - SUBMITTERS,
                "the second MMSC took over: " + mmscs.b().received().size());
    }

    private List<ReceivedMm> received() {
        List<ReceivedMm> all = new ArrayList<>(mmscs.a().received());
        all.addAll(mmscs.b().received());
        return all;
    }

    /** Submits {@code count} MMs from several threads; {@code afterEach} runs (serialised) after each answer. */
    /** What to do after each answer; may switch a simulator's behaviour. */
    @FunctionalInterface
    interface AfterEach {
        void run() throws Exception;
    }

    private Map<String, SendConf> submit(int count, String prefix, Map<String, byte[]> sent, AfterEach afterEach)
            throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(SUBMITTERS);
        try {
            List<Future<SendConf>> futures = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                String tid = prefix + "-" + i;
                byte[] pdu = new SendReqComposer()
                        .transactionId(tid)
                        .to("+4915112345678/TYPE=PLMN")
                        .text("MM " + i)
                        .compose();
                sent.put(tid, pdu);
                futures.add(pool.submit(() -> {
                    SendConf conf =
                            SendConf.decode(RouterTestSupport.postMm(pdu).body());
                    synchronized (afterEach) {
                        afterEach.run();
                    }
                    return conf;
                }));
            }
            Map<String, SendConf> answers = new HashMap<>();
            for (Future<SendConf> future : futures) {
                SendConf conf = future.get();
                answers.put(conf.transactionId(), conf);
            }
            assertEquals(count, answers.size());
            return answers;
        } finally {
            pool.shutdownNow();
        }
    }
}
