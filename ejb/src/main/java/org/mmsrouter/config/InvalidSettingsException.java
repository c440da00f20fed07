package org.mmsrouter.config;

import java.util.List;

/** Thrown when settings are missing or malformed; lists every problem, each naming its key. */
public final class InvalidSettingsException extends RuntimeException {

    private final List<String> problems;

    public InvalidSettingsException(List<String> problems) {
        super("invalid MMS Router settings: " + String.join("; ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
