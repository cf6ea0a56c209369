package book.ch01.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The http-server and http-client programs, run against each other on loopback. */
class HttpProgramsTest {

    private final ByteArrayOutputStream serverOutput = new ByteArrayOutputStream();
    private final ByteArrayOutputStream clientOutput = new ByteArrayOutputStream();

    private PrintStream serverOut() {
        return new PrintStream(serverOutput, true, StandardCharsets.UTF_8);
    }

    private String client(int port, String path, int requests, boolean fresh) throws InterruptedException {
        HttpClientProgram.fetch(port, path, Duration.ofSeconds(5), requests, fresh,
                new PrintStream(clientOutput, true, StandardCharsets.UTF_8));
        return clientOutput.toString(StandardCharsets.UTF_8);
    }

    @Nested
    class ServerAndClient {

        @Test
        void theServerAnnouncesItsPortAndTheReusingClientUsesOneConnection() throws Exception {
            try (LoopbackHttpServer server = HttpServerProgram.start(0, 1024, serverOut())) {
                String out = client(server.port(), "/hello", 3, false);

                assertTrue(serverOutput.toString(StandardCharsets.UTF_8)
                        .startsWith("listening on 127.0.0.1:" + server.port() + "\n"));
                assertTrue(out.contains("#3 200 ok: hello"), out);
                assertTrue(out.endsWith("3 of 3 requests succeeded, all over one reused client\n"), out);
                assertEquals(1, server.distinctConnections());
                assertEquals(1, serverOutput.toString(StandardCharsets.UTF_8).lines()
                        .filter(l -> l.startsWith("new connection from /127.0.0.1:")).count());
            }
        }

        @Test
        void withFreshTheClientOpensAConnectionPerRequest() throws Exception {
            try (LoopbackHttpServer server = HttpServerProgram.start(0, 1024, serverOut())) {
                String out = client(server.port(), "/hello", 3, true);

                assertTrue(out.endsWith("3 of 3 requests succeeded, each over a new client\n"), out);
                assertEquals(3, server.distinctConnections());
            }
        }

        @Test
        void theClientProgramExitsWithAFailureWhenAnyRequestDidNotSucceed() throws Exception {
            try (LoopbackHttpServer server = HttpServerProgram.start(0, 1024, serverOut())) {
                var err = new ByteArrayOutputStream();
                int code = book.ch01.Main.run(new String[] {"http-client", "--port", String.valueOf(server.port()),
                        "--path", "/status?code=503"}, new PrintStream(clientOutput, true, StandardCharsets.UTF_8),
                        new PrintStream(err, true, StandardCharsets.UTF_8));

                assertEquals(1, code);
                assertEquals("error: http-client failed: java.io.IOException: 1 of 1 requests did not succeed",
                        err.toString(StandardCharsets.UTF_8).strip());
            }
        }

        @Test
        void theClientReportsEachStatusClassInItsOwnWords() throws Exception {
            try (LoopbackHttpServer server = HttpServerProgram.start(0, 1024, serverOut())) {
                assertTrue(client(server.port(), "/status?code=503", 1, false)
                        .contains("#1 503 server error, may retry: status 503"));
                assertTrue(client(server.port(), "/status?code=404", 1, false)
                        .contains("#1 404 client error, do not retry as is: status 404"));
                assertTrue(client(server.port(), "/status?code=301", 1, false)
                        .contains("#1 301 redirect to /hello"));
            }
        }
    }

    @Test
    void describeNamesTheOutcomeOfEveryStatusClass() {
        assertEquals("302 redirect to (no Location)",
                HttpClientProgram.describe(new HttpResult.Redirect(302, Optional.empty(), "")));
        assertEquals("600 unexpected status: odd", HttpClientProgram.describe(new HttpResult.Unexpected(600, "odd\n")));
    }
}
