package book.ch03.herd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import book.ch03.cli.CommandLine;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HerdSimulationTest {

    private static final int CLIENTS = 100;
    private static final Map<Strategy, HerdSimulation.Result> AT_100 = new EnumMap<>(Strategy.class);

    @BeforeAll
    static void simulateEveryStrategyWith100Clients() {
        for (Strategy s : Strategy.values()) {
            AT_100.put(s, HerdSimulation.mean(CLIENTS, s.backoff(HerdProgram.BASE_MILLIS, HerdProgram.CAP_MILLIS),
                    HerdSimulation.Network.ARTICLE, 1, 20));
        }
    }

    private static long calls(Strategy s) {
        return AT_100.get(s).calls();
    }

    private static long time(Strategy s) {
        return AT_100.get(s).completionMillis();
    }

    @Nested
    class TheArticlesOrdering {

        @Test
        void backoffWithoutJitterSendsAboutTwiceTheWritesOfFullJitter() {
            assertTrue(calls(Strategy.EXPONENTIAL) > 1.8 * calls(Strategy.FULL), AT_100.toString());
            assertTrue(calls(Strategy.EXPONENTIAL) > 1.5 * calls(Strategy.DECORRELATED), AT_100.toString());
            assertTrue(calls(Strategy.NONE) > calls(Strategy.EXPONENTIAL), "no backoff is worse still");
        }

        @Test
        void fullJitterSendsTheFewestWrites() {
            for (Strategy s : Strategy.values()) {
                assertTrue(calls(Strategy.FULL) <= calls(s), s + ": " + AT_100);
            }
        }

        @Test
        void backoffWithoutJitterTakesFiveTimesLongerThanAnyJitter() {
            for (Strategy s : new Strategy[] {Strategy.EQUAL, Strategy.FULL, Strategy.DECORRELATED}) {
                assertTrue(time(Strategy.EXPONENTIAL) > 5 * time(s), s + ": " + AT_100);
            }
        }

        @Test
        void equalJitterIsTheSlowestJitterAndDecorrelatedTheFastest() {
            assertTrue(time(Strategy.EQUAL) > time(Strategy.FULL), AT_100.toString());
            assertTrue(time(Strategy.DECORRELATED) < time(Strategy.FULL), AT_100.toString());
        }
    }

    @Nested
    class Determinism {

        @Test
        void theSameSeedGivesTheSameNumbers() {
            var backoff = Strategy.FULL.backoff(5, 2_000);
            assertEquals(HerdSimulation.run(50, backoff, HerdSimulation.Network.ARTICLE, 7),
                    HerdSimulation.run(50, backoff, HerdSimulation.Network.ARTICLE, 7));
        }

        @Test
        void oneClientWritesOnceAndEveryClientWritesAtLeastOnce() {
            assertEquals(1, HerdSimulation.run(1, Strategy.EXPONENTIAL.backoff(5, 2_000),
                    HerdSimulation.Network.ARTICLE, 1).calls());
            assertTrue(HerdSimulation.run(30, Strategy.FULL.backoff(5, 2_000),
                    HerdSimulation.Network.ARTICLE, 1).calls() >= 30);
        }
    }

    @Nested
    class Program {

        @Test
        void drawsAnSvgChartWithOneLinePerStrategy(@TempDir Path dir) throws Exception {
            Path chart = dir.resolve("chart.svg");
            HerdProgram program = new HerdProgram();
            ByteArrayOutputStream text = new ByteArrayOutputStream();
            program.run(CommandLine.parse("herd", program.options(),
                    "--clients", "20", "--runs", "2", "--out", chart.toString()), new PrintStream(text, true, StandardCharsets.UTF_8));
            String svg = Files.readString(chart);
            assertTrue(svg.startsWith("<svg xmlns=\"http://www.w3.org/2000/svg\""));
            assertEquals(2 * Strategy.values().length, svg.split("<polyline").length - 1, "5 lines in each of 2 panels");
            assertTrue(svg.contains("full jitter") && svg.contains("exponential, no jitter"));
            assertTrue(text.toString(StandardCharsets.UTF_8).contains("wrote " + chart));
        }
    }
}
