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
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
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
            assertFalse(FailureClassifier.isRetryable(new SSLHandshakeException("connection closed"), true));
            assertFalse(FailureClassifier.isRetryable(new IllegalArgumentException("bad"), true));
        }
    }

    @Nested
    class Statuses {

        @Test
        void retriesOverloadAndGatewayStatusesButNotOtherClientErrors() {
            for (int status : new int[] {429, 502, 503, 504}) {
                assertTrue(FailureClassifier.isRetryableStatus(status, false), "status " + status);
            }
            for (int status : new int[] {200, 400, 401, 404, 409, 501}) {
                assertFalse(FailureClassifier.isRetryableStatus(status, true), "status " + status);
            }
        }

        @Test
        void retriesA500OnlyWhenIdempotent() {
            assertFalse(FailureClassifier.isRetryableStatus(500, false));
            assertTrue(FailureClassifier.isRetryableStatus(500, true));
        }
    }
}
