package org.mmsrouter.forward;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mmsrouter.mm.KeptHeader;
import org.mmsrouter.mm.QueuedMm;
import org.mmsrouter.pdu.PduHeaders;
import org.mmsrouter.pdu.SendReqComposer;

class MmRecordTest {

    @Test
    void aRecordIsOneJsonLineWithEveryFieldInOrder() throws Exception {
        byte[] pdu = new SendReqComposer()
                .transactionId("t-1")
                .from("+4915100000001/TYPE=PLMN")
                .to("+4915112345678/TYPE=PLMN")
                .to("+4917612345678/TYPE=PLMN")
                .compose();
        Instant arrival = Instant.parse("2026-11-29T03:00:00Z");
        QueuedMm mm = new QueuedMm(
                "r-1",
                "t-1",
                arrival,
                arrival.plusSeconds(3600),
                "192.0.2.1",
                List.of(new KeptHeader("X-WAP-Network-Client-MSISDN", "4915100000009")),
                pdu);

        PduHeaders headers = PduHeaders.scan(pdu);
        String delivered = MmRecord.of(
                        mm, headers, arrival.plusMillis(250), "node-1", "delivered", "sim-a", "sim-a-1@mmsc.sim", 1)
                .toJson();
        String expired = MmRecord.of(mm, headers, arrival.plusSeconds(3601), "node-1", "expired", null, null, 7)
                .toJson();

        assertEquals(
                "{\"time\":\"2026-11-29T03:00:00.250Z\",\"node\":\"node-1\",\"routerMessageId\":\"r-1\","
                        + "\"transactionId\":\"t-1\",\"messageId\":\"sim-a-1@mmsc.sim\",\"sender\":\"4915100000009\",\"recipients\":2,"
                        + "\"size\":" + pdu.length
                        + ",\"mmsc\":\"sim-a\",\"outcome\":\"delivered\",\"latencyMs\":250,\"attempts\":1}",
                delivered,
                "the trusted gateway's MSISDN header names the sender");
        assertTrue(expired.contains("\"messageId\":null"), expired);
        assertTrue(
                expired.endsWith("\"mmsc\":null,\"outcome\":\"expired\",\"latencyMs\":3601000,\"attempts\":7}"),
                expired);
    }
}
