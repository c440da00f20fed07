package org.mmsrouter.forward;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.mmsrouter.mm.KeptHeader;

class MmMessagesTest {

    @Test
    void keptHeadersSurviveTheRoundTripInOrderWithColonsInValues() {
        List<KeptHeader> headers = List.of(
                new KeptHeader("Via", "WAP/1.1 gw:9201"),
                new KeptHeader("Accept", "*/*"),
                new KeptHeader("Accept", "application/vnd.wap.mms-message"));

        assertEquals(headers, MmMessages.decodeHeaders(MmMessages.encodeHeaders(headers)));
    }

    @Test
    void noHeadersDecodeToAnEmptyList() {
        assertEquals(List.of(), MmMessages.decodeHeaders(null));
        assertEquals(List.of(), MmMessages.decodeHeaders(""));
    }
}
