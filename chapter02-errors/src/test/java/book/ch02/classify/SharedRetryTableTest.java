package book.ch02.classify;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.EOFException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.channels.ClosedByInterruptException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The book's one table "May I retry this?" (COMMON.md), row by row. Chapter 3 carries the same
 * rows, so the two chapters' classifiers cannot contradict each other on the same failure.
 * A retry is allowed iff transient and (not processed, or idempotent, or keyed).
 */
class SharedRetryTableTest {

    private static final FailureClassifier CLASSIFIER = new FailureClassifier();

    /** "yes" / "no" for a failure; "success" or "redirect" for an answer. */
    record Row(String failure, String transientFailure, String processed, List<Supplier<Classification>> examples) {}

    static Supplier<Classification> thrown(Throwable t, Phase phase) {
        return () -> CLASSIFIER.classify(t, phase);
    }

    static Supplier<Classification> status(int code) {
        return () -> CLASSIFIER.classify(code, HttpHeadersView.NONE);
    }

    static <T extends Throwable> T caused(T outer, Throwable cause) {
        outer.initCause(cause);
        return outer;
    }

    static List<Supplier<Classification>> statuses(int... codes) {
        return java.util.Arrays.stream(codes).mapToObj(SharedRetryTableTest::status).toList();
    }

    // The rows of COMMON.md, in its order.
    static final List<Row> TABLE = List.of(
            new Row("ConnectException \"Connection refused\"", "yes", "no", List.of(
                    thrown(new ConnectException("Connection refused"), Phase.CONNECTING),
                    thrown(new ConnectException("Connection refused"), Phase.UNKNOWN))),
            new Row("connect timeout", "yes", "no", List.of(
                    thrown(new SocketTimeoutException("Connect timed out"), Phase.CONNECTING),
                    thrown(new ConnectException("Connection timed out"), Phase.CONNECTING),
                    thrown(new ConnectException("Connection timed out"), Phase.UNKNOWN),
                    thrown(new HttpConnectTimeoutException("HTTP connect timed out"), Phase.UNKNOWN))),
            new Row("NoRouteToHostException", "yes", "no", List.of(
                    thrown(new NoRouteToHostException("No route to host"), Phase.CONNECTING),
                    thrown(new NoRouteToHostException("No route to host"), Phase.UNKNOWN))),
            new Row("UnknownHostException", "no", "no", List.of(
                    thrown(new UnknownHostException("no-such-host.invalid"), Phase.CONNECTING),
                    thrown(new UnknownHostException("no-such-host.invalid"), Phase.UNKNOWN))),
            new Row("TLS handshake cut by EOF / reset", "yes", "no", List.of(
                    thrown(caused(new SSLHandshakeException("Remote host terminated the handshake"),
                            new EOFException("SSL peer shut down incorrectly")), Phase.CONNECTING),
                    thrown(new SSLHandshakeException("Remote host terminated the handshake"), Phase.UNKNOWN),
                    thrown(caused(new SSLHandshakeException("handshake"), new SocketException("Connection reset")),
                            Phase.CONNECTING))),
            new Row("TLS handshake refused on certificates", "no", "no", List.of(
                    thrown(caused(new SSLHandshakeException("PKIX path building failed"),
                            new CertPathValidatorException("untrusted")), Phase.CONNECTING),
                    thrown(caused(new SSLHandshakeException("No subject alternative names"),
                            new CertificateException("No name matching")), Phase.UNKNOWN))),
            new Row("reset / EOF / broken pipe after the request was (partly) written", "yes", "yes", List.of(
                    thrown(new SocketException("Connection reset"), Phase.AWAITING_RESPONSE),
                    thrown(new SocketException("Broken pipe"), Phase.SENDING),
                    thrown(new EOFException(), Phase.READING_RESPONSE),
                    thrown(new IOException(new SocketException("Connection reset")), Phase.UNKNOWN))),
            new Row("read timeout waiting for the response", "yes", "yes", List.of(
                    thrown(new SocketTimeoutException("Read timed out"), Phase.AWAITING_RESPONSE),
                    thrown(new HttpTimeoutException("request timed out"), Phase.UNKNOWN))),
            new Row("any connect failure after following a redirect", "yes", "yes", List.of(
                    thrown(new ConnectException("Connection refused"), Phase.FOLLOWING_REDIRECT),
                    thrown(new HttpConnectTimeoutException("HTTP connect timed out"), Phase.FOLLOWING_REDIRECT),
                    thrown(new NoRouteToHostException("No route to host"), Phase.FOLLOWING_REDIRECT))),
            new Row("interrupted / cancelled by the caller", "no", "yes", List.of(
                    thrown(new InterruptedIOException("interrupted"), Phase.AWAITING_RESPONSE),
                    thrown(new ClosedByInterruptException(), Phase.SENDING))),
            new Row("HTTP 2xx", "success", "yes", statuses(200, 201, 204, 299)),
            new Row("HTTP 304", "success", "yes", statuses(304)),
            new Row("HTTP 301/302/303/307/308", "redirect", "yes", statuses(301, 302, 303, 307, 308)),
            new Row("HTTP 408", "yes", "no", statuses(408)),
            new Row("HTTP 429", "yes", "no", statuses(429)),
            new Row("HTTP 500", "no", "yes", statuses(500)),
            new Row("HTTP 501, 505", "no", "no", statuses(501, 505)),
            new Row("HTTP 502, 504", "yes", "yes", statuses(502, 504)),
            new Row("HTTP 503", "yes", "yes", statuses(503)),
            new Row("other 4xx refused unread (400, 401, 403, 404, 410, 413)", "no", "no",
                    statuses(400, 401, 403, 404, 410, 413)),
            new Row("other 4xx the server read (409, 422)", "no", "yes", statuses(409, 422)),
            new Row("status < 100 or > 599", "no", "yes", statuses(-1, 0, 99, 600, 999)));

    static Stream<Arguments> rows() {
        return TABLE.stream().flatMap(r -> java.util.stream.IntStream.range(0, r.examples().size())
                .mapToObj(i -> Arguments.of(r.failure() + " #" + (i + 1), r)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void everyRowOfTheSharedTable(String name, Row row) {
        int i = Integer.parseInt(name.substring(name.lastIndexOf('#') + 1)) - 1;
        Classification c = row.examples().get(i).get();
        String actual = switch (c.kind()) {
            case SUCCESS -> "success";
            case REDIRECT -> "redirect";
            default -> c.transientFailure() ? "yes" : "no";
        };
        assertEquals(row.transientFailure(), actual, "transient? " + c.reason());
        assertEquals(row.processed(), c.mayHaveBeenProcessed() ? "yes" : "no", "may have been processed? " + c.reason());
        boolean keyedOrIdempotentOnly = c.transientFailure() && c.mayHaveBeenProcessed();
        // The one rule, checked on the row: a POST without a key goes again only if nothing was processed.
        assertEquals(c.transientFailure() && !c.mayHaveBeenProcessed(), c.allowsRetry("POST", false), c.reason());
        assertEquals(c.transientFailure(), c.allowsRetry("POST", true), c.reason());
        assertEquals(c.transientFailure(), c.allowsRetry("PUT", false), c.reason());
        assertEquals(keyedOrIdempotentOnly, c.decision() == Decision.RETRYABLE_IF_IDEMPOTENT, c.reason());
    }
}
