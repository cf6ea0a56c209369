package book.ch01.framing;

import static org.junit.jupiter.api.Assertions.assertTrue;

import book.ch01.cli.CommandLine;
import book.ch01.cli.RunningProgram;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class FramedEchoProgramsTest {

    @Test
    void framedEchoServerServesTheFramedEchoClientAndStopsGracefully() throws Exception {
        try (RunningProgram server = RunningProgram.start(FramedEchoServerProgram::new, "--max-frame", "4096")) {
            ByteArrayOutputStream output = new ByteArrayOutputStream();
            FramedEchoClientProgram client = new FramedEchoClientProgram(new PrintStream(output, true, StandardCharsets.UTF_8));
            client.run(CommandLine.parse(client.name(), client.options(),
                    "--port", String.valueOf(server.awaitPort()), "--count", "200", "--size", "64", "--max-frame", "4096"));
            String report = output.toString(StandardCharsets.UTF_8);
            assertTrue(report.startsWith("200 frames of 64 bytes echoed and verified; round trip median "), report);
            server.stop();
            String stopped = server.awaitLine("^stopped: .*").group();
            assertTrue(stopped.startsWith("stopped: ServerStats[accepted=1"), stopped);
        }
    }
}
