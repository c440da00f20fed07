package org.mmsrouter.pdu;

/** The value of a Content-Type parameter. */
public sealed interface ParamValue {

    String text();

    /** Text-string, or Quoted-string when {@code quoted}. */
    record Text(String value, boolean quoted) implements ParamValue {
        public Text {
            HeaderValue.textStringValue(value);
            if (!quoted && value.startsWith("\"")) {
                throw new IllegalArgumentException(
                        "an unquoted value cannot start with '\"' (it would read as Quoted-string)");
            }
        }

        @Override
        public String text() {
            return value;
        }
    }

    /** Integer-value (charset MIBenum, type, size …). */
    record Int(long value) implements ParamValue {
        @Override
        public String text() {
            return Long.toString(value);
        }
    }

    /** Kept as its encoded bytes (length-quoted structures). */
    record Raw(Bytes encoded) implements ParamValue {
        @Override
        public String text() {
            return "0x" + encoded.hex();
        }
    }
}
