package book.ch05.detect;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import book.ch05.chart.SvgLineChart;
import book.ch05.cli.CommandLine;
import book.ch05.cli.UsageException;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class DetectorsProgramTest {

    private final DetectorsProgram program = new DetectorsProgram();

    private String run(String... args) throws Exception {
        var out = new ByteArrayOutputStream();
        program.run(CommandLine.parse(program.name(), program.options(), args),
                new PrintStream(out, true, StandardCharsets.UTF_8));
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void printsOneRowPerSettingAndDrawsTheChart(@TempDir Path dir) throws Exception {
        Path svg = dir.resolve("detectors.svg");
        String out = run("--beats", "1000", "--out", svg.toString());
        int rows = DetectorsProgram.TIMEOUTS_IN_INTERVALS.length + 2 * DetectorsProgram.THRESHOLDS.length;
        assertEquals(3 + rows + 1, out.lines().count(), out);
        assertTrue(out.startsWith("trace: "), out);
        assertTrue(out.contains("fixed timeout                  150 "), out);
        assertTrue(out.contains("phi accrual, pause 800 ms      8.0 "), out);
        String chart = Files.readString(svg);
        assertTrue(chart.startsWith("<svg") && chart.strip().endsWith("</svg>"), chart);
        assertEquals(3, chart.split("<polyline").length - 1, "one line per detector family");
        assertTrue(out.endsWith("wrote " + svg.toAbsolutePath() + System.lineSeparator()), out);
    }

    @Test
    void theSameSeedGivesTheSameTable() throws Exception {
        assertEquals(run("--beats", "500", "--seed", "42"), run("--beats", "500", "--seed", "42"));
    }

    @Test
    void aFixedTimeoutDetectsAfterExactlyItsTimeoutAndTheAcceptablePauseForgivesThePause() throws Exception {
        String out = run("--beats", "1000");
        assertTrue(out.lines().anyMatch(l -> l.matches("fixed timeout +1000 +0 +0 +1000 +1000 +1000")), out);
        assertTrue(out.lines().anyMatch(l -> l.matches("phi accrual, pause 800 ms +8\\.0 +0 +0 .*")), out);
    }

    @Test
    void refusesAnOutputPathWhoseFolderIsMissingBeforeAnyWork(@TempDir Path dir) {
        String missing = dir.resolve("no-such-folder/x.svg").toString();
        UsageException e = assertThrows(UsageException.class, () -> run("--out", missing, "--beats", "100000"));
        assertEquals("option --out '" + missing + "': folder " + dir.resolve("no-such-folder") + " does not exist",
                e.getMessage());
    }

    @Test
    void refusesAnOutputPathThatIsAFolder(@TempDir Path dir) {
        UsageException e = assertThrows(UsageException.class, () -> run("--out", dir.toString()));
        assertEquals("option --out '" + dir + "' is a folder, not a file", e.getMessage());
    }

    @Test
    void refusesAnUnwritableFolder(@TempDir Path dir) throws Exception {
        Path locked = Files.createDirectory(dir.resolve("locked"));
        assertTrue(locked.toFile().setWritable(false, false));
        try {
            org.junit.jupiter.api.Assumptions.assumeFalse(Files.isWritable(locked), "running as root: everything is writable");
            UsageException e = assertThrows(UsageException.class, () -> run("--out", locked.resolve("x.svg").toString()));
            assertEquals("option --out '" + locked.resolve("x.svg") + "': folder " + locked + " is not writable",
                    e.getMessage());
        } finally {
            locked.toFile().setWritable(true, false);
        }
    }

    @Test
    void refusesAnInvalidPath() {
        UsageException e = assertThrows(UsageException.class, () -> run("--out", "bad\u0000name"));
        assertEquals("option --out 'bad\u0000name' is not a valid path", e.getMessage());
    }

    @Test
    void tabulatesAndChartsEachFamilyFromItsResults() {
        long ms = 1_000_000;
        java.util.function.Function<book.ch05.time.Ticker, FailureDetector> any = t -> new FixedTimeoutDetector(
                java.time.Duration.ofSeconds(1), t);
        List<DetectorsProgram.Row> rows = List.of(
                new DetectorsProgram.Row(new DetectorsProgram.Setting("fixed timeout", "300 ms", 300, any),
                        new DetectorTrial.Result(2, 827 * ms + 999_999, new long[] {300 * ms, 300 * ms})),
                new DetectorsProgram.Row(new DetectorsProgram.Setting("fixed timeout", "150 ms", 150, any),
                        new DetectorTrial.Result(107, 3_797 * ms, new long[] {150 * ms})),
                new DetectorsProgram.Row(new DetectorsProgram.Setting("phi accrual", "phi 8.0", 8, any),
                        new DetectorTrial.Result(0, 0, new long[] {100 * ms, 200 * ms, 600 * ms})));
        HeartbeatTrace trace = new HeartbeatTrace(new long[] {0, 100 * ms}, HeartbeatTrace.Scenario.DEFAULT);
        assertEquals(List.of(
                "fixed timeout                  300               2          827        300        300        300",
                "fixed timeout                  150             107         3797        150        150        150",
                "phi accrual                    8.0               0            0        200        300        600"),
                DetectorsProgram.table(trace, rows).lines().skip(3).toList());
        List<SvgLineChart.Series> series = DetectorsProgram.series(rows);
        assertEquals(List.of("fixed timeout", "phi accrual"), series.stream().map(SvgLineChart.Series::name).toList());
        assertArrayEquals(new double[] {150, 300}, series.get(0).x(), 1e-9, "sorted by detection time");
        assertArrayEquals(new double[] {108, 3}, series.get(0).y(), 1e-9, "false alarms + 1");
        assertArrayEquals(new double[] {300}, series.get(1).x(), 1e-9);
        assertArrayEquals(new double[] {1}, series.get(1).y(), 1e-9);
        assertTrue(DetectorsProgram.chart(trace, rows).contains("Detection vs false alarms (100 ms beats)"));
    }

    @Test
    void refusesJitterLargerThanTheIntervalAndAcceptsJitterEqualToIt() throws Exception {
        UsageException e = assertThrows(UsageException.class, () -> run("--interval", "50ms", "--jitter", "60ms"));
        assertEquals("option --jitter '60ms' is larger than --interval 50ms", e.getMessage());
        assertTrue(run("--interval", "50ms", "--jitter", "50ms", "--beats", "300").startsWith("trace: "));
    }
}
