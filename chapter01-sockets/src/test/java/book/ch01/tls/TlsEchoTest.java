package book.ch01.tls;

import book.ch01.fixture.TestPki;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import book.ch01.http.HttpClientConfig;
import book.ch01.http.HttpResult;
import book.ch01.http.LoopbackHttpServer;
import book.ch01.http.PlainText;
import book.ch01.http.StatusAwareClient;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

/** TLS 1.3 with the book's test PKI: what succeeds, and each way it fails, in words a person can act on. */
class TlsEchoTest {

    private static final TestPki PKI = TestPki.shared();
    private static final TlsSettings SETTINGS = TlsSettings.DEFAULTS;

    private final BlockingQueue<String> serverLog = new LinkedBlockingQueue<>();

    private TlsEchoServer server(Path keyStore, boolean mutual) throws Exception {
        return TlsEchoServer.start(0, TlsContexts.create(keyStore, PKI.trustStore(), TestPki.PASSWORD), mutual, SETTINGS, serverLog::add);
    }

    private static SSLContext trustingClient() throws Exception {
        return TlsContexts.client(PKI.trustStore(), TestPki.PASSWORD);
    }

    /** The first server log line containing the text, waiting for it if need be. */
    private String serverLogged(String text) throws InterruptedException {
        for (String line; (line = serverLog.poll(10, TimeUnit.SECONDS)) != null; ) {
            if (line.contains(text)) {
                return line;
            }
        }
        throw new AssertionError("the server never logged '" + text + "'");
    }

    @Nested
    class Handshake {

        // tag::success-test[]
        @Test
        void succeedsWithTheRightTrustAndNegotiatesTls13() throws Exception {
            try (TlsEchoServer server = server(PKI.serverKeyStore(), false);
                 TlsEchoClient client = TlsEchoClient.connect(server.port(), trustingClient(), "localhost", SETTINGS)) {

                assertEquals("hello over TLS", client.echo("hello over TLS"));
                assertEquals("TLSv1.3", client.session().getProtocol());
                assertEquals("CN=localhost", client.session().getPeerPrincipal().getName());
            }
        }
        // end::success-test[]
    }

    @Nested
    class Failures {

        // tag::failure-tests[]
        @Test
        void aCertificateFromAnUntrustedCaFailsPkixPathBuilding() throws Exception {
            try (TlsEchoServer server = server(PKI.untrustedServerKeyStore(), false)) {
                SSLHandshakeException e = assertThrows(SSLHandshakeException.class,
                        () -> TlsEchoClient.connect(server.port(), trustingClient(), "localhost", SETTINGS));

                assertTrue(e.getMessage().contains("PKIX path building failed"), e.getMessage());
                assertEquals("certificate not trusted: unable to find valid certification path to requested target",
                        TlsFailure.diagnose(e).toString());
                // The server reads the client's alert, unless it was still writing when the client closed
                String logged = serverLogged("failed with");
                assertTrue(logged.contains("peer rejected our certificate: (certificate_unknown)")
                        || logged.contains("peer closed the connection"), logged);
            }
        }

        @Test
        void aTrustedCertificateForAnotherHostFailsHostnameVerification() throws Exception {
            try (TlsEchoServer server = server(PKI.wrongHostKeyStore(), false)) {
                SSLHandshakeException e = assertThrows(SSLHandshakeException.class,
                        () -> TlsEchoClient.connect(server.port(), trustingClient(), "localhost", SETTINGS));

                assertEquals("host name mismatch: No subject alternative DNS name matching localhost found.",
                        TlsFailure.diagnose(e).toString());
            }
        }
        // end::failure-tests[]

        @Test
        void aClientThatOffersOnlyTls12IsRefusedForNoCommonVersion() throws Exception {
            try (TlsEchoServer server = server(PKI.serverKeyStore(), false);
                 SSLSocket old = (SSLSocket) trustingClient().getSocketFactory()
                         .createSocket(InetAddress.getLoopbackAddress(), server.port())) {
                old.setSoTimeout(10_000);
                old.setEnabledProtocols(new String[] {"TLSv1.2"});

                SSLException e = assertThrows(SSLException.class, old::startHandshake);
                assertEquals(TlsFailure.Kind.NO_COMMON_PROTOCOL, TlsFailure.diagnose(e).kind(), e.toString());
            }
        }

        @Test
        void plainTextIsRecognisedAsNotTlsAndTheServerKeepsServing() throws Exception {
            try (TlsEchoServer server = server(PKI.serverKeyStore(), false)) {
                try (Socket plain = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
                    plain.setSoTimeout(10_000);
                    OutputStream out = plain.getOutputStream();
                    out.write("GET / HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                    assertTrue(serverLogged("failed with").contains("peer does not speak TLS"));
                }
                try (TlsEchoClient client = TlsEchoClient.connect(server.port(), trustingClient(), "localhost", SETTINGS)) {
                    assertEquals("still here", client.echo("still here"));
                }
            }
        }

        @Test
        void aPeerThatNeverSendsAHelloIsDroppedAtTheHandshakeDeadline() throws Exception {
            TlsSettings quick = SETTINGS.withHandshakeTimeout(Duration.ofMillis(300));
            try (TlsEchoServer server = TlsEchoServer.start(0,
                         TlsContexts.create(PKI.serverKeyStore(), PKI.trustStore(), TestPki.PASSWORD), false, quick, serverLog::add);
                 Socket silent = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
                silent.setSoTimeout(10_000);

                silent.getInputStream().readAllBytes(); // returns only once the server has closed
                String logged = serverLogged(":" + silent.getLocalPort());
                assertTrue(logged.endsWith("handshake timed out"), logged);
            }
        }

        @Test
        void aPeerThatTricklesItsHelloIsDroppedAtTheDeadlineNotAfterEveryByte() throws Exception {
            // Each byte arrives well inside the 500 ms a read may wait: only a deadline on the
            // whole handshake stops a hello that would take 517 bytes x 100 ms = 52 s.
            TlsSettings quick = SETTINGS.withHandshakeTimeout(Duration.ofMillis(500));
            byte[] hello = new byte[5 + 512];
            System.arraycopy(new byte[] {0x16, 0x03, 0x01, 0x02, 0x00}, 0, hello, 0, 5); // a 512-byte handshake record
            try (TlsEchoServer server = TlsEchoServer.start(0,
                         TlsContexts.create(PKI.serverKeyStore(), PKI.trustStore(), TestPki.PASSWORD), false, quick, serverLog::add);
                 Socket trickle = new Socket()) {
                trickle.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), server.port()), 10_000);
                trickle.setSoTimeout(100); // the pace: one byte, then wait 100 ms for the server to react
                long start = System.nanoTime();
                int sent = 0;
                boolean closedByServer = false;
                while (!closedByServer && sent < hello.length / 2) {
                    try {
                        trickle.getOutputStream().write(hello[sent++]);
                        closedByServer = trickle.getInputStream().read() == -1;
                    } catch (SocketTimeoutException stillOpen) {
                        // the server is still waiting for the rest of the hello
                    } catch (IOException reset) {
                        closedByServer = true;
                    }
                }
                long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

                assertTrue(closedByServer, "the server let " + sent + " bytes trickle in over " + millis + " ms");
                String logged = serverLogged(":" + trickle.getLocalPort());
                assertTrue(logged.endsWith("handshake timed out"), logged);
            }
        }

        @Test
        void aServerThatTricklesItsAnswerFailsTheClientAtTheHandshakeDeadline() throws Exception {
            TlsSettings quick = SETTINGS.withHandshakeTimeout(Duration.ofMillis(500));
            try (ServerSocket trickler = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                 ExecutorService serving = Executors.newVirtualThreadPerTaskExecutor()) {
                trickler.setSoTimeout(10_000); // the executor's close waits for the task: never forever
                serving.submit(() -> trickleARecord(trickler));

                var e = assertThrows(SocketTimeoutException.class,
                        () -> TlsEchoClient.connect(trickler.getLocalPort(), trustingClient(), "localhost", quick));

                assertEquals(TlsFailure.Kind.TIMEOUT, TlsFailure.diagnose(e).kind(), e.toString());
            }
        }
    }

    /**
     * A peer that answers a TLS hello with the header of a 512-byte handshake record and then one
     * byte of it per 100 ms, each well inside the other side's read timeout, until that side
     * hangs up: 52 s for the whole record, if nothing but read timeouts bounded the handshake.
     */
    private static Void trickleARecord(ServerSocket listener) throws IOException {
        byte[] record = new byte[5 + 512];
        System.arraycopy(new byte[] {0x16, 0x03, 0x03, 0x02, 0x00}, 0, record, 0, 5);
        try (Socket peer = listener.accept()) {
            peer.setSoTimeout(100); // the pace: one byte, then wait 100 ms to hear from the other side
            byte[] heard = new byte[16 * 1024];
            for (byte b : record) {
                peer.getOutputStream().write(b);
                try {
                    if (peer.getInputStream().read(heard) < 0) {
                        return null; // it hung up
                    }
                } catch (SocketTimeoutException stillThere) {
                    // it is still waiting for the rest of the record
                }
            }
        } catch (SocketException hungUp) {
            // a reset: it hung up
        }
        return null;
    }

    @Nested
    class Limits {

        @Test
        void aBusyClientIsClosedAtTheMaximumConnectionAgeWhichTheReadTimeoutCannotDo() throws Exception {
            TlsSettings shortLived = SETTINGS.withMaxConnectionAge(Duration.ofMillis(500));
            try (TlsEchoServer server = TlsEchoServer.start(0,
                    TlsContexts.create(PKI.serverKeyStore(), PKI.trustStore(), TestPki.PASSWORD), false, shortLived, serverLog::add)) {
                long start = System.nanoTime();                     // before the connect: the age counts from accept
                try (TlsEchoClient client = TlsEchoClient.connect(server.port(), trustingClient(), "localhost", SETTINGS)) {
                    IOException closed = null;
                    for (int i = 0; closed == null && i < 1_000_000
                            && System.nanoTime() - start < TimeUnit.SECONDS.toNanos(10); i++) {
                        try {                                       // never silent, so never a read timeout
                            assertEquals("line " + i, client.echo("line " + i));
                        } catch (IOException e) {
                            closed = e;
                        }
                    }
                    long elapsedMillis = (System.nanoTime() - start) / 1_000_000;

                    assertTrue(closed != null, "the server kept a busy client past its maximum age");
                    assertTrue(elapsedMillis >= 500, "closed after " + elapsedMillis + " ms, before the maximum age");
                    assertTrue(serverLogged("older than the maximum age of 500 ms").contains("closed"));
                }
            }
        }
    }

    @Nested
    class MutualTls {

        @Test
        void aClientWithACertificateFromTheTrustedCaIsServedAndNamed() throws Exception {
            SSLContext withCertificate = TlsContexts.create(PKI.clientKeyStore(), PKI.trustStore(), TestPki.PASSWORD);
            try (TlsEchoServer server = server(PKI.serverKeyStore(), true);
                 TlsEchoClient client = TlsEchoClient.connect(server.port(), withCertificate, "localhost", SETTINGS)) {

                assertEquals("mutual", client.echo("mutual"));
                assertTrue(serverLogged("handshake with").contains("client CN=book-client"));
            }
        }

        // tag::mtls-test[]
        @RepeatedTest(5) // the alert races the client's write: repeated so both orders get exercised
        void aClientWithoutACertificateLearnsOfTheRefusalOnlyAfterItsHandshake() throws Exception {
            try (TlsEchoServer server = server(PKI.serverKeyStore(), true);
                 // TLS 1.3: the client's handshake is done once it has sent its (empty) certificate
                 TlsEchoClient client = TlsEchoClient.connect(server.port(), trustingClient(), "localhost", SETTINGS)) {

                SSLException e = assertThrows(SSLException.class, () -> client.echo("let me in"));

                TlsFailure failure = TlsFailure.diagnose(e);
                assertEquals(TlsFailure.Kind.CLIENT_CERTIFICATE_REQUIRED, failure.kind());
                assertTrue(failure.toString().startsWith("peer required a client certificate: "), failure.toString());
                assertTrue(failure.detail().contains("Received fatal alert: certificate_required"), failure.detail());
                String logged = serverLogged("failed with");
                assertTrue(logged.contains("client sent no certificate"), logged);
            }
        }
        // end::mtls-test[]
    }

    @Nested
    class Https {

        // tag::https-test[]
        @Test
        void httpClientTrustsTheServerThroughItsOwnSslContext() throws Exception {
            SSLContext serverContext = TlsContexts.create(PKI.serverKeyStore(), PKI.trustStore(), TestPki.PASSWORD);
            try (LoopbackHttpServer server = LoopbackHttpServer.builder()
                         .tls(new Tls13HttpsConfigurator(serverContext, false))
                         .route("/hello", exchange -> PlainText.send(exchange, 200, "hello over https\n")).start();
                 StatusAwareClient client = new StatusAwareClient(
                         HttpClientConfig.DEFAULTS.withSslContext(TlsContexts.client(PKI.trustStore(), TestPki.PASSWORD)))) {

                assertEquals(new HttpResult.Success(200, "hello over https\n"), client.get(server.uri("/hello")));
            }
        }
        // end::https-test[]

        @Test
        void httpClientRefusesAServerCertificateThatDoesNotNameTheAddress() throws Exception {
            SSLContext wrongHost = TlsContexts.create(PKI.wrongHostKeyStore(), PKI.trustStore(), TestPki.PASSWORD);
            try (LoopbackHttpServer server = LoopbackHttpServer.builder()
                         .tls(new Tls13HttpsConfigurator(wrongHost, false))
                         .route("/hello", exchange -> PlainText.send(exchange, 200, "hello\n")).start();
                 StatusAwareClient client = new StatusAwareClient(
                         HttpClientConfig.DEFAULTS.withSslContext(TlsContexts.client(PKI.trustStore(), TestPki.PASSWORD)))) {

                SSLHandshakeException e = assertThrows(SSLHandshakeException.class, () -> client.get(server.uri("/hello")));
                assertEquals("host name mismatch: No subject alternative names matching IP address 127.0.0.1 found",
                        TlsFailure.diagnose(e).toString());
            }
        }

        @Test
        void httpClientWithTheJdkDefaultTrustRefusesTheTestCa() throws Exception {
            SSLContext serverContext = TlsContexts.create(PKI.serverKeyStore(), PKI.trustStore(), TestPki.PASSWORD);
            try (LoopbackHttpServer server = LoopbackHttpServer.builder()
                         .tls(new Tls13HttpsConfigurator(serverContext, false))
                         .route("/hello", exchange -> PlainText.send(exchange, 200, "hello\n")).start();
                 StatusAwareClient client = new StatusAwareClient(HttpClientConfig.DEFAULTS)) {

                SSLHandshakeException e = assertThrows(SSLHandshakeException.class, () -> client.get(server.uri("/hello")));
                assertEquals(TlsFailure.Kind.UNTRUSTED_CERTIFICATE, TlsFailure.diagnose(e).kind());
            }
        }
    }
}
