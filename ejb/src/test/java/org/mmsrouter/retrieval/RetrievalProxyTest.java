package org.mmsrouter.retrieval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mmsrouter.retrieval.Fixtures.retrieveConf;

import java.nio.charset.StandardCharsets;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** Reading an answer's X-Mms-Retrieve-Status ahead without losing any of it. */
class RetrievalProxyTest {

    @Test
    void theRetrieveStatusOfAnMRetrieveConfIsReadAheadAndTheBodyStreamedWhole() throws Exception {
        byte[] conf = retrieveConf(0xE2, "t1", null);
        RetrievalProxy.Peeked peeked = Fixtures.mms("a", 200, conf).peekRetrieveStatus();
        assertEquals(OptionalInt.of(0xE2), peeked.retrieveStatus());
        assertTrue(peeked.saysMessageNotFound());
        assertArrayEquals(conf, Fixtures.body(peeked.upstream()));
        assertTrue(Fixtures.mms("a", 200, retrieveConf(0xC1, null, null))
                .peekRetrieveStatus()
                .saysMessageNotFound());
        RetrievalProxy.Peeked ok =
                Fixtures.mms("a", 200, retrieveConf(0x80, null, null)).peekRetrieveStatus();
        assertFalse(ok.saysMessageNotFound());
        assertEquals(
                OptionalInt.empty(),
                Fixtures.mms("a", 200, retrieveConf(-1, null, null))
                        .peekRetrieveStatus()
                        .retrieveStatus());
    }

    @Test
    void anAnswerThatIsNoPduOrFailedHasNoRetrieveStatus() throws Exception {
        byte[] page = "<html/>".getBytes(StandardCharsets.US_ASCII);
        RetrievalProxy.Peeked html =
                Fixtures.answer("a", 200, "text/html", page).peekRetrieveStatus();
        assertEquals(OptionalInt.empty(), html.retrieveStatus());
        assertArrayEquals(page, Fixtures.body(html.upstream()));
        assertEquals(
                OptionalInt.empty(),
                Fixtures.mms("a", 404, retrieveConf(0xE2, null, null))
                        .peekRetrieveStatus()
                        .retrieveStatus());
        byte[] junk = {1, 2, 3};
        RetrievalProxy.Peeked unreadable = Fixtures.mms("a", 200, junk).peekRetrieveStatus();
        assertEquals(OptionalInt.empty(), unreadable.retrieveStatus());
        assertArrayEquals(junk, Fixtures.body(unreadable.upstream()));
    }
}
