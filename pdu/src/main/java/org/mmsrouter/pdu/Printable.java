package org.mmsrouter.pdu;

/**
 * Text a client chose (Transaction-IDs, Message-IDs, addresses), made safe to put in a log line:
 * control characters become visible escapes ({@code \n}, {@code \r}, {@code \t}, {@code \xNN}) and a
 * backslash is doubled, so a CR or LF can never start a line of the client's making and the escaped
 * text still says exactly what was sent. Logs only: PDUs and answers carry the text as it came.
 */
public final class Printable {

    private Printable() {}

    /** {@code text} with control characters escaped; null stays null. */
    public static String escape(String text) {
        if (text == null || text.chars().allMatch(c -> c >= 0x20 && c != 0x7F && c != '\\')) {
            return text; // the usual case: nothing to copy
        }
        StringBuilder escaped = new StringBuilder(text.length() + 8);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '\n' -> escaped.append("\\n");
                case '\r' -> escaped.append("\\r");
                case '\t' -> escaped.append("\\t");
                case '\\' -> escaped.append("\\\\");
                default -> {
                    if (c < 0x20 || c == 0x7F || (c >= 0x80 && c < 0xA0) || c == '\u2028' || c == '\u2029') {
                        escaped.append(String.format("\\x%02X", (int) c));
                    } else {
                        escaped.append(c);
                    }
                }
            }
        }
        return escaped.toString();
    }
}
