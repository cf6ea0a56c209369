package book.ch03.classify;

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
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The book's one table "May I retry this?" (COMMON.md), row by row, with the same rows and
 * examples as chapter 2's {@code SharedRetryTableTest}, so the two chapters' classifiers cannot
 * contradict each other on the same failure. A retry is allowed iff transient and (not
 * processed, or idempotent, or keyed).
 */
class SharedRetryTableTest {

    /** What the classifier says about one example: "yes"/"no", or "success"/"redirect" for an answer. */
    record Answer(String transientFailure, boolean processed, String what) {}

    /** One row of the table: its expected answers and the examples that must get them. */
    record Row(String failure, String transientFailure, String processed, List<Supplier<Answer>> examples) {}

    /**
     * A thrown failure; {@code afterRedirect} is chapter 2's {@code Phase.FOLLOWING_REDIRECT}.
     * Classified when the test runs, not when the table is built, so that mutation testing sees it.
     */
    static Supplier<Answer> thrown(Throwable t, boolean afterRedirect) {
        return () -> {
            FailureKind kind = FailureClassifier.kind(t);
            return new Answer(kind.isTransient() ? "yes" : "no", kind.mayHaveBeenProcessed() || afterRedirect,
                    t + " -> " + kind);
        };
    }

    static Supplier<Answer> thrown(Throwable t) {
        return thrown(t, false);
    }

    static Supplier<Answer> status(int code) {
        return () -> {
            String t = FailureClassifier.isSuccess(code) ? "success" : FailureClassifier.isRedirect(code) ? "redirect"
                    : FailureClassifier.isTransientStatus(code) ? "yes" : "no";
            return new Answer(t, FailureClassifier.statusMayHaveBeenProcessed(code), "HTTP " + code);
        };
    }

    static List<Supplier<Answer>> statuses(int... codes) {
        return Arrays.stream(codes).mapToObj(SharedRetryTableTest::status).toList();
    }

    static <T extends Throwable> T caused(T outer, Throwable cause) {
        outer.initCause(cause);
        return outer;
    }

    // The rows of COMMON.md, in its order.
    static final List<Row> TABLE = List.of(
            new Row("ConnectException \"Connection refused\"", "yes", "no", List.of(
                    thrown(new ConnectException("Connection refused")),
                    thrown(new IOException(new ConnectException("Connection refused"))))),
            new Row("connect timeout", "yes", "no", List.of(
                    thrown(new SocketTimeoutException("Connect timed out")),
                    thrown(new ConnectException("Connection timed out")),
                    thrown(new HttpConnectTimeoutException("HTTP connect timed out")))),
            new Row("NoRouteToHostException", "yes", "no", List.of(
                    thrown(new NoRouteToHostException("No route to host")))),
            new Row("UnknownHostException", "no", "no", List.of(
                    thrown(new UnknownHostException("no-such-host.invalid")))),
            new Row("TLS handshake cut by EOF / reset", "yes", "no", List.of(
                    thrown(caused(new SSLHandshakeException("Remote host terminated the handshake"),
                            new EOFException("SSL peer shut down incorrectly"))),
                    thrown(new SSLHandshakeException("Remote host terminated the handshake")),
                    thrown(caused(new SSLHandshakeException("handshake"), new SocketException("Connection reset"))))),
            new Row("TLS handshake refused on certificates", "no", "no", List.of(
                    thrown(caused(new SSLHandshakeException("PKIX path building failed"),
                            new CertPathValidatorException("untrusted"))),
                    thrown(caused(new SSLHandshakeException("No subject alternative names"),
                            new CertificateException("No name matching"))))),
            new Row("reset / EOF / broken pipe after the request was (partly) written", "yes", "yes", List.of(
                    thrown(new SocketException("Connection reset")),
                    thrown(new SocketException("Broken pipe")),
                    thrown(new EOFException()),
                    thrown(new IOException(new SocketException("Connection reset"))))),
            new Row("read timeout waiting for the response", "yes", "yes", List.of(
                    thrown(new SocketTimeoutException("Read timed out")),
                    thrown(new HttpTimeoutException("request timed out")))),
            new Row("any connect failure after following a redirect", "yes", "yes", List.of(
                    thrown(new ConnectException("Connection refused"), true),
                    thrown(new HttpConnectTimeoutException("HTTP connect timed out"), true),
                    thrown(new NoRouteToHostException("No route to host"), true))),
            new Row("interrupted / cancelled by the caller", "no", "yes", List.of(
                    thrown(new InterruptedIOException("interrupted")),
                    thrown(new ClosedByInterruptException()))),
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
        return TABLE.stream().flatMap(r -> IntStream.range(0, r.examples().size())
                .mapToObj(i -> Arguments.of(r.failure() + " #" + (i + 1), r, r.examples().get(i))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void everyRowOfTheSharedTable(String name, Row row, Supplier<Answer> example) {
        Answer answer = example.get();
        assertEquals(row.transientFailure(), answer.transientFailure(), "transient? " + answer.what());
        assertEquals(row.processed(), answer.processed() ? "yes" : "no", "may have been processed? " + answer.what());
        boolean transientFailure = answer.transientFailure().equals("yes");
        // The one rule, checked on the row: a POST without a key goes again only if nothing was processed.
        assertEquals(transientFailure && !answer.processed(),
                FailureClassifier.allowsRetry(transientFailure, answer.processed(), false), answer.what());
        assertEquals(transientFailure, FailureClassifier.allowsRetry(transientFailure, answer.processed(), true),
                answer.what());
    }
}
