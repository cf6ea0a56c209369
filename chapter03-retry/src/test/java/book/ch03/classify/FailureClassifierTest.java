package book.ch03.classify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.util.Set;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class FailureClassifierTest {

    @Nested
    class RealLoopbackFailures {

        @Test
        void aRefusedConnectIsRetryableEvenForANonIdempotentCall() throws IOException {
            int port;
            try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                port = s.getLocalPort();
            }
            IOException refused = assertThrows(IOException.class, () -> {
                try (Socket socket = new Socket()) {
                    socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 2_000);
                }
            });
            assertEquals(FailureKind.CONNECT_REFUSED, FailureClassifier.kind(refused));
            assertTrue(FailureClassifier.isRetryable(refused, false));
        }

        @Test
        void aReadTimeoutIsRetryableOnlyWhenIdempotent() throws IOException {
            try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
                 Socket socket = new Socket(InetAddress.getLoopbackAddress(), silent.getLocalPort())) {
                socket.setSoTimeout(20);
                IOException timeout = assertThrows(IOException.class, () -> socket.getInputStream().read());
                assertEquals(FailureKind.READ_TIMEOUT, FailureClassifier.kind(timeout));
                assertFalse(FailureClassifier.isRetryable(timeout, false));
                assertTrue(FailureClassifier.isRetryable(timeout, true));
            }
        }

        @Test
        void aResetIsRetryableOnlyWhenIdempotent() throws IOException {
            try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
                 Socket client = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort())) {
                client.setSoTimeout(2_000);
                try (Socket accepted = server.accept()) {
                    accepted.setSoLinger(true, 0); // close with RST, not FIN
                }
                IOException reset = assertThrows(IOException.class, () -> client.getInputStream().read());
                assertEquals(FailureKind.RESET, FailureClassifier.kind(reset));
                assertFalse(FailureClassifier.isRetryable(reset, false));
                assertTrue(FailureClassifier.isRetryable(reset, true));
            }
        }
    }

    @Nested
    class HttpClientExceptions {

        @Test
        void anHttpConnectTimeoutIsAConnectFailureAndAnyOtherHttpTimeoutIsARead() {
            assertEquals(FailureKind.CONNECT_TIMEOUT,
                    FailureClassifier.kind(new HttpConnectTimeoutException("HTTP connect timed out")));
            assertEquals(FailureKind.READ_TIMEOUT,
                    FailureClassifier.kind(new HttpTimeoutException("request timed out")));
        }

        @Test
        void looksThroughWrappersAndNeverRetriesTls() {
            assertEquals(FailureKind.CONNECT_TIMEOUT, FailureClassifier.kind(
                    new UncheckedIOException(new HttpConnectTimeoutException("HTTP connect timed out"))));
            assertFalse(FailureClassifier.isRetryable(new SSLHandshakeException("PKIX path building failed"), true));
            assertFalse(FailureClassifier.isRetryable(new IllegalArgumentException("bad"), true));
        }
    }

    @Nested
    class Statuses {

        static final Set<Integer> RETRIED_FOR_ANY_METHOD = Set.of(408, 429);
        static final Set<Integer> RETRIED_ONLY_WHEN_SAFE_TO_REPEAT = Set.of(502, 503, 504);

        /**
         * Issue #8: the old classifier retried 502, 503 and 504 for a POST (and its test asserted it),
         * while a gateway's 504 during a charge is chapter 2's opening story. Every status from -1 to
         * 1000, with a request that is safe to repeat and one that is not.
         */
        @Test
        void theWholeStatusTableForRequestsSafeAndUnsafeToRepeat() {
            for (int status = -1; status <= 1000; status++) {
                boolean any = RETRIED_FOR_ANY_METHOD.contains(status);
                boolean safeOnly = RETRIED_ONLY_WHEN_SAFE_TO_REPEAT.contains(status);
                assertEquals(any, FailureClassifier.isRetryableStatus(status, false), "unsafe, status " + status);
                assertEquals(any || safeOnly, FailureClassifier.isRetryableStatus(status, true), "safe, status " + status);
            }
        }

        @Test
        void a500IsABugNotBadLuckEvenForAGet() {
            assertFalse(FailureClassifier.isRetryableStatus(500, true));
            assertTrue(FailureClassifier.statusMayHaveBeenProcessed(500));
        }

        @Test
        void successAndRedirectBoundaries() {
            assertFalse(FailureClassifier.isSuccess(199));
            assertTrue(FailureClassifier.isSuccess(200));
            assertTrue(FailureClassifier.isSuccess(299));
            assertFalse(FailureClassifier.isSuccess(300));
            assertTrue(FailureClassifier.isSuccess(304), "an answer to a conditional request");
            assertFalse(FailureClassifier.isRedirect(304));
            for (int s : new int[] {300, 304, 305, 306, 309}) {
                assertFalse(FailureClassifier.isRedirect(s), "status " + s);
            }
            for (int s : new int[] {301, 302, 303, 307, 308}) {
                assertTrue(FailureClassifier.isRedirect(s), "status " + s);
            }
        }

        @Test
        void processedBoundaries() {
            assertTrue(FailureClassifier.statusMayHaveBeenProcessed(99));
            assertTrue(FailureClassifier.statusMayHaveBeenProcessed(100));
            assertTrue(FailureClassifier.statusMayHaveBeenProcessed(399));
            assertFalse(FailureClassifier.statusMayHaveBeenProcessed(400));
            assertFalse(FailureClassifier.statusMayHaveBeenProcessed(499));
            assertTrue(FailureClassifier.statusMayHaveBeenProcessed(599));
            assertTrue(FailureClassifier.statusMayHaveBeenProcessed(600));
        }
    }

    @Nested
    class Phases {
        @Test
        void aConnectFailureAfterARedirectMayFollowAProcessedRequest() {
            ConnectException refused = new ConnectException("Connection refused");
            assertTrue(FailureClassifier.isRetryable(refused, false, false));
            assertFalse(FailureClassifier.isRetryable(refused, false, true), "a POST answered 303 was processed");
            assertTrue(FailureClassifier.isRetryable(refused, true, true));
        }

        @Test
        void theJdkClientsMessagelessConnectExceptionIsReadThroughToItsCause() {
            ConnectException outer = new ConnectException();
            outer.initCause(new ConnectException("Connection timed out"));
            assertEquals(FailureKind.CONNECT_TIMEOUT, FailureClassifier.kind(outer));
            assertEquals(FailureKind.CONNECT_REFUSED, FailureClassifier.kind(new ConnectException()));
            ConnectException noRoute = new ConnectException();
            noRoute.initCause(new NoRouteToHostException("No route to host"));
            assertEquals(FailureKind.NO_ROUTE, FailureClassifier.kind(noRoute));
        }

        @Test
        void connectPhaseIsExactlyTheKindsThatCannotHaveArrived() {
            for (FailureKind k : FailureKind.values()) {
                assertEquals(!k.mayHaveBeenProcessed(), k.isConnectPhase(), k.name());
            }
        }
    }
}
