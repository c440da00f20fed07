package org.mmsrouter.tools.pdu;

/**
 * The JSON given to {@code tools compose} does not describe a PDU that can be built. The message names
 * the key (e.g. {@code parts[1].file}) and the problem; it is meant for the user, without a stack trace.
 */
public final class ComposeException extends Exception {

    private final String key;

    ComposeException(String key, String problem) {
        super(key == null || key.isEmpty() ? problem : key + ": " + problem);
        this.key = key == null ? "" : key;
    }

    /** The key the problem is at ({@code messageType}, {@code parts[0].base64} …), or "" for the whole input. */
    public String key() {
        return key;
    }
}
