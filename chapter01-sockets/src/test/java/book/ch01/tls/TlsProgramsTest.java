package book.ch01.tls;

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
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** tls-echo-server and tls-echo-client against each other on loopback, sharing the test PKI directory. */
class TlsProgramsTest {

    private static final Path PKI_DIR = TestPki.shared().directory(); // reused, not regenerated

    private final ByteArrayOutputStream serverOutput = new ByteArrayOutputStream();
    private final PrintStream serverOut = new PrintStream(serverOutput, true, StandardCharsets.UTF_8);
    private final PrintStream clientOut = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);

    @Test
    void theServerPrintsWhereItListensAndWhereTheCaIsAndTheClientGetsItsEcho() throws Exception {
        try (TlsEchoServer server = TlsEchoServerProgram.start(0, false, PKI_DIR, serverOut)) {
            String printed = serverOutput.toString(StandardCharsets.UTF_8);
            assertTrue(printed.contains("listening on 127.0.0.1:" + server.port()), printed);
            assertTrue(printed.contains("-CAfile " + PKI_DIR.resolve("ca.pem")), printed);

            assertEquals("hi", TlsEchoClientProgram.echo(server.port(), PKI_DIR, "localhost", "hi", false, clientOut));
        }
    }

    @Test
    void withMtlsTheClientNeedsItsCertificate() throws Exception {
        try (TlsEchoServer server = TlsEchoServerProgram.start(0, true, PKI_DIR, serverOut)) {
            assertEquals("hi", TlsEchoClientProgram.echo(server.port(), PKI_DIR, "localhost", "hi", true, clientOut));

            IOException e = assertThrows(IOException.class,
                    () -> TlsEchoClientProgram.echo(server.port(), PKI_DIR, "localhost", "hi", false, clientOut));
            assertTrue(e.getMessage().startsWith("peer required a client certificate"), e.getMessage());
        }
    }

    @Test
    void aServerNameTheCertificateDoesNotCarryIsReportedInOneLine() throws Exception {
        try (TlsEchoServer server = TlsEchoServerProgram.start(0, false, PKI_DIR, serverOut)) {
            IOException e = assertThrows(IOException.class,
                    () -> TlsEchoClientProgram.echo(server.port(), PKI_DIR, "wrong.example", "hi", false, clientOut));
            assertEquals("host name mismatch: No subject alternative DNS name matching wrong.example found.", e.getMessage());
        }
    }

    @Test
    void theHttpsServerAnswersAClientThatTrustsTheTestCaAndPrintsTheCurlCommand() throws Exception {
        try (LoopbackHttpServer server = HttpsServerProgram.start(0, false, PKI_DIR, serverOut);
             StatusAwareClient client = new StatusAwareClient(
                     HttpClientConfig.DEFAULTS.withSslContext(TlsContexts.client(TestPki.shared().trustStore())))) {
            assertTrue(serverOutput.toString(StandardCharsets.UTF_8).contains(
                    "try: curl --cacert " + PKI_DIR.resolve("ca.pem") + " https://localhost:" + server.port() + "/hello"));

            assertEquals(new HttpResult.Success(200, "hello\n"), client.get(server.uri("/hello")));
        }
    }
}
