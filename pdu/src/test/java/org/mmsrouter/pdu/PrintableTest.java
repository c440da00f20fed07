package org.mmsrouter.pdu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PrintableTest {

    @Test
    void lineBreaksAndOtherControlsBecomeVisibleEscapes() {
        String escaped = Printable.escape("t1\nFORGED line\r\n\u0000\u007F\u0085\u2028");

        assertEquals("t1\\nFORGED line\\r\\n\\x00\\x7F\\x85\\x2028", escaped);
        assertTrue(escaped.lines().count() == 1, "one line");
    }

    @Test
    void aBackslashIsDoubledSoEscapesCannotBeFaked() {
        assertEquals("a\\\\nb", Printable.escape("a\\nb"));
    }

    @Test
    void ordinaryTextIsReturnedAsItIs() {
        String tid = "T-12345@mms.operator.test ü";
        assertSame(tid, Printable.escape(tid));
        assertNull(Printable.escape(null));
    }
}
