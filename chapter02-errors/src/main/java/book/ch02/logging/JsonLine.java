package book.ch02.logging;

/** Builds one JSON object on one line, field by field, in the order given. */
public final class JsonLine {

    private final StringBuilder out = new StringBuilder(256).append('{');

    public JsonLine string(String name, String value) {
        JsonText.appendString(key(name), value);
        return this;
    }

    public JsonLine number(String name, long value) {
        key(name).append(value);
        return this;
    }

    public JsonLine bool(String name, boolean value) {
        key(name).append(value);
        return this;
    }

    private StringBuilder key(String name) {
        if (out.length() > 1) {
            out.append(',');
        }
        return JsonText.appendString(out, name).append(':');
    }

    @Override
    public String toString() {
        return out + "}";
    }
}
