package org.mmsrouter.pdu;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/** Test PDUs written as hex, with spaces and text in quotes: {@code "8c 80 98 'abc' 00"}. */
final class Hex {

    private Hex() {}

    static byte[] pdu(String spec) {
        StringBuilder hex = new StringBuilder();
        String[] pieces = spec.split("'");
        for (int i = 0; i < pieces.length; i++) {
            if (i % 2 == 1) {
                for (byte b : pieces[i].getBytes(StandardCharsets.UTF_8)) {
                    hex.append(String.format("%02x", b));
                }
            } else {
                hex.append(pieces[i].replace(" ", ""));
            }
        }
        return HexFormat.of().parseHex(hex.toString());
    }
}
