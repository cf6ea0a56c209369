package book.ch05.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import book.ch05.detect.HeartbeatTrace.Scenario;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class HeartbeatTraceTest {

    private static final long MS = 1_000_000;

    @Nested
    class Shape {
        private final Scenario scenario = new Scenario(Duration.ofMillis(100), Duration.ZERO, Duration.ofMillis(800),
                1000, 1);

        @Test
        void withoutJitterBeatsComeEveryIntervalExceptAtThePausesAndTheCongestedLosses() {
            HeartbeatTrace trace = HeartbeatTrace.generate(scenario, new SplittableRandom(1));
            long[] a = trace.arrivalsNanos();
            List<Long> unusualGaps = new ArrayList<>();
            for (int i = 1; i < a.length; i++) {
                long gap = a[i] - a[i - 1];
                assertTrue(gap > 0, "arrivals increase");
                if (gap != 100 * MS) {
                    unusualGaps.add(gap / MS);
                }
            }
            int lost = 1000 - trace.size();
            assertTrue(lost > 0 && lost < 20, lost + " lost");
            // the two pauses, and one doubled gap per lost beat
            assertEquals(2 + lost, unusualGaps.size(), unusualGaps.toString());
            assertEquals(500 * MS, a[333] - a[332], "the 400 ms pause before beat 1000 / 3");
            int lostBeforeLongPause = lost; // losses happen only while congested, beats 400..599
            assertEquals(900 * MS, a[666 - lostBeforeLongPause] - a[665 - lostBeforeLongPause],
                    "the 800 ms pause before beat 1000 * 2 / 3");
            assertEquals(lost, unusualGaps.stream().filter(g -> g == 200L).count());
            assertEquals(trace.arrivalsNanos()[trace.size() - 1], trace.deathNanos());
        }

        @Test
        void losesBeatsOnlyWhileCongested() {
            assertTrue(scenario.congested(400) && scenario.congested(599));
            assertTrue(!scenario.congested(399) && !scenario.congested(600));
            HeartbeatTrace trace = HeartbeatTrace.generate(scenario, new SplittableRandom(3));
            long[] a = trace.arrivalsNanos();
            for (int i = 1; i < a.length; i++) {
                long gap = a[i] - a[i - 1];
                if (gap == 200 * MS) {
                    // the sender's clock: beats before the first pause sit at i * 100 ms
                    long sentAt = a[i];
                    assertTrue(sentAt > 40_000 * MS && sentAt < 61_300 * MS, "a loss at " + sentAt / MS + " ms");
                }
            }
        }

        @Test
        void jitterIsFourTimesLargerWhileCongested() {
            Scenario jittery = new Scenario(Duration.ofMillis(100), Duration.ofMillis(5), Duration.ZERO, 5000, 9);
            long[] a = HeartbeatTrace.generate(jittery, new SplittableRandom(9)).arrivalsNanos();
            double calm = meanDeviation(a, 100, 1900);
            double congested = meanDeviation(a, 2050, 2900); // before any loss shifts the indexes much
            assertTrue(calm > 2 * MS && calm < 8 * MS, "calm " + calm / MS);
            assertTrue(congested > 3 * calm && congested < 5 * calm, "congested " + congested / MS + " calm " + calm / MS);
        }

        /** Mean |gap - 100 ms| over a stretch, counting only gaps that are not a lost beat. */
        private static double meanDeviation(long[] a, int from, int to) {
            double sum = 0;
            int n = 0;
            for (int i = from; i < to; i++) {
                long gap = a[i] - a[i - 1];
                if (gap < 180 * MS) {
                    sum += Math.abs(gap - 100 * MS);
                    n++;
                }
            }
            return sum / n;
        }

        @Test
        void jitterSpreadsTheGapsButKeepsTheirOrder() {
            Scenario jittery = new Scenario(Duration.ofMillis(100), Duration.ofMillis(30), Duration.ZERO, 1000, 5);
            long[] a = HeartbeatTrace.generate(jittery, new SplittableRandom(5)).arrivalsNanos();
            long distinctGaps = 0;
            for (int i = 1; i < a.length; i++) {
                assertTrue(a[i] > a[i - 1]);
                if (a[i] - a[i - 1] != 100 * MS) {
                    distinctGaps++;
                }
            }
            assertTrue(distinctGaps > 900, distinctGaps + " jittered gaps");
        }
    }

    @Nested
    class Validation {
        @Test
        void refusesEachBadParameterNamingIt() {
            Duration ms100 = Duration.ofMillis(100);
            List<String> messages = new ArrayList<>();
            for (Runnable bad : List.<Runnable>of(
                    () -> new Scenario(Duration.ofMillis(9), Duration.ZERO, Duration.ZERO, 100, 1),
                    () -> new Scenario(Duration.ofMillis(10_001), Duration.ZERO, Duration.ZERO, 100, 1),
                    () -> new Scenario(null, Duration.ZERO, Duration.ZERO, 100, 1),
                    () -> new Scenario(ms100, Duration.ofMillis(101), Duration.ZERO, 100, 1),
                    () -> new Scenario(ms100, Duration.ofMillis(-1), Duration.ZERO, 100, 1),
                    () -> new Scenario(ms100, null, Duration.ZERO, 100, 1),
                    () -> new Scenario(ms100, Duration.ZERO, Duration.ofMillis(-1), 100, 1),
                    () -> new Scenario(ms100, Duration.ZERO, Duration.ofMillis(60_001), 100, 1),
                    () -> new Scenario(ms100, Duration.ZERO, null, 100, 1),
                    () -> new Scenario(ms100, Duration.ZERO, Duration.ZERO, 99, 1),
                    () -> new Scenario(ms100, Duration.ZERO, Duration.ZERO, 100_001, 1))) {
                messages.add(assertThrows(IllegalArgumentException.class, bad::run).getMessage());
            }
            assertEquals(List.of(
                    "interval must be in 10ms..10s, not PT0.009S",
                    "interval must be in 10ms..10s, not PT10.001S",
                    "interval must be in 10ms..10s, not null",
                    "jitter must be in 0..interval (PT0.1S), not PT0.101S",
                    "jitter must be in 0..interval (PT0.1S), not PT-0.001S",
                    "jitter must be in 0..interval (PT0.1S), not null",
                    "pause must be in 0..1m, not PT-0.001S",
                    "pause must be in 0..1m, not PT1M0.001S",
                    "pause must be in 0..1m, not null",
                    "beats must be in 100..100000, not 99",
                    "beats must be in 100..100000, not 100001"), messages);
        }

        @Test
        void acceptsTheEdges() {
            new Scenario(Duration.ofMillis(10), Duration.ofMillis(10), Duration.ofMinutes(1), 100, 1);
            assertEquals(100_000, new Scenario(Duration.ofSeconds(10), Duration.ZERO, Duration.ZERO, 100_000, 1).beats());
        }
    }
}
