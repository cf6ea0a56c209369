package book.ch01.transfer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import book.ch01.cli.UsageException;
import book.ch01.cli.RunningProgram;
import org.junit.jupiter.api.Test;

/** The transfer programs, run as the launcher runs them, on loopback. */
class TransferProgramsTest {

    private static final String RESULT = "sent ([0-9,]+) bytes in [0-9.]+ ms: [0-9.]+ MB/s \\([0-9.]+ Mbit/s\\)";

    @Test
    void transferStartsItsOwnSinkWhenGivenNoPortAndRepeatsOnRequest() throws Exception {
        try (var transfer = RunningProgram.start(TransferProgram::new, "--bytes", "5000000", "--repeat", "3")) {
            transfer.awaitEnd();

            assertEquals("5,000,000", transfer.awaitLine(RESULT).group(1));
            assertEquals(3, transfer.lines().stream().filter(line -> line.matches(RESULT)).count());
        }
    }

    @Test
    void transferSendsToARunningSinkServerWhichCountsTheBytes() throws Exception {
        try (var sink = RunningProgram.start(SinkServerProgram::new)) {
            int port = sink.awaitPort();
            try (var transfer = RunningProgram.start(TransferProgram::new,
                    "--port", String.valueOf(port), "--bytes", "300000", "--chunk", "1000", "--rate", "1000000")) {
                transfer.awaitEnd();
                assertEquals("300,000", transfer.awaitLine(RESULT).group(1));
                transfer.awaitLine(java.util.regex.Pattern.quote(
                        "paced at 1,000,000 B/s in bursts of 1,000 bytes: (size - burst) / rate predicts 0.299 s"));
            }
            sink.stop(); // as Ctrl-C would

            assertEquals("received 300000 bytes on 1 connections", sink.lines().getLast());
        }
    }

    @Test
    void refusesAPacedRunThatWouldTakeLongerThanTenMinutes() throws Exception {
        try (var transfer = RunningProgram.start(TransferProgram::new, "--bytes", "1000000000", "--rate", "1000")) {
            var e = assertThrows(UsageException.class, transfer::awaitEnd);
            assertEquals("--bytes 1000000000 at --rate 1000 would take longer than 10 minutes", e.getMessage());
        }
    }
}
