package org.mmsrouter.forward;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mmsrouter.mm.KeptHeader;
import org.mmsrouter.mm.QueuedMm;
import org.mmsrouter.pdu.SendReqComposer;
import org.mmsrouter.routing.RoutingRequest;

class RoutingRequestsTest {

    private static QueuedMm mm(byte[] pdu, List<KeptHeader> headers) {
        Instant now = Instant.parse("2026-11-28T12:00:00Z");
        return new QueuedMm("id", "tid", now, now.plusSeconds(60), "127.0.0.1", headers, pdu);
    }

    @Test
    void theFirstRecipientAndTheGatewaysMsisdnAreUsed() throws Exception {
        byte[] pdu = new SendReqComposer().to("+4917612345678/TYPE=PLMN").compose();

        RoutingRequest request =
                RoutingRequests.of(mm(pdu, List.of(new KeptHeader("X-WAP-Network-Client-MSISDN", "491511111111"))));

        assertEquals("+4917612345678/TYPE=PLMN", request.recipient());
        assertEquals("491511111111", request.sender());
    }

    @Test
    void withoutAnMsisdnHeaderAnInsertAddressGivesNoSender() throws Exception {
        byte[] pdu = new SendReqComposer().to("+4917612345678/TYPE=PLMN").compose();

        assertNull(RoutingRequests.of(mm(pdu, List.of())).sender());
    }

    @Test
    void bytesThatDoNotScanStillRoute() {
        RoutingRequest request = RoutingRequests.of(mm(new byte[] {1, 2, 3}, List.of()));
        assertNull(request.recipient());
    }
}
