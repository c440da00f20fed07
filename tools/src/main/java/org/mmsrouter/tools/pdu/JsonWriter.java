package org.mmsrouter.tools.pdu;

import org.mmsrouter.tools.json.Json;

/** A small streaming JSON writer: objects, arrays, strings, numbers, booleans. */
final class JsonWriter {

    private final StringBuilder out = new StringBuilder(256);
    private boolean needComma;

    void begin() {
        comma();
        out.append('{');
        needComma = false;
    }

    void beginElement() {
        begin();
    }

    void end() {
        out.append('}');
        needComma = true;
    }

    void arrayField(String name) {
        key(name);
        out.append('[');
        needComma = false;
    }

    void endArray() {
        out.append(']');
        needComma = true;
    }

    void field(String name, String value) {
        key(name);
        string(value);
        needComma = true;
    }

    void field(String name, long value) {
        key(name);
        out.append(value);
        needComma = true;
    }

    void field(String name, boolean value) {
        key(name);
        out.append(value);
        needComma = true;
    }

    void value(String value) {
        comma();
        string(value);
        needComma = true;
    }

    private void key(String name) {
        comma();
        string(name);
        out.append(':');
        needComma = false;
    }

    private void comma() {
        if (needComma) {
            out.append(',');
        }
    }

    private void string(String value) {
        out.append(Json.string(value));
    }

    @Override
    public String toString() {
        return out.toString();
    }
}
