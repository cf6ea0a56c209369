package book.ch04.timeout;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.time.Duration;

// tag::timeouts[]
/**
 * The four bounds every network call needs, as one value, against the JDK's default of
 * "forever" for each. Defaults: connect 3 s (name resolution included), read 10 s, write 10 s,
 * call 30 s. Each is 1 ms to 1 h: 0 means "forever" to a socket. The call bound clips the
 * others. Limits: {@code HttpClient} has no write timeout, and its request timeout ends at the
 * response headers. Copyable unit "timeouts" (this file alone).
 *
 * <p>Specified by: TimeoutsTest, TimeoutsOnLoopbackTest
 *
 * @param connect resolve the name and complete the TCP handshake
 * @param read    the longest wait for the next byte of the response
 * @param write   the longest a write may stay blocked on a peer that stopped reading
 * @param call    the whole call, first byte to last
 */
public record Timeouts(Duration connect, Duration read, Duration write, Duration call) {

    public static final long DEFAULT_CONNECT_MILLIS = 3_000;
    public static final long DEFAULT_READ_MILLIS = 10_000;
    public static final long DEFAULT_WRITE_MILLIS = 10_000;
    public static final long DEFAULT_CALL_MILLIS = 30_000;
    public static final Duration MIN = Duration.ofMillis(1);
    public static final Duration MAX = Duration.ofHours(1);

    public static final Timeouts DEFAULTS = new Timeouts(Duration.ofMillis(DEFAULT_CONNECT_MILLIS),
            Duration.ofMillis(DEFAULT_READ_MILLIS), Duration.ofMillis(DEFAULT_WRITE_MILLIS),
            Duration.ofMillis(DEFAULT_CALL_MILLIS));

    public Timeouts {
        check("connect", connect);
        check("read", read);
        check("write", write);
        check("call", call);
    }

    private static void check(String name, Duration value) {
        if (value == null || value.compareTo(MIN) < 0 || value.compareTo(MAX) > 0) {
            throw new IllegalArgumentException(name + " timeout must be 1ms..1h (0 would mean forever): " + value);
        }
    }

    /** {@code HttpClient}'s connect bound (name resolution included). */
    public HttpClient.Builder applyTo(HttpClient.Builder builder) {
        return builder.connectTimeout(connect);
    }

    /** {@code HttpClient}'s per-request bound: until the response headers, not the body. */
    public HttpRequest.Builder applyTo(HttpRequest.Builder builder) {
        return builder.timeout(call);
    }
}
// end::timeouts[]
