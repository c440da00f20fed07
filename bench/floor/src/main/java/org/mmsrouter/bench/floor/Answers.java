package org.mmsrouter.bench.floor;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/** The floor's answers: a fixed m-send-conf saying Ok, or 503. */
final class Answers {

    /**
     * m-send-conf: X-Mms-Message-Type m-send-conf (0x8C 0x81), X-Mms-Transaction-ID "floor", X-Mms-MMS-Version
     * 1.2 (0x8D 0x92), X-Mms-Response-Status Ok (0x92 0x80), Message-ID "floor@bench" (OMA-TS-MMS_ENC 7.3).
     */
    private static final byte[] SEND_CONF = {
        (byte) 0x8C,
        (byte) 0x81,
        (byte) 0x98,
        'f',
        'l',
        'o',
        'o',
        'r',
        0,
        (byte) 0x8D,
        (byte) 0x92,
        (byte) 0x92,
        (byte) 0x80,
        (byte) 0x8B,
        'f',
        'l',
        'o',
        'o',
        'r',
        '@',
        'b',
        'e',
        'n',
        'c',
        'h',
        0
    };

    private Answers() {}

    /** Writes the m-send-conf (or 503 when {@code ok} is false) and completes the request. */
    static void answer(AsyncContext async, boolean ok) {
        HttpServletResponse response = (HttpServletResponse) async.getResponse();
        try {
            if (ok) {
                response.setStatus(HttpServletResponse.SC_OK);
                response.setContentType("application/vnd.wap.mms-message");
                response.setContentLength(SEND_CONF.length);
                response.getOutputStream().write(SEND_CONF);
            } else {
                response.sendError(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
            }
        } catch (IOException | RuntimeException gone) {
            // the client went away: nothing to answer
        } finally {
            async.complete();
        }
    }
}
