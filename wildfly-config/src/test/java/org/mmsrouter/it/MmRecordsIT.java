package org.mmsrouter.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mmsrouter.it.RouterTestSupport.await;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mmsrouter.pdu.SendConf;
import org.mmsrouter.pdu.SendReqComposer;
import org.mmsrouter.tools.sim.Behaviour;

/**
 * The per-MM records in the container: each MM whose journey ends writes one JSON line to
 * log/mm-records.jsonl (its own rotating file, set up by wildfly-config), with what billing
 * reconciliation needs.
 */
class MmRecordsIT extends RouterItBase {

    private static final Path RECORDS = Path.of(System.getProperty("it.base.dir"), "log", "mm-records.jsonl");

    @BeforeEach
    void healthyAndEmpty() throws Exception {
        bothHealthyAndEmpty();
    }

    private static Optional<JsonObject> recordOf(String transactionId) throws Exception {
        if (!Files.exists(RECORDS)) {
            return Optional.empty();
        }
        List<String> lines = Files.readAllLines(RECORDS);
        return lines.stream()
                .map(line -> JsonParser.parseString(line).getAsJsonObject())
                .filter(json -> transactionId.equals(json.get("transactionId").getAsString()))
                .findFirst();
    }

    @Test
    void aDeliveredAndARejectedMmEachLeaveOneRecord() throws Exception {
        byte[] delivered = new SendReqComposer()
                .transactionId("rec-ok")
                .to("+4915112345678/TYPE=PLMN")
                .to("+4915112345679/TYPE=PLMN")
                .compose();
        String messageId =
                SendConf.decode(RouterTestSupport.postMm(delivered).body()).messageId();
        mmscs.a().setBehaviour(Behaviour.status(0xE3));
        mmscs.b().setBehaviour(Behaviour.status(0xE3));
        byte[] rejected = new SendReqComposer()
                .transactionId("rec-rejected")
                .to("+4915112345678/TYPE=PLMN")
                .compose();
        RouterTestSupport.postMm(rejected);

        await(
                "both records written",
                Duration.ofSeconds(10),
                () -> recordOf("rec-ok").isPresent() && recordOf("rec-rejected").isPresent());
        JsonObject ok = recordOf("rec-ok").orElseThrow();
        JsonObject no = recordOf("rec-rejected").orElseThrow();

        assertEquals("delivered", ok.get("outcome").getAsString());
        assertEquals(messageId, ok.get("messageId").getAsString(), "the MMSC's Message-ID, to match its CDR");
        assertEquals(messageId.substring(0, 5), ok.get("mmsc").getAsString());
        assertEquals(2, ok.get("recipients").getAsInt());
        assertEquals(delivered.length, ok.get("size").getAsInt());
        assertEquals(1, ok.get("attempts").getAsInt());
        assertTrue(ok.get("latencyMs").getAsLong() >= 0 && ok.get("latencyMs").getAsLong() < 10_000, ok.toString());
        assertTrue(!ok.get("node").getAsString().isEmpty()
                && !ok.get("routerMessageId").getAsString().isEmpty());
        assertEquals("rejected", no.get("outcome").getAsString());
        assertTrue(no.get("messageId").isJsonNull());
        assertEquals(
                1,
                Files.readAllLines(RECORDS).stream()
                        .filter(line -> line.contains("\"rec-ok\""))
                        .count(),
                "one line per MM");
    }
}
