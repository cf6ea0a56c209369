package book.ch03.http;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One scripted answer of the {@link ScriptedHttpServer}: a status with headers, after an
 * optional delay, or a connection closed without any answer.
 */
public record Step(int status, Map<String, String> headers, Duration delay, boolean dropConnection) {

    public Step {
        headers = Map.copyOf(headers);
        if (!dropConnection && (status < 100 || status > 599)) {
            throw new IllegalArgumentException("status must be between 100 and 599, not " + status);
        }
    }

    public static Step status(int status) {
        return new Step(status, Map.of(), Duration.ZERO, false);
    }

    /** Closes the connection before sending anything: the client sees the connection drop. */
    public static Step drop() {
        return new Step(0, Map.of(), Duration.ZERO, true);
    }

    public Step withHeader(String name, String value) {
        Map<String, String> more = new LinkedHashMap<>(headers);
        more.put(name, value);
        return new Step(status, more, delay, dropConnection);
    }

    /** Answers only after this delay: how a test produces a read timeout. */
    public Step after(Duration delay) {
        return new Step(status, headers, delay, dropConnection);
    }

    @Override
    public String toString() {
        return dropConnection ? "drop" : status + (headers.isEmpty() ? "" : " " + headers)
                + (delay.isZero() ? "" : " after " + delay.toMillis() + " ms");
    }
}
