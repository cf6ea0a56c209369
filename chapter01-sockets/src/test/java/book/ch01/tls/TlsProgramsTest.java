package book.ch01.tls;

import book.ch01.fixture.TestPki;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import book.ch01.http.HttpClientConfig;
import book.ch01.http.HttpResult;
import book.ch01.http.LoopbackHttpServer;
import book.ch01.http.StatusAwareClient;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.List;
import book.ch01.cli.UsageException;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.Test;

/** tls-echo-server and tls-echo-client against each other on loopback, sharing the test PKI directory. */
class TlsProgramsTest {

    private static final TestPki PKI = TestPki.shared();
    private static final Path PKI_DIR = PKI.directory(); // reused, not regenerated

    private final ByteArrayOutputStream serverOutput = new ByteArrayOutputStream();
    private final PrintStream serverOut = new PrintStream(serverOutput, true, StandardCharsets.UTF_8);
    private final PrintStream clientOut = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);

    @Test
    void theServerPrintsWhereItListensAndWhereTheCaIsAndTheClientGetsItsEcho() throws Exception {
        try (TlsEchoServer server = TlsEchoServerProgram.start(0, false, PKI_DIR, serverOut)) {
            String printed = serverOutput.toString(StandardCharsets.UTF_8);
            assertTrue(printed.contains("listening on 127.0.0.1:" + server.port()), printed);
            assertTrue(printed.contains("-CAfile " + PKI_DIR.resolve("ca.pem")), printed);

            assertEquals("hi", TlsEchoClientProgram.echo(server.port(), PKI, "localhost", "hi", false, clientOut));
        }
    }

    @Test
    void withMtlsTheClientNeedsItsCertificate() throws Exception {
        try (TlsEchoServer server = TlsEchoServerProgram.start(0, true, PKI_DIR, serverOut)) {
            assertEquals("hi", TlsEchoClientProgram.echo(server.port(), PKI, "localhost", "hi", true, clientOut));

            IOException e = assertThrows(IOException.class,
                    () -> TlsEchoClientProgram.echo(server.port(), PKI, "localhost", "hi", false, clientOut));
            assertTrue(e.getMessage().startsWith("peer required a client certificate"), e.getMessage());
        }
    }

    @Test
    void aServerNameTheCertificateDoesNotCarryIsReportedInOneLine() throws Exception {
        try (TlsEchoServer server = TlsEchoServerProgram.start(0, false, PKI_DIR, serverOut)) {
            IOException e = assertThrows(IOException.class,
                    () -> TlsEchoClientProgram.echo(server.port(), PKI, "wrong.example", "hi", false, clientOut));
            assertEquals("host name mismatch: No subject alternative DNS name matching wrong.example found.", e.getMessage());
        }
    }

    @Test
    void theHttpsServerAnswersAClientThatTrustsTheTestCaAndPrintsTheCurlCommand() throws Exception {
        try (LoopbackHttpServer server = HttpsServerProgram.start(0, false, PKI_DIR, serverOut);
             StatusAwareClient client = new StatusAwareClient(
                     HttpClientConfig.DEFAULTS.withSslContext(TlsContexts.client(TestPki.shared().trustStore(), TestPki.PASSWORD)))) {
            assertTrue(serverOutput.toString(StandardCharsets.UTF_8).contains(
                    "try: curl --cacert " + PKI_DIR.resolve("ca.pem") + " https://localhost:" + server.port() + "/hello"));

            assertEquals(new HttpResult.Success(200, "hello\n"), client.get(server.uri("/hello")));
        }
    }

    @Test
    void theClientNeverWritesKeyMaterialIntoAWrongFolderAndSaysItHoldsNoPki(@TempDir Path wrong) throws Exception {
        UsageException e = assertThrows(UsageException.class,
                () -> TlsEchoClientProgram.existingPki(wrong.toString(), false));
        assertEquals("option --pki-dir '" + wrong + "' holds no test PKI (no truststore.p12 in " + wrong
                + "): give the folder the TLS server printed", e.getMessage());
        try (var files = Files.list(wrong)) {
            assertEquals(0, files.count(), "nothing written");
        }
        assertEquals("option --pki-dir '" + wrong.resolve("none") + "' is not a directory", assertThrows(UsageException.class,
                () -> TlsEchoClientProgram.existingPki(wrong.resolve("none").toString(), false)).getMessage());
    }

    @Test
    void aRefusedConnectIsReportedAsRefusedNotAsAClosedPeer() throws Exception {
        int closedPort;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = probe.getLocalPort(); // closed below: nothing listens there any more
        }
        IOException e = assertThrows(IOException.class,
                () -> TlsEchoClientProgram.echo(closedPort, PKI, "localhost", "hi", false, clientOut));
        assertTrue(e.getMessage().startsWith("connection refused (no server on that port): "), e.getMessage());
    }

    @Test
    void withMtlsTheHttpsServerPrintsACurlHintWithTheClientCertificateAndLogsEachHandshake() throws Exception {
        try (LoopbackHttpServer server = HttpsServerProgram.start(0, true, PKI_DIR, serverOut);
             StatusAwareClient client = new StatusAwareClient(HttpClientConfig.DEFAULTS.withSslContext(
                     TlsContexts.create(PKI.clientKeyStore(), PKI.trustStore(), TestPki.PASSWORD)))) {
            String printed = serverOutput.toString(StandardCharsets.UTF_8);
            assertTrue(printed.contains("try: curl --cacert " + PKI.caPem() + " --cert " + PKI.clientCertPem()
                    + " --key " + PKI.clientKeyPem() + " https://localhost:" + server.port() + "/hello"), printed);
            assertTrue(Files.readString(PKI.clientKeyPem()).startsWith("-----BEGIN PRIVATE KEY-----\n"));
            assertTrue(Files.readString(PKI.clientCertPem()).startsWith("-----BEGIN CERTIFICATE-----\n"));

            assertEquals(new HttpResult.Success(200, "hello\n"), client.get(server.uri("/hello")));
            assertEquals(new HttpResult.Success(200, "hello\n"), client.get(server.uri("/hello")));

            List<String> handshakes = serverOutput.toString(StandardCharsets.UTF_8).lines()
                    .filter(l -> l.startsWith("handshake with ")).toList();
            assertEquals(1, handshakes.size(), "one line per handshake, not per request: " + handshakes);
            assertTrue(handshakes.get(0).matches("handshake with /127\\.0\\.0\\.1:\\d+: TLSv1\\.3 TLS_\\w+, "
                    + "client certificate CN=book-client"), handshakes.get(0));
        }
    }

    @Test
    void thePlainEchoClientPointedAtTheTlsPortComparesTheContentAndFails() throws Exception {
        try (TlsEchoServer server = TlsEchoServerProgram.start(0, false, PKI_DIR, serverOut)) {
            var out = new ByteArrayOutputStream();
            var err = new ByteArrayOutputStream();
            int code = book.ch01.MainAccess.run(new String[] {"echo-client", "--port", String.valueOf(server.port()),
                    "--message", "hello", "--timeout", "5s"}, out, err);
            assertEquals(1, code, err.toString(StandardCharsets.UTF_8));
            assertTrue(err.toString(StandardCharsets.UTF_8).startsWith(
                    "error: echo-client failed: java.io.IOException: the answer is not an echo: "), err.toString());
        }
    }
}
