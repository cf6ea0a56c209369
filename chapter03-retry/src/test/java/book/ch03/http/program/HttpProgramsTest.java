package book.ch03.http.program;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import book.ch03.cli.CommandLine;
import book.ch03.cli.UsageException;
import book.ch03.fixture.ScriptedHttpServer;
import book.ch03.retry.FakeClock;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class HttpProgramsTest {

    private final ByteArrayOutputStream serverLog = new ByteArrayOutputStream();
    private final ByteArrayOutputStream clientLog = new ByteArrayOutputStream();

    private ScriptedHttpServer flakyServer(String... args) throws Exception {
        FlakyServerProgram program = new FlakyServerProgram();
        return program.start(CommandLine.parse(program.name(), program.options(), args),
                new PrintStream(serverLog, true, StandardCharsets.UTF_8));
    }

    private int retryGet(int port, String... more) throws Exception {
        RetryGetProgram program = new RetryGetProgram();
        String[] args = new String[more.length + 2];
        args[0] = "--port";
        args[1] = Integer.toString(port);
        System.arraycopy(more, 0, args, 2, more.length);
        return program.run(CommandLine.parse(program.name(), program.options(), args),
                new PrintStream(clientLog, true, StandardCharsets.UTF_8), new FakeClock(0).sleeper());
    }

    @Nested
    class FlakyServerAndRetryGet {

        @Test
        void theClientRidesOutTheScriptedFailuresAndNarratesThem() throws Exception {
            try (ScriptedHttpServer server = flakyServer("--script", "503,drop,drop,429", "--retry-after", "1")) {
                assertTrue(serverLog.toString(StandardCharsets.UTF_8).contains("listening on 127.0.0.1:" + server.port()));
                assertEquals(200, retryGet(server.port()));
                assertEquals(5, server.seen().size(), "503, drop (resent by the JDK client), drop, 429, 200");
            }
            String narration = clientLog.toString(StandardCharsets.UTF_8);
            assertTrue(narration.contains("attempt 1: RETRYING"), narration);
            assertTrue(narration.contains("attempt 2: RETRYING") && narration.contains("header parser received no bytes"),
                    narration);
            assertTrue(narration.contains("Retry-After '1'"), narration);
            assertTrue(narration.contains("final answer: 200"), narration);
            assertTrue(serverLog.toString(StandardCharsets.UTF_8).contains("request 2: drop"));
        }

        @Test
        void theClientGivesUpAfterItsRetriesAndShowsTheLastAnswer() throws Exception {
            try (ScriptedHttpServer server = flakyServer("--fail-for", "1m")) {
                assertEquals(503, retryGet(server.port(), "--retries", "2"));
                assertEquals(3, server.seen().size());
            }
            assertTrue(clientLog.toString(StandardCharsets.UTF_8).contains("ATTEMPTS_EXHAUSTED"));
        }

        @Test
        void aBadScriptIsAUsageErrorNamingTheToken() {
            UsageException e = assertThrows(UsageException.class, () -> flakyServer("--script", "503,oops"));
            assertEquals("option --script 'oops' is not a status (100-599) or 'drop'", e.getMessage());
        }
    }
}
