package book.ch02.logging;

/**
 * Writes JSON string literals. Every character that could end the string early or break the
 * line is escaped: quotes, backslashes, all control characters (a newline in an exception
 * message would split one event into two lines), and everything outside ASCII, as
 * {@code \\uXXXX}, so a line is valid whatever encoding the file is later read with.
 */
public final class JsonText {

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private JsonText() {
    }

    // tag::escape[]
    /** Appends {@code value} as a JSON string literal, quotes included; {@code null} as {@code null}. */
    public static StringBuilder appendString(StringBuilder out, String value) {
        if (value == null) {
            return out.append("null");
        }
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
                    if (c < 0x20 || c > 0x7e) { // control characters, DEL, and all non-ASCII (UTF-16 units)
                        out.append("\\u").append(HEX[c >> 12 & 0xf]).append(HEX[c >> 8 & 0xf])
                                .append(HEX[c >> 4 & 0xf]).append(HEX[c & 0xf]);
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"');
    }
    // end::escape[]
}
