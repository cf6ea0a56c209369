package book.ch03.reliable;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import book.ch03.cli.CommandLine;
import book.ch03.cli.UsageException;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReliableUdpProgramTest {

    @Test
    void printsOneIntactRowPerLossRate() throws Exception {
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        List<LossExperiment.Row> rows = ReliableUdpProgram.run(List.of(0.0, 0.2), 0.01, 0.01, 50_000, 3,
                new PrintStream(log, true, StandardCharsets.UTF_8));
        assertEquals(2, rows.size());
        assertTrue(rows.stream().allMatch(LossExperiment.Row::intact));
        String table = log.toString(StandardCharsets.UTF_8);
        assertTrue(table.contains("| 0.20 | 50 |"), table);
        assertEquals(2, table.lines().filter(l -> l.endsWith("| equal |")).count(), table);
    }

    @Test
    void lossOutsideTheRangeIsAUsageError() throws Exception {
        ReliableUdpProgram program = new ReliableUdpProgram();
        CommandLine cmd = CommandLine.parse(program.name(), program.options(), "--loss", "0.1,0.9");
        var e = assertThrows(UsageException.class, () -> program.run(cmd));
        assertEquals("option --loss '0.9' is out of range 0.0..0.5", e.getMessage());
    }
}
