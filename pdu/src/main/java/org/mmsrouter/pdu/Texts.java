package org.mmsrouter.pdu;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/** Decoding of Text-string bytes: UTF-8 when they are valid UTF-8, else ISO-8859-1 (every byte kept). */
final class Texts {

    private Texts() {}

    static String decode(byte[] data, int from, int to) {
        boolean ascii = true;
        for (int i = from; i < to; i++) {
            if (data[i] < 0) {
                ascii = false;
                break;
            }
        }
        if (ascii) {
            return new String(data, from, to - from, StandardCharsets.ISO_8859_1);
        }
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(data, from, to - from))
                    .toString();
        } catch (CharacterCodingException e) {
            return new String(data, from, to - from, StandardCharsets.ISO_8859_1);
        }
    }
}
