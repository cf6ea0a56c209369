package book.ch02.classify;

import static book.ch02.classify.Decision.NOT_RETRYABLE;
import static book.ch02.classify.Decision.RETRYABLE;
import static book.ch02.classify.Decision.RETRYABLE_IF_IDEMPOTENT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import book.ch02.checksum.ChecksumMismatchException;
import book.ch02.checksum.FrameTooLargeException;
import java.io.EOFException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.ProtocolException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.UnresolvedAddressException;
import java.security.cert.CertificateException;
import java.util.Map;
import java.util.stream.Stream;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/** The classifier as a decision table; {@code RealFailuresClassifiedTest} feeds it the catalogue's real failures. */
class FailureClassifierTest {

    private final FailureClassifier classifier = new FailureClassifier();

    @Nested
    class HttpStatuses {
        @ParameterizedTest(name = "{0} -> {1} {2}")
        @CsvSource({
            // status, decision,             kind (the boundaries of every range)
            " -1, NOT_RETRYABLE,           BAD_DATA",
            " 99, NOT_RETRYABLE,           BAD_DATA",
            "100, NOT_RETRYABLE,           BAD_DATA",
            "199, NOT_RETRYABLE,           BAD_DATA",
            "200, NOT_A_FAILURE,           SUCCESS",
            "299, NOT_A_FAILURE,           SUCCESS",
            "300, NOT_A_FAILURE,           REDIRECT",
            "303, NOT_A_FAILURE,           REDIRECT",
            "304, NOT_A_FAILURE,           SUCCESS",
            "305, NOT_A_FAILURE,           REDIRECT",
            "399, NOT_A_FAILURE,           REDIRECT",
            "400, NOT_RETRYABLE,           CLIENT_ERROR",
            "408, RETRYABLE,               CLIENT_ERROR",
            "429, RETRYABLE,               THROTTLED",
            "499, NOT_RETRYABLE,           CLIENT_ERROR",
            "500, NOT_RETRYABLE,           SERVER_ERROR",
            "502, RETRYABLE_IF_IDEMPOTENT, SERVER_ERROR",
            "503, RETRYABLE_IF_IDEMPOTENT, SERVER_ERROR",
            "504, RETRYABLE_IF_IDEMPOTENT, SERVER_ERROR",
            "599, NOT_RETRYABLE,           SERVER_ERROR",
            "600, NOT_RETRYABLE,           BAD_DATA",
        })
        void statusDecidesTheRetry(int status, Decision decision, FailureKind kind) {
            Classification c = classifier.classify(status, HttpHeadersView.NONE);
            assertEquals(decision, c.decision(), c::reason);
            assertEquals(kind, c.kind(), c::reason);
            assertTrue(c.reason().startsWith(String.valueOf(status)), c.reason());
        }

        @ParameterizedTest(name = "{0}")
        @CsvSource({"429", "502", "503", "504"})
        void retryAfterIsPassedOnInTheReason(int status) {
            Classification c = classifier.classify(status, HttpHeadersView.of("retry-after", "7"));
            assertTrue(c.reason().endsWith("; Retry-After: 7"), c.reason());
        }

        @Test
        void withoutRetryAfterTheReasonSaysNothingOfIt() {
            assertFalse(classifier.classify(429, HttpHeadersView.NONE).reason().contains("Retry-After"));
        }

        @Test
        void headersAreFoundWhateverTheirCaseAndANullNameIsIgnored() {
            var raw = new java.util.HashMap<String, java.util.List<String>>();
            raw.put(null, java.util.List.of("HTTP/1.1 503 Service Unavailable")); // as HttpURLConnection lists it
            raw.put("RETRY-AFTER", java.util.List.of("3"));
            Classification c = classifier.classify(503, new HttpHeadersView(raw));
            assertTrue(c.reason().endsWith("Retry-After: 3"), c.reason());
        }

        @Test
        void amongSeveralHeadersOnlyTheNamedOneIsRead() {
            var raw = new java.util.LinkedHashMap<String, java.util.List<String>>();
            raw.put("Content-Type", java.util.List.of("text/plain"));
            raw.put("Date", java.util.List.of("Tue, 01 Dec 2026 10:00:00 GMT"));
            raw.put("Empty", java.util.List.of());
            raw.put("Retry-After", java.util.List.of("120", "5"));
            var headers = new HttpHeadersView(raw);
            assertEquals(java.util.Optional.of("120"), headers.first("retry-after"));
            assertEquals(java.util.Optional.of("text/plain"), headers.first("content-type"));
            assertEquals(java.util.Optional.empty(), headers.first("Empty"));
            assertEquals(java.util.Optional.empty(), headers.first("Location"));
        }
    }

    @Nested
    class Exceptions {
        static Stream<Arguments> table() {
            return Stream.of(
                    // what Java threw, phase, decision, kind, may have reached the server
                    arguments(new UnknownHostException("no-such-host.invalid"), Phase.CONNECTING,
                            NOT_RETRYABLE, FailureKind.UNKNOWN_HOST, false),
                    arguments(wrapped(new ConnectException(), new UnresolvedAddressException()), Phase.UNKNOWN,
                            NOT_RETRYABLE, FailureKind.UNKNOWN_HOST, false),
                    arguments(new ConnectException("Connection refused"), Phase.CONNECTING,
                            RETRYABLE, FailureKind.REFUSED, false),
                    arguments(wrapped(new ConnectException(), new ClosedChannelException()), Phase.UNKNOWN,
                            RETRYABLE, FailureKind.REFUSED, false),
                    arguments(new SocketTimeoutException("Connect timed out"), Phase.CONNECTING,
                            RETRYABLE, FailureKind.CONNECT_TIMEOUT, false),
                    arguments(new HttpConnectTimeoutException("HTTP connect timed out"), Phase.UNKNOWN,
                            RETRYABLE, FailureKind.CONNECT_TIMEOUT, false),
                    arguments(wrapped(new HttpConnectTimeoutException("HTTP connect timed out"),
                            new ConnectException("HTTP connect timed out")), Phase.UNKNOWN,
                            RETRYABLE, FailureKind.CONNECT_TIMEOUT, false),
                    arguments(new ConnectException("Connection timed out"), Phase.CONNECTING,
                            RETRYABLE, FailureKind.CONNECT_TIMEOUT, false),
                    arguments(new NoRouteToHostException("No route to host"), Phase.UNKNOWN,
                            RETRYABLE, FailureKind.UNREACHABLE, false),
                    arguments(new SocketTimeoutException("Read timed out"), Phase.AWAITING_RESPONSE,
                            RETRYABLE_IF_IDEMPOTENT, FailureKind.READ_TIMEOUT, true),
                    arguments(new SocketTimeoutException("Read timed out"), Phase.UNKNOWN,
                            RETRYABLE_IF_IDEMPOTENT, FailureKind.READ_TIMEOUT, true),
                    arguments(new HttpTimeoutException("request timed out"), Phase.UNKNOWN,
                            RETRYABLE_IF_IDEMPOTENT, FailureKind.READ_TIMEOUT, true),
                    arguments(new ConnectException("Connection refused"), Phase.FOLLOWING_REDIRECT,
                            RETRYABLE_IF_IDEMPOTENT, FailureKind.REFUSED, true),
                    arguments(new HttpConnectTimeoutException("HTTP connect timed out"), Phase.FOLLOWING_REDIRECT,
                            RETRYABLE_IF_IDEMPOTENT, FailureKind.CONNECT_TIMEOUT, true),
                    arguments(new SSLHandshakeException("Remote host terminated the handshake"), Phase.CONNECTING,
                            RETRYABLE, FailureKind.CONNECTION_LOST, false),
                    arguments(wrapped(new SSLHandshakeException("handshake failed"),
                            new SocketException("Connection reset")), Phase.CONNECTING,
                            RETRYABLE, FailureKind.CONNECTION_LOST, false),
                    arguments(wrapped(new SSLHandshakeException("No subject alternative names matching IP address"),
                            new java.security.cert.CertificateException("No subject alternative names")),
                            Phase.FOLLOWING_REDIRECT, NOT_RETRYABLE, FailureKind.TLS, true),
                    arguments(new java.util.concurrent.CancellationException(), Phase.UNKNOWN,
                            NOT_RETRYABLE, FailureKind.CANCELLED, true),
                    arguments(new InterruptedException(), Phase.CONNECTING,
                            NOT_RETRYABLE, FailureKind.CANCELLED, true),
                    arguments(new SocketException("Connection reset"), Phase.AWAITING_RESPONSE,
                            RETRYABLE_IF_IDEMPOTENT, FailureKind.CONNECTION_LOST, true),
                    arguments(new SocketException("Broken pipe"), Phase.SENDING,
                            RETRYABLE_IF_IDEMPOTENT, FailureKind.CONNECTION_LOST, true),
                    arguments(new EOFException("stream ended inside a frame"), Phase.READING_RESPONSE,
                            RETRYABLE_IF_IDEMPOTENT, FailureKind.CONNECTION_LOST, true),
                    arguments(wrapped(new SSLHandshakeException("PKIX path building failed"),
                            new CertificateException("unable to find valid certification path")), Phase.CONNECTING,
                            NOT_RETRYABLE, FailureKind.TLS, false),
                    arguments(new SSLHandshakeException("no cipher suites in common"), Phase.CONNECTING,
                            NOT_RETRYABLE, FailureKind.TLS, false),
                    arguments(wrapped(new SSLHandshakeException("Remote host terminated the handshake"),
                            new EOFException("SSL peer shut down incorrectly")), Phase.CONNECTING,
                            RETRYABLE, FailureKind.CONNECTION_LOST, false),
                    arguments(new SSLException("Tag mismatch"), Phase.READING_RESPONSE,
                            RETRYABLE_IF_IDEMPOTENT, FailureKind.BAD_DATA, true),
                    arguments(new ChecksumMismatchException(4, 1, 2), Phase.READING_RESPONSE,
                            RETRYABLE_IF_IDEMPOTENT, FailureKind.BAD_DATA, true),
                    arguments(new FrameTooLargeException(Integer.MAX_VALUE, 1 << 20), Phase.READING_RESPONSE,
                            NOT_RETRYABLE, FailureKind.BAD_DATA, true),
                    arguments(new ProtocolException("Invalid status line"), Phase.UNKNOWN,
                            NOT_RETRYABLE, FailureKind.BAD_DATA, true),
                    arguments(new InterruptedIOException("interrupted"), Phase.AWAITING_RESPONSE,
                            NOT_RETRYABLE, FailureKind.CANCELLED, true),
                    arguments(new ClosedByInterruptException(), Phase.AWAITING_RESPONSE, // a ClosedChannelException
                            NOT_RETRYABLE, FailureKind.CANCELLED, true),
                    arguments(new IOException("something new"), Phase.CONNECTING,
                            RETRYABLE, FailureKind.CONNECTION_LOST, false),
                    arguments(new IOException("something new"), Phase.UNKNOWN,
                            RETRYABLE_IF_IDEMPOTENT, FailureKind.CONNECTION_LOST, true),
                    arguments(new UncheckedIOException(new SocketException("Connection reset")), Phase.READING_RESPONSE,
                            RETRYABLE_IF_IDEMPOTENT, FailureKind.CONNECTION_LOST, true),
                    arguments(new NullPointerException(), Phase.SENDING,
                            NOT_RETRYABLE, FailureKind.UNEXPECTED, true));
        }

        @ParameterizedTest(name = "{0} while {1} -> {2} {3}")
        @MethodSource("table")
        void exceptionAndPhaseDecideTheRetry(Throwable failure, Phase phase, Decision decision, FailureKind kind,
                boolean reached) {
            Classification c = classifier.classify(failure, phase);
            assertEquals(decision, c.decision(), c::reason);
            assertEquals(kind, c.kind(), c::reason);
            assertEquals(reached, c.mayHaveBeenProcessed(), c::reason);
        }

        @Test
        void aRefusedConnectionIsSafeToRetryInAnyPhaseOfOneExchange() {
            for (Phase phase : new Phase[] {Phase.CONNECTING, Phase.SENDING, Phase.READING_RESPONSE, Phase.UNKNOWN}) {
                Classification c = classifier.classify(new ConnectException("Connection refused"), phase);
                assertEquals(RETRYABLE, c.decision(), phase::name);
                assertFalse(c.mayHaveBeenProcessed(), phase::name);
            }
        }

        @Test
        void butNotAfterARedirectBecauseTheFirstServerHadTheRequest() {
            Classification c = classifier.classify(new ConnectException("Connection refused"), Phase.FOLLOWING_REDIRECT);
            assertTrue(c.mayHaveBeenProcessed());
            assertFalse(c.allowsRetry("POST", false));
            assertTrue(c.allowsRetry("POST", true));
        }

        @Test
        void aFailureWithoutAnyMessageIsDescribedByItsClass() {
            assertEquals("connection lost: EOFException",
                    classifier.classify(new EOFException(), Phase.READING_RESPONSE).reason());
            assertEquals("connection lost: SocketException: Broken pipe",
                    classifier.classify(new IOException(new SocketException("Broken pipe")), Phase.SENDING).reason());
        }

        @Test
        void theSameTimeoutIsSafeBeforeSendingAndUnsafeAfter() {
            var timeout = new SocketTimeoutException("timed out");
            assertTrue(classifier.classify(timeout, Phase.CONNECTING).allowsRetry(false, false));
            assertFalse(classifier.classify(timeout, Phase.AWAITING_RESPONSE).allowsRetry(false, false));
            assertTrue(classifier.classify(timeout, Phase.AWAITING_RESPONSE).allowsRetry(true, false));
            assertTrue(classifier.classify(timeout, Phase.AWAITING_RESPONSE).allowsRetry(false, true));
        }

        @Test
        void aCauseChainWithACycleStillEnds() {
            var outer = new IOException("outer");
            var inner = new SocketException("Connection reset");
            outer.initCause(inner);
            inner.initCause(outer);
            assertEquals(FailureKind.CONNECTION_LOST, classifier.classify(outer, Phase.SENDING).kind());
        }

        private static <T extends Throwable> T wrapped(T outer, Throwable cause) {
            outer.initCause(cause);
            return outer;
        }
    }
}
