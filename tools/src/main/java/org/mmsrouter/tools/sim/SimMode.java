package org.mmsrouter.tools.sim;

import java.util.Locale;

/** How a simulated MMSC behaves; switched at run time through the control API. */
public enum SimMode {
    /** Stores submissions and answers m-send-conf Ok with its own Message-ID. */
    HEALTHY,
    /** Stops listening: connections are refused until the mode changes. */
    REFUSE,
    /** Answers every request with HTTP 500. */
    HTTP_500,
    /** Accepts the connection and never answers (until the mode changes). */
    HANG,
    /** Behaves as HEALTHY after a fixed delay. */
    SLOW,
    /** Answers probes at once but submissions only after a fixed delay (a live front end, a slow back end). */
    SLOW_SUBMIT,
    /** Answers submissions with m-send-conf carrying a chosen X-Mms-Response-Status; stores nothing. */
    STATUS,
    /** Serves retrievals in two pieces: the first 16 KB at once, the rest after a fixed delay. */
    SLOW_RETRIEVE;

    /** Parses names as the control API and command line write them: healthy, http500, http-500, hang… */
    public static SimMode parse(String text) {
        String normalised = text.trim().toUpperCase(Locale.ROOT).replace('-', '_');
        if (normalised.equals("HTTP500")) {
            return HTTP_500;
        }
        if (normalised.equals("SLOWSUBMIT")) {
            return SLOW_SUBMIT;
        }
        if (normalised.equals("SLOWRETRIEVE")) {
            return SLOW_RETRIEVE;
        }
        return valueOf(normalised);
    }
}
