package org.mmsrouter.pdu;

import java.util.Objects;

/**
 * A Content-Type parameter.
 *
 * @param name  the parameter's name ({@code charset}, {@code type}, {@code start}, {@code name} …)
 * @param token the well-known parameter octet (0x80–0xFF), or -1 for a parameter sent by name
 * @param value its value
 */
public record Param(String name, int token, ParamValue value) {

    public Param {
        Objects.requireNonNull(value);
        if (token < 0 && HeaderValue.textStringValue(name).isEmpty()) {
            throw new IllegalArgumentException("a parameter sent by name needs a name");
        }
        Objects.requireNonNull(name);
    }

    /** A well-known parameter, by its token. */
    public static Param wellKnown(int token, ParamValue value) {
        return new Param(WspTables.parameterName(token), token, value);
    }
}
