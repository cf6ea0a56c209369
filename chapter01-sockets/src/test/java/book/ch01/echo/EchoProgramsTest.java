package book.ch01.echo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import book.ch01.Main;
import book.ch01.cli.CommandLine;
import book.ch01.cli.RunningProgram;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class EchoProgramsTest {

    @Test
    void echoServerServesTheEchoClientAndStopsGracefully() throws Exception {
        try (RunningProgram server = RunningProgram.start(EchoServerProgram::new, "--port", "0",
                "--max-connections", "4", "--read-timeout", "5s")) {
            int port = server.awaitPort();
            assertEquals("hello\n", runClient(port, "", "--message", "hello"));
            assertEquals("line one\nline two\n", runClient(port, "line one\nline two\n"));
            server.stop();
            String stopped = server.awaitLine("^stopped: .*").group();
            assertTrue(stopped.startsWith("stopped: ServerStats[accepted=2"), stopped);
        }
    }

    @Test
    void aBadOptionValueIsAOneLineErrorNamingItFollowedByTheUsage() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(new String[] {"echo-server", "--read-timeout", "0s"},
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(2, code);
        assertTrue(err.toString(StandardCharsets.UTF_8).startsWith(
                "error: option --read-timeout '0s' is out of range 1ms..24h\nusage: "), err::toString);
    }

    @Test
    void aZeroTimeoutIsAUsageErrorNotAClientThatWaitsForever() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(new String[] {"echo-client", "--port", "1", "--timeout", "0s"},
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(2, code);
        assertTrue(err.toString(StandardCharsets.UTF_8).startsWith(
                "error: option --timeout '0s' is out of range 1ms..1h\nusage: "), err::toString);
    }

    private static String runClient(int port, String stdin, String... extra) throws Exception {
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        EchoClientProgram client = new EchoClientProgram(
                new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(output, true, StandardCharsets.UTF_8));
        String[] args = new String[extra.length + 2];
        args[0] = "--port";
        args[1] = String.valueOf(port);
        System.arraycopy(extra, 0, args, 2, extra.length);
        client.run(CommandLine.parse(client.name(), client.options(), args));
        return output.toString(StandardCharsets.UTF_8);
    }
}
