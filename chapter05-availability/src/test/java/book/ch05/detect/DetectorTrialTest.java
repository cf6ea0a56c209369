package book.ch05.detect;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import book.ch05.detect.HeartbeatTrace.Scenario;
import java.time.Duration;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class DetectorTrialTest {

    private static final long MS = 1_000_000;

    /** Beats every 100 ms from 0, with the gaps given (in ms) replacing some of them. */
    private static HeartbeatTrace trace(int beats, int... longGapsAt) {
        long[] arrivals = new long[beats];
        for (int i = 1; i < beats; i++) {
            final int index = i;
            boolean longGap = Arrays.stream(longGapsAt).anyMatch(g -> g == index);
            arrivals[i] = arrivals[i - 1] + (longGap ? 450 : 100) * MS;
        }
        return new HeartbeatTrace(arrivals, Scenario.DEFAULT);
    }

    @Nested
    class WithAFixedTimeout {
        @Test
        void countsEachGapLongerThanTheTimeoutOnceWithTheTimeWronglySuspected() {
            DetectorTrial.Result r = DetectorTrial.run(trace(400, 50, 300),
                    t -> new FixedTimeoutDetector(Duration.ofMillis(300), t));
            assertEquals(2, r.falseSuspicions());
            // each 450 ms gap: suspected from 300 ms + 1 ns until the beat at 450 ms
            assertEquals(2 * (150 * MS - 1), r.wronglySuspectedNanos());
        }

        @Test
        void detectsEveryDeathOneNanosecondAfterTheTimeout() {
            DetectorTrial.Result r = DetectorTrial.run(trace(400), t -> new FixedTimeoutDetector(Duration.ofMillis(300), t));
            assertEquals(0, r.falseSuspicions());
            assertEquals(0, r.wronglySuspectedNanos());
            // deaths sampled after beats 200, 250, 300, 350, and the real one after beat 399
            assertEquals(5, r.detectionNanos().length);
            long[] expected = new long[5];
            Arrays.fill(expected, 300 * MS + 1);
            assertArrayEquals(expected, r.detectionNanos());
            assertEquals(300.000001, r.meanDetectionMillis(), 1e-9);
            assertEquals(300.000001, r.detectionMillisAt(99), 1e-9);
        }

        @Test
        void aGapEqualToTheTimeoutIsNoSuspicion() {
            DetectorTrial.Result r = DetectorTrial.run(trace(300, 100), t -> new FixedTimeoutDetector(Duration.ofMillis(450), t));
            assertEquals(0, r.falseSuspicions());
        }
    }

    @Nested
    class WithPhi {
        @Test
        void onARegularTraceDetectsWhereTheThresholdPutsItAndNeverSuspectsTheLiving() {
            PhiAccrualFailureDetector.Config c = PhiAccrualFailureDetector.Config.DEFAULTS
                    .withAcceptablePause(Duration.ZERO).withMinStdDeviation(Duration.ofMillis(10))
                    .withFirstHeartbeatEstimate(Duration.ofMillis(100)).withMaxSampleSize(100);
            DetectorTrial.Result r = DetectorTrial.run(trace(400), t -> new PhiAccrualFailureDetector(c, t));
            assertEquals(0, r.falseSuspicions());
            // window all 100 ms, deviation the minimum 10 ms: phi reaches 8 about 5.6 deviations past the mean
            double silence = r.detectionMillisAt(100);
            assertTrue(silence > 150 && silence < 165, "detected after " + silence + " ms");
            assertEquals(PhiAccrualFailureDetector.phi(silence, 100, 10), 8.0, 1e-6);
        }
    }

    @Nested
    class Deaths {
        @Test
        void aTraceNoLongerThanTheWarmUpHasOnlyTheRealDeath() {
            DetectorTrial.Result r = DetectorTrial.run(trace(201), t -> new FixedTimeoutDetector(Duration.ofMillis(300), t));
            assertArrayEquals(new long[] {300 * MS + 1}, r.detectionNanos());
            DetectorTrial.Result r2 = DetectorTrial.run(trace(202), t -> new FixedTimeoutDetector(Duration.ofMillis(300), t));
            assertEquals(2, r2.detectionNanos().length, "one sample after beat 200, and the real death");
        }

        @Test
        void detectionTimesAreSortedSoPercentilesReadThem() {
            Scenario s = new Scenario(Duration.ofMillis(100), Duration.ofMillis(20), Duration.ofMillis(800), 2000, 3);
            PhiAccrualFailureDetector.Config c = PhiAccrualFailureDetector.Config.DEFAULTS
                    .withAcceptablePause(Duration.ZERO).withMinStdDeviation(Duration.ofMillis(10))
                    .withFirstHeartbeatEstimate(Duration.ofMillis(100));
            long[] d = DetectorTrial.run(HeartbeatTrace.generate(s, new SplittableRandom(3)),
                    t -> new PhiAccrualFailureDetector(c, t)).detectionNanos();
            assertEquals((2000 - 1 - 2 - 200) / 50 + 1 + 1, d.length, "every 50th beat from 200, and the real death");
            for (int i = 1; i < d.length; i++) {
                assertTrue(d[i - 1] <= d[i], "sorted");
            }
            assertTrue(d[0] < d[d.length - 1], "phi's detection time varies with the history");
        }
    }

    @Nested
    class Percentiles {
        @Test
        void areNearestRank() {
            DetectorTrial.Result r = new DetectorTrial.Result(0, 0, new long[] {1 * MS, 2 * MS, 3 * MS, 4 * MS});
            assertEquals(1.0, r.detectionMillisAt(25));
            assertEquals(2.0, r.detectionMillisAt(26));
            assertEquals(4.0, r.detectionMillisAt(100));
            assertEquals(1.0, r.detectionMillisAt(0.0001));
            assertEquals(2.5, r.meanDetectionMillis());
        }
    }

    @Nested
    class OnTheGeneratedTrace {
        @Test
        void isDeterministicForASeed() {
            Scenario s = new Scenario(Duration.ofMillis(100), Duration.ofMillis(10), Duration.ofMillis(800), 1000, 7);
            HeartbeatTrace a = HeartbeatTrace.generate(s, new SplittableRandom(7));
            HeartbeatTrace b = HeartbeatTrace.generate(s, new SplittableRandom(7));
            assertArrayEquals(a.arrivalsNanos(), b.arrivalsNanos());
            DetectorTrial.Result ra = DetectorTrial.run(a, t -> new FixedTimeoutDetector(Duration.ofMillis(200), t));
            DetectorTrial.Result rb = DetectorTrial.run(b, t -> new FixedTimeoutDetector(Duration.ofMillis(200), t));
            assertEquals(ra.falseSuspicions(), rb.falseSuspicions());
            assertEquals(ra.wronglySuspectedNanos(), rb.wronglySuspectedNanos());
        }
    }
}
