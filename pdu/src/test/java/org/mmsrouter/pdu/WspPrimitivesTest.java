package org.mmsrouter.pdu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class WspPrimitivesTest {

    private static byte[] bytes(int... values) {
        byte[] out = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = (byte) values[i];
        }
        return out;
    }

    @Test
    void uintvarMatchesTheSpecificationExample() throws PduFormatException {
        assertEquals(305, new WspReader(bytes(0x82, 0x31)).readUintvar());
        assertArrayEquals(bytes(0x82, 0x31), new WspWriter().uintvar(305).toByteArray());
    }

    @Test
    void uintvarOfSixOctetsIsRejectedWithItsOffset() {
        PduFormatException e = assertThrows(
                PduFormatException.class, () -> new WspReader(bytes(0x81, 0x81, 0x81, 0x81, 0x81, 0x01)).readUintvar());
        assertEquals(0, e.offset());
    }

    @Test
    void longIntegerMatchesTheSpecificationExample() throws PduFormatException {
        assertEquals(16384, new WspReader(bytes(0x02, 0x40, 0x00)).readLongInteger());
        assertArrayEquals(
                bytes(0x02, 0x40, 0x00), new WspWriter().longInteger(16384).toByteArray());
    }

    @Test
    void nonMinimalValueLengthIsAccepted() throws PduFormatException {
        WspReader reader = new WspReader(bytes(0x1F, 0x02, 0xAA, 0xBB));
        assertEquals(2, reader.readValueLength());
    }

    @Test
    void valueLengthBeyondTheInputIsRejectedBeforeAnyAllocation() {
        PduFormatException e = assertThrows(
                PduFormatException.class, () -> new WspReader(bytes(0x1F, 0x8F, 0xFF, 0xFF, 0x7F)).readValueLength());
        assertEquals(0, e.offset());
    }

    @Test
    void textStringWithoutNulIsRejected() {
        PduFormatException e =
                assertThrows(PduFormatException.class, () -> new WspReader(bytes('a', 'b')).readTextString());
        assertEquals(0, e.offset());
    }

    @Test
    void quotedTextStringRoundTrips() throws PduFormatException {
        byte[] encoded = new WspWriter().textString("é-mail").toByteArray();
        assertEquals(0x7F, encoded[0] & 0xFF);
        assertEquals("é-mail", new WspReader(encoded).readTextString());
    }
}
