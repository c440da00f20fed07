package org.mmsrouter.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.mmsrouter.forward.MmMessages;
import org.mmsrouter.pdu.SendReqComposer;

class QueuedMmReaderTest {

    /** A queued message as plain values. */
    record Plain(Map<String, Object> properties, byte[] body) implements QueuedMmReader.Fields {
        @Override
        public Object property(String name) {
            return properties.get(name);
        }

        @Override
        public int bodySize() {
            return body.length;
        }

        @Override
        public byte[] bodyPrefix(int length) {
            return Arrays.copyOf(body, Math.min(length, body.length));
        }
    }

    private static Map<String, Object> properties() {
        Map<String, Object> properties = new HashMap<>();
        properties.put(MmMessages.ROUTER_MESSAGE_ID, "r-1");
        properties.put(MmMessages.TRANSACTION_ID, "t-1");
        properties.put(MmMessages.ARRIVAL_EPOCH_MS, 1_000L);
        properties.put(MmMessages.EXPIRES_EPOCH_MS, 9_000L);
        return properties;
    }

    @Test
    void aFreshSubmission() {
        byte[] pdu = new SendReqComposer()
                .transactionId("t-1")
                .from("+447911000001/TYPE=PLMN")
                .to("+4915100000001/TYPE=PLMN")
                .to("+4917600000002/TYPE=PLMN")
                .text("hello")
                .compose();
        QueuedMmView view = QueuedMmReader.read(new Plain(properties(), pdu), QueueState.READY, 0, null);
        assertEquals("r-1", view.routerMessageId());
        assertEquals("t-1", view.transactionId());
        assertFalse(view.followUp());
        assertEquals("+447911000001/TYPE=PLMN", view.sender());
        assertEquals(List.of("+4915100000001/TYPE=PLMN", "+4917600000002/TYPE=PLMN"), view.recipients());
        assertEquals(pdu.length, view.sizeBytes());
        assertEquals(Instant.ofEpochMilli(1_000), view.arrival());
        assertEquals(Instant.ofEpochMilli(9_000), view.expiresAt());
        assertEquals(0, view.attempts());
        assertNull(view.mmsc());
        assertNull(view.lastError());
    }

    @Test
    void aRequeuedCopyCarriesItsAttemptsLastMmscAndError() {
        Map<String, Object> properties = properties();
        properties.put(MmMessages.EARLIER_ATTEMPTS, 3);
        properties.put(MmMessages.LAST_MMSC, "mmsc-a");
        properties.put(MmMessages.LAST_ERROR, "HTTP 503");
        byte[] pdu =
                new SendReqComposer().transactionId("t-1").to("+1/TYPE=PLMN").compose();
        Instant next = Instant.ofEpochMilli(5_000);
        QueuedMmView view = QueuedMmReader.read(new Plain(properties, pdu), QueueState.WAITING, 2, next);
        assertEquals(5, view.attempts());
        assertEquals("mmsc-a", view.mmsc());
        assertEquals("HTTP 503", view.lastError());
        assertEquals(next, view.nextAttempt());
        assertEquals(QueueState.WAITING, view.state());
    }

    @Test
    void aLongHeaderBlockIsReadWhole() {
        SendReqComposer composer = new SendReqComposer().transactionId("t-1").from("+447911000001/TYPE=PLMN");
        for (int i = 0; i < 300; i++) {
            composer.to("+49151" + String.format("%08d", i) + "/TYPE=PLMN");
        }
        byte[] pdu = composer.text("x".repeat(100)).compose();
        assertTrue(pdu.length > QueuedMmReader.HEADER_PREFIX_BYTES);
        QueuedMmView view = QueuedMmReader.read(new Plain(properties(), pdu), QueueState.READY, 0, null);
        assertEquals(300, view.recipients().size());
    }

    @Test
    void aBodyThatIsNoPduIsShownWithoutAddresses() {
        QueuedMmView view =
                QueuedMmReader.read(new Plain(properties(), new byte[] {1, 2, 3}), QueueState.HELD, 0, null);
        assertNull(view.sender());
        assertTrue(view.recipients().isEmpty());
        assertEquals("r-1", view.routerMessageId());
    }
}
