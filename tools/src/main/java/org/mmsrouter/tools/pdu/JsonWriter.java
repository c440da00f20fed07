package org.mmsrouter.tools.pdu;

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
        out.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x7F) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    @Override
    public String toString() {
        return out.toString();
    }
}
