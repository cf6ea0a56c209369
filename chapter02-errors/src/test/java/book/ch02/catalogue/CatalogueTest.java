package book.ch02.catalogue;

import book.ch02.proxy.faults.FlipBit;
import book.ch02.fixture.PeerScripts;
import book.ch02.fixture.LoopbackPeer;
import book.ch02.fixture.LoopbackCertificates;
import book.ch02.fixture.HttpFixture;
import book.ch02.fixture.FullBacklogListener;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import book.ch02.fixture.LoopbackCertificates.Identity;
import book.ch02.catalogue.Observation.Answered;
import book.ch02.catalogue.Observation.Thrown;
import book.ch02.checksum.ChecksumMismatchException;
import book.ch02.checksum.FrameTooLargeException;
import book.ch02.classify.Phase;
import book.ch02.proxy.FaultProxy;
import book.ch02.proxy.Faults;
import java.io.EOFException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ProtocolException;
import java.net.URI;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.security.cert.CertificateException;
import java.util.List;
import java.util.Set;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The catalogue of failures: each one produced for real on loopback, and the exact exception
 * (and cause chain) Java gives for it, for a plain socket and for {@code HttpClient}. Messages
 * are asserted only where they are the way to tell two failures of the same class apart.
 */
class CatalogueTest {

    static Throwable thrown(Observation seen, Phase expectedPhase) {
        Thrown t = assertInstanceOf(Thrown.class, seen, () -> "expected an exception, saw " + seen.describe());
        assertEquals(expectedPhase, t.phase(), () -> "phase of " + seen.describe());
        return t.failure();
    }

    /** The first throwable of this type in the cause chain; fails if there is none. */
    static <T extends Throwable> T cause(Throwable failure, Class<T> type) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        throw new AssertionError("no " + type.getSimpleName() + " in the cause chain of " + failure, failure);
    }

    @Nested
    class UnknownHost {
        @Test
        void socketThrowsUnknownHostExceptionNamingTheHost() {
            Throwable e = thrown(RawSocketFailures.unknownHost(), Phase.CONNECTING);
            assertInstanceOf(UnknownHostException.class, e);
            assertTrue(e.getMessage().contains(RawSocketFailures.UNKNOWN_HOST), e.getMessage());
        }

        @Test
        void httpClientThrowsConnectExceptionCausedByUnresolvedAddress() throws Exception {
            Throwable e = thrown(HttpClientFailures.unknownHost(), Phase.UNKNOWN);
            assertInstanceOf(ConnectException.class, e); // not UnknownHostException: look at the cause
            cause(e, UnresolvedAddressException.class);
        }
    }

    @Nested
    class ConnectionRefused {
        @Test
        void socketThrowsConnectExceptionConnectionRefused() throws Exception {
            Throwable e = thrown(RawSocketFailures.connectionRefused(), Phase.CONNECTING);
            assertInstanceOf(ConnectException.class, e);
            assertTrue(e.getMessage().startsWith("Connection refused"), e.getMessage());
        }

        @Test
        void httpClientThrowsConnectException() throws Exception {
            Throwable e = thrown(HttpClientFailures.connectionRefused(), Phase.UNKNOWN);
            assertInstanceOf(ConnectException.class, e); // on JDK 25 without a message, caused by a ClosedChannelException
            for (Throwable t = e; t != null; t = t.getCause()) {
                assertFalse(t instanceof UnresolvedAddressException, "refused, not unknown: " + e);
            }
        }
    }

    @Nested
    class ConnectTimeout {
        @Test
        void aListenerWithAFullAcceptQueueLeavesTheNextConnectUnanswered() throws Exception {
            try (var listener = FullBacklogListener.fill(); var late = new java.net.Socket()) {
                // Linux queues backlog + 1 connections; other kernels may queue more
                assertTrue(listener.queuedConnections() >= FullBacklogListener.BACKLOG,
                        "queued " + listener.queuedConnections());
                assertThrows(SocketTimeoutException.class, () -> late.connect(listener.address(), 200));
            }
        }

        @Test
        void socketThrowsSocketTimeoutExceptionWhileConnecting() throws Exception {
            Throwable e = thrown(RawSocketFailures.connectTimeout(), Phase.CONNECTING);
            assertInstanceOf(SocketTimeoutException.class, e);
            assertTrue(e.getMessage().toLowerCase().contains("connect"), e.getMessage()); // vs "Read timed out"
        }

        @Test
        void httpClientThrowsHttpConnectTimeoutException() throws Exception {
            Throwable e = thrown(HttpClientFailures.connectTimeout(), Phase.UNKNOWN);
            assertInstanceOf(HttpConnectTimeoutException.class, e);
            cause(e, ConnectException.class);
        }
    }

    @Nested
    class ReadTimeout {
        @Test
        void socketThrowsSocketTimeoutExceptionAfterTheRequestWasSent() throws Exception {
            Throwable e = thrown(RawSocketFailures.readTimeout(), Phase.AWAITING_RESPONSE);
            assertInstanceOf(SocketTimeoutException.class, e);
            assertTrue(e.getMessage().toLowerCase().contains("read"), e.getMessage());
        }

        @Test
        void httpClientThrowsHttpTimeoutExceptionButNotTheConnectOne() throws Exception {
            Throwable e = thrown(HttpClientFailures.readTimeout(), Phase.UNKNOWN);
            assertInstanceOf(HttpTimeoutException.class, e);
            assertTrue(!(e instanceof HttpConnectTimeoutException), "the connection was made: " + e);
        }
    }

    @Nested
    class ConnectionReset {
        @Test
        void socketThrowsSocketExceptionConnectionReset() throws Exception {
            Throwable e = thrown(RawSocketFailures.connectionReset(), Phase.AWAITING_RESPONSE);
            assertInstanceOf(SocketException.class, e);
            assertTrue(e.getMessage().startsWith("Connection reset"), e.getMessage());
        }

        @Test
        void httpClientWrapsTheResetInAnIOException() throws Exception {
            assertResetSeenByHttpClient(thrown(HttpClientFailures.connectionReset(), Phase.UNKNOWN));
        }

        @Test
        void httpClientMayRetryAGetOnItsOwnButNeverAPost() throws Exception {
            int get = connectionsMadeBy("GET");
            // JDK 25 tries a GET twice here (it counts as idempotent); a POST is never repeated
            assertTrue(get == 1 || get == 2, "GET reached the peer " + get + " times");
            assertEquals(1, connectionsMadeBy("POST"), "POST is not idempotent: HttpClient tried it once");
        }

        /** A plain IOException: the socket's "Connection reset" as its cause, or, if the reset looked like an EOF, "no bytes". */
        private static void assertResetSeenByHttpClient(Throwable e) {
            assertInstanceOf(IOException.class, e);
            boolean resetCause = false;
            for (Throwable t = e; t != null; t = t.getCause()) {
                resetCause |= t instanceof SocketException && t.getMessage().startsWith("Connection reset");
            }
            assertTrue(resetCause || e.getMessage().contains("received no bytes"), e::toString);
        }

        /** Sends one request to a peer that resets before answering; returns how many connections reached it. */
        private static int connectionsMadeBy(String method) throws Exception {
            try (var peer = LoopbackPeer.start(PeerScripts.resetAfterRequest());
                    HttpClient client = HttpClientFailures.client(ScenarioTimeouts.NOT_TO_TRIP, null)) {
                var request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + peer.port() + "/"))
                        .method(method, HttpRequest.BodyPublishers.ofString("x")).timeout(ScenarioTimeouts.NOT_TO_TRIP).build();
                assertResetSeenByHttpClient(assertThrows(IOException.class,
                        () -> client.send(request, HttpResponse.BodyHandlers.ofString())));
                return peer.connectionsAccepted();
            }
        }
    }

    @Nested
    class EofMidMessage {
        @Test
        void socketReaderThrowsEofExceptionSayingHowMuchArrived() throws Exception {
            Throwable e = thrown(RawSocketFailures.eofMidMessage(), Phase.READING_RESPONSE);
            assertInstanceOf(EOFException.class, e);
            assertTrue(e.getMessage().contains("10 of 100"), e.getMessage());
        }

        @Test
        void httpClientThrowsIOExceptionNamingContentLengthAndBytesReceived() throws Exception {
            Throwable e = thrown(HttpClientFailures.eofMidMessage(), Phase.UNKNOWN);
            assertInstanceOf(IOException.class, e);
            assertTrue(e.getMessage().contains("1000"), e.getMessage()); // the length it was promised
            cause(e, EOFException.class);
        }
    }

    @Nested
    class ResetMidResponse {
        @Test
        void socketThrowsConnectionResetWhileReadingTheResponse() throws Exception {
            Throwable e = thrown(RawSocketFailures.resetMidResponse(), Phase.READING_RESPONSE);
            assertInstanceOf(SocketException.class, e);
            assertTrue(e.getMessage().startsWith("Connection reset"), e.getMessage());
        }

        @Test
        void httpClientThrowsIOExceptionCausedByTheReset() throws Exception {
            Throwable e = thrown(HttpClientFailures.resetMidResponse(), Phase.UNKNOWN);
            assertInstanceOf(IOException.class, e);
            assertTrue(cause(e, SocketException.class).getMessage().startsWith("Connection reset"), e::toString);
        }
    }

    @Nested
    class WriteToClosedPeer {
        static final Set<String> WRITE_ERRORS = Set.of("Broken pipe", "Connection reset by peer", "Connection reset");

        @Test
        void writingAfterThePeerClosedEndsInBrokenPipe() throws Exception {
            Throwable e = thrown(RawSocketFailures.writeToClosedPeer(false), Phase.SENDING);
            assertInstanceOf(SocketException.class, e);
            assertTrue(WRITE_ERRORS.contains(e.getMessage()), e.getMessage()); // Linux: "Broken pipe"
        }

        @Test
        void httpClientReportsAResetDuringTheUploadLikeAResetBeforeTheAnswer() throws Exception {
            Throwable e = thrown(HttpClientFailures.writeToResetPeer(), Phase.UNKNOWN);
            assertInstanceOf(IOException.class, e); // which side noticed first is not in the exception
            boolean lost = false;
            for (Throwable t = e; t != null; t = t.getCause()) {
                // varies from run to run: the read side's SocketException "Connection reset", the
                // write side's plain IOException "Connection reset by peer", or an EOFException
                lost |= t instanceof EOFException || (t.getMessage() != null && WRITE_ERRORS.contains(t.getMessage()));
            }
            assertTrue(lost, e::toString);
        }

        @Test
        void writingAfterThePeerResetEndsInConnectionResetByPeer() throws Exception {
            Throwable e = thrown(RawSocketFailures.writeToClosedPeer(true), Phase.SENDING);
            assertInstanceOf(SocketException.class, e);
            assertTrue(WRITE_ERRORS.contains(e.getMessage()), e.getMessage()); // Linux: "Connection reset by peer"
        }
    }

    @Nested
    class Tls {
        @Test
        void theTrustedLocalhostCertificateHandshakesSoTheFailuresBelowHaveOneCause() throws Exception {
            var pki = LoopbackCertificates.get();
            var listener = pki.serverContext(Identity.LOCALHOST).getServerSocketFactory()
                    .createServerSocket(0, 50, InetAddress.getLoopbackAddress());
            try (var peer = LoopbackPeer.start(listener, PeerScripts.answerAndClose(new byte[] {42}));
                    var socket = (SSLSocket) pki.clientContext().getSocketFactory().createSocket()) {
                var params = socket.getSSLParameters();
                params.setEndpointIdentificationAlgorithm("HTTPS");
                socket.setSSLParameters(params);
                socket.connect(peer.address(), 5_000);
                socket.setSoTimeout(5_000);
                socket.getOutputStream().write(1);
                assertEquals(42, socket.getInputStream().read());
                assertEquals("TLSv1.3", socket.getSession().getProtocol());
            }
            try (var fixture = HttpFixture.https(pki.serverContext(Identity.LOCALHOST));
                    HttpClient client = HttpClientFailures.client(ScenarioTimeouts.NOT_TO_TRIP, pki.clientContext())) {
                var response = client.send(HttpRequest.newBuilder(fixture.uri("/ok")).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertEquals(200, response.statusCode());
            }
        }

        @Test
        void socketRejectsAnUntrustedCertificateDuringTheHandshake() throws Exception {
            assertUntrusted(thrown(RawSocketFailures.tlsUntrustedCertificate(), Phase.CONNECTING));
        }

        @Test
        void httpClientRejectsAnUntrustedCertificate() throws Exception {
            assertUntrusted(thrown(HttpClientFailures.tlsUntrustedCertificate(), Phase.UNKNOWN));
        }

        @Test
        void socketWithEndpointIdentificationRejectsACertificateForAnotherHost() throws Exception {
            assertWrongHost(thrown(RawSocketFailures.tlsWrongHostName(), Phase.CONNECTING));
        }

        @Test
        void httpClientRejectsACertificateForAnotherHost() throws Exception {
            assertWrongHost(thrown(HttpClientFailures.tlsWrongHostName(), Phase.UNKNOWN));
        }

        private static void assertUntrusted(Throwable e) {
            assertInstanceOf(SSLHandshakeException.class, e);
            assertTrue(e.getMessage().contains("PKIX path building failed"), e.getMessage());
            cause(e, CertificateException.class);
        }

        private static void assertWrongHost(Throwable e) {
            assertInstanceOf(SSLHandshakeException.class, e);
            String why = cause(e, CertificateException.class).getMessage();
            assertTrue(why.startsWith("No subject alternative"), why);
        }
    }

    @Nested
    class HttpStatus {
        @Test
        void failingStatusesAreAnswersNotExceptions() throws Exception {
            for (int code : List.of(400, 404, 429, 500, 502, 503, 504)) {
                Answered a = assertInstanceOf(Answered.class, HttpClientFailures.status(code));
                assertEquals(code, a.status());
            }
        }

        @Test
        void throttlingAndUnavailableCarryRetryAfter() throws Exception {
            for (int code : List.of(429, 503)) {
                Answered a = assertInstanceOf(Answered.class, HttpClientFailures.status(code));
                assertEquals(HttpFixture.RETRY_AFTER_SECONDS, a.headers().first("retry-after").orElseThrow());
            }
        }
    }

    @Nested
    class Redirects {
        @Test
        void aRedirectLoopEndsWithTheLastRedirectReturnedAfterFiveRequests() throws Exception {
            var loop = HttpClientFailures.redirectLoop();
            // No exception: HttpClient stops following after jdk.httpclient.redirects.retrylimit
            // (default 5) attempts and hands back the last 302 as if it were the answer.
            Answered a = assertInstanceOf(Answered.class, loop.observation());
            assertEquals(302, a.status());
            assertEquals(5, loop.requestsSent());
        }
    }

    @Nested
    class Malformed {
        @Test
        void socketReaderRejectsAFrameLengthOverTheLimit() throws Exception {
            Throwable e = thrown(RawSocketFailures.malformedFrame(), Phase.READING_RESPONSE);
            assertInstanceOf(FrameTooLargeException.class, e);
            assertEquals("frame of 2147483647 bytes exceeds the 1048576-byte limit", e.getMessage());
        }

        @Test
        void httpClientThrowsProtocolExceptionForABrokenStatusLine() throws Exception {
            Throwable e = thrown(HttpClientFailures.malformedStatusLine(), Phase.UNKNOWN);
            assertInstanceOf(ProtocolException.class, e);
            assertTrue(e.getMessage().contains("HTTP/1.1 abc"), e.getMessage());
        }
    }

    @Nested
    class Corruption {
        @Test
        void httpClientDeliversAFlippedBitWithoutAnyError() throws Exception {
            try (var server = HttpFixture.http(); var proxy = FaultProxy.start(server.uri("/").getPort());
                    HttpClient client = HttpClientFailures.client(ScenarioTimeouts.NOT_TO_TRIP, null)) {
                proxy.setFaults(Faults.downstream(new FlipBit(200, 0))); // inside the body, past the headers
                var response = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + proxy.port() + "/bytes/1000"))
                        .timeout(ScenarioTimeouts.NOT_TO_TRIP).build(), HttpResponse.BodyHandlers.ofByteArray());
                assertEquals(200, response.statusCode());
                byte[] body = response.body();
                assertEquals(1000, body.length);
                int changed = 0;
                for (int i = 0; i < body.length; i++) {
                    changed += body[i] == HttpFixture.patternByte(i) ? 0 : 1;
                }
                assertEquals(1, changed, "one byte arrived changed, and nothing said so");
            }
        }

        @Test
        void socketReaderDetectsAFlippedBitByItsChecksum() throws Exception {
            Throwable e = thrown(RawSocketFailures.corruptFrame(), Phase.READING_RESPONSE);
            var mismatch = assertInstanceOf(ChecksumMismatchException.class, e);
            assertTrue(mismatch.expected() != mismatch.actual());
            assertNotNull(e.getMessage());
        }
    }
}
