package book.ch04.overload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import book.ch04.cli.UsageException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class AdaptiveLimitProgramTest {

    @TempDir
    Path dir;

    @Test
    void drawsBothChartsAsWellFormedSvg() throws Exception {
        Path svg = dir.resolve("chart.svg");
        int code = book.ch04.Main.run(new String[] {"adaptive-limit", "--phase", "2s", "--svg", svg.toString()},
                System.out, System.err);
        assertEquals(0, code);
        var doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(svg.toFile());
        assertEquals("svg", doc.getDocumentElement().getNodeName());
        assertEquals(5, doc.getElementsByTagName("polyline").getLength(), "workers, limit; capacity, FIFO, shedding");
        try (var files = Files.list(dir)) {
            assertEquals(List.of(svg), files.toList(), "no temporary file left beside it");
        }
    }

    @Test
    void refusesAnOutputPathItCannotWriteBeforeAnyWork() throws Exception {
        assertEquals("option --svg '" + dir + "/no/such/x.svg': folder " + dir + "/no/such does not exist",
                assertThrows(UsageException.class, () -> AdaptiveLimitProgram.writableFile(dir + "/no/such/x.svg")).getMessage());
        assertEquals("option --svg '" + dir + "' is a folder, not a file",
                assertThrows(UsageException.class, () -> AdaptiveLimitProgram.writableFile(dir.toString())).getMessage());
        assertEquals("option --svg 'a\0b' is not a valid path",
                assertThrows(UsageException.class, () -> AdaptiveLimitProgram.writableFile("a\0b")).getMessage());
        assertEquals(dir.resolve("ok.svg"), AdaptiveLimitProgram.writableFile(dir.resolve("ok.svg").toString()));
    }

    @Test
    void aBadPathIsAOneLineUsageErrorWithExitCode2() {
        var err = new java.io.ByteArrayOutputStream();
        int code = book.ch04.Main.run(new String[] {"adaptive-limit", "--svg", dir + "/missing/x.svg"},
                System.out, new java.io.PrintStream(err, true, java.nio.charset.StandardCharsets.UTF_8));
        assertEquals(2, code);
        assertTrue(err.toString(java.nio.charset.StandardCharsets.UTF_8).startsWith("error: option --svg '"), err.toString());
    }

    @Test
    void roundsChartAxesToRoundNumbers() {
        assertEquals(60, SvgChart.niceCeiling(60));
        assertEquals(60, SvgChart.niceCeiling(51));
        assertEquals(1200, SvgChart.niceCeiling(1001));
        assertEquals(1, SvgChart.niceCeiling(0));
        assertEquals("a&amp;b&lt;c&gt;&quot;", SvgChart.escape("a&b<c>\""));
    }
}
