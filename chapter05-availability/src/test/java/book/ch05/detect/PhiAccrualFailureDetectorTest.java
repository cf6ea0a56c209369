package book.ch05.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import book.ch05.detect.PhiAccrualFailureDetector.Config;
import book.ch05.time.ManualTicker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The phi accrual detector against values computed independently: the standard normal
 * table, and (for whole histories) Python's {@code math.erfc} and a hand computation of mean and
 * population deviation.
 */
class PhiAccrualFailureDetectorTest {

    private final ManualTicker ticker = new ManualTicker();

    /** phi 200 ms past a mean of 1000 ms with deviation 100 ms, as the detector computes it. */
    private static final double PHI_1200 = PhiAccrualFailureDetector.phi(1200, 1000, 100);

    /** No acceptable pause, so phi is the plain normal tail of the history. */
    private static final Config PLAIN = Config.DEFAULTS.withAcceptablePause(Duration.ZERO);

    private PhiAccrualFailureDetector detector(Config config) {
        return new PhiAccrualFailureDetector(config, ticker);
    }

    private void beatsEvery(PhiAccrualFailureDetector d, long... millis) {
        for (long m : millis) {
            ticker.advance(Duration.ofMillis(m));
            d.heartbeat();
        }
    }

    @Nested
    class TheFormula {
        /** 1 - 10^-phi is F(t): the standard normal CDF at (t - mean) / deviation, from any table. */
        @ParameterizedTest(name = "F({0}/10) = {1}")
        @CsvSource({"0, 0.5", "6, 0.725747", "15, 0.933193", "20, 0.977250", "25, 0.993790", "31.6, 0.999211",
                "35, 0.999767", "40, 0.999968", "-10, 0.158655", "-20, 0.022750"})
        void matchesTheStandardNormalTableWithinTheApproximationsError(double t, double cdf) {
            double phi = PhiAccrualFailureDetector.phi(t, 0, 10);
            assertEquals(cdf, 1 - Math.pow(10, -phi), 0.00015);
        }

        @Test
        void twoDeviationsAboveTheMeanIsAboutOneChanceInFortyFour() {
            // exact normal tail: -log10(erfc(2 / sqrt 2) / 2) = 1.6430160801
            assertEquals(1.6430160801, PhiAccrualFailureDetector.phi(1200, 1000, 100), 0.001);
            // the logistic approximation itself, by hand: exp(-2 (1.5976 + 0.070566 * 4)) ...
            assertEquals(1.6428278855, PhiAccrualFailureDetector.phi(1200, 1000, 100), 1e-9);
        }

        @Test
        void isFiniteAndGrowsFarInTheTailWhereOneMinusTheCdfRoundsToZero() {
            double previous = 0;
            for (int sigmas = 1; sigmas <= 40; sigmas++) {
                double phi = PhiAccrualFailureDetector.phi(sigmas * 100.0, 0, 100);
                assertTrue(Double.isFinite(phi) && phi > previous, sigmas + " sigmas: " + phi);
                previous = phi;
            }
            assertTrue(PhiAccrualFailureDetector.phi(1e6, 0, 1) > 1e6, "a death a million deviations away");
        }

        @Test
        void isNearZeroWellBeforeTheMean() {
            assertEquals(7.963311608865193e-06, PhiAccrualFailureDetector.phi(0, 1000, 250), 1e-15);
            assertEquals(0.0, PhiAccrualFailureDetector.phi(-1e6, 0, 1), 1e-300);
        }
    }

    @Nested
    class TheHistory {
        @Test
        void beforeTheFirstHeartbeatPhiIsZeroAndThePeerIsAvailable() {
            PhiAccrualFailureDetector d = detector(PLAIN);
            ticker.advance(Duration.ofHours(1));
            assertEquals(0.0, d.phi());
            assertEquals(0.0, d.suspicion());
            assertTrue(d.isAvailable());
            assertFalse(d.isMonitoring());
            assertTrue(Double.isNaN(d.meanMillis()));
            assertTrue(Double.isNaN(d.stdDeviationMillis()));
        }

        @Test
        void theFirstHeartbeatSeedsTwoIntervalsAQuarterOfTheEstimateAroundIt() {
            PhiAccrualFailureDetector d = detector(PLAIN);
            d.heartbeat();
            assertTrue(d.isMonitoring());
            assertEquals(2, d.sampleCount());
            assertEquals(1000.0, d.meanMillis(), 1e-9);    // 750 and 1250
            assertEquals(250.0, d.stdDeviationMillis(), 1e-9);
            ticker.advance(Duration.ofMillis(1000));
            assertEquals(-Math.log10(0.5), d.phi(), 1e-12); // at the mean, F = 1/2
        }

        @Test
        void aPeerThatSentOneBeatAndDiedIsStillSuspected() {
            PhiAccrualFailureDetector d = detector(PLAIN);
            d.heartbeat();
            ticker.advance(Duration.ofSeconds(3));
            assertFalse(d.isAvailable(), "phi " + d.phi());
        }

        @Test
        void usesTheMeanAndThePopulationDeviationOfTheWindow() {
            PhiAccrualFailureDetector d = detector(PLAIN);
            d.heartbeat();
            beatsEvery(d, 1000, 1000, 1000);
            // window 750, 1250, 1000, 1000, 1000: mean 1000, population variance 125000 / 5
            assertEquals(5, d.sampleCount());
            assertEquals(1000.0, d.meanMillis(), 1e-9);
            assertEquals(Math.sqrt(25_000), d.stdDeviationMillis(), 1e-9);
            ticker.advance(Duration.ofMillis(2000));
            assertEquals(12.141159297098934, d.phi(), 1e-9); // computed independently
            assertEquals(d.phi(), d.suspicion());
            assertFalse(d.isAvailable());
        }

        @Test
        void forgetsIntervalsOlderThanTheWindow() {
            PhiAccrualFailureDetector d = detector(PLAIN.withMaxSampleSize(3));
            d.heartbeat();
            beatsEvery(d, 1000, 1200, 1400);
            // only 1000, 1200, 1400 remain: mean 1200, deviation sqrt(80000 / 3)
            assertEquals(3, d.sampleCount());
            assertEquals(1200.0, d.meanMillis(), 1e-9);
            assertEquals(163.29931618554522, d.stdDeviationMillis(), 1e-9);
            ticker.advance(Duration.ofMillis(1800));
            assertEquals(4.069456112302747, d.phi(), 1e-9);
        }

        @Test
        void aPerfectlyRegularHistoryUsesTheMinimumDeviationNotZero() {
            PhiAccrualFailureDetector d = detector(PLAIN.withMaxSampleSize(2));
            d.heartbeat();
            beatsEvery(d, 1000, 1000);
            assertEquals(100.0, d.stdDeviationMillis(), 1e-9); // the window's own deviation is 0
            ticker.advance(Duration.ofMillis(1200));
            assertEquals(1.6428278855, d.phi(), 1e-9);
            assertTrue(d.isAvailable());
        }

        @Test
        void theAcceptablePauseMovesTheMean() {
            PhiAccrualFailureDetector d = detector(PLAIN.withMaxSampleSize(2).withAcceptablePause(Duration.ofSeconds(3)));
            d.heartbeat();
            beatsEvery(d, 1000, 1000);
            ticker.advance(Duration.ofMillis(4300)); // mean 1000 + pause 3000, deviation 100
            assertEquals(2.9094753264849538, d.phi(), 1e-9);
        }

        @Test
        void theFirstBeatAfterASuspicionDoesNotEnterTheHistory() {
            PhiAccrualFailureDetector d = detector(PLAIN.withMaxSampleSize(2));
            d.heartbeat();
            beatsEvery(d, 1000, 1000);
            ticker.advance(Duration.ofSeconds(30));
            assertFalse(d.isAvailable());
            d.heartbeat(); // back from a long pause: phi restarts, the history stays 1000, 1000
            assertTrue(d.isAvailable());
            assertEquals(1000.0, d.meanMillis(), 1e-9);
            assertEquals(100.0, d.stdDeviationMillis(), 1e-9);
        }

        @Test
        void aBeatJustBelowTheThresholdEntersTheHistoryAndOneAtItDoesNot() {
            // mean 1000, deviation 100 after two regular beats; phi(1200) = 1.6428...
            PhiAccrualFailureDetector below = detector(PLAIN.withMaxSampleSize(2).withThreshold(1.643));
            below.heartbeat();
            beatsEvery(below, 1000, 1000, 1200);
            assertEquals(1100.0, below.meanMillis(), 1e-9);

            PhiAccrualFailureDetector at = detector(PLAIN.withMaxSampleSize(2).withThreshold(PHI_1200));
            at.heartbeat();
            beatsEvery(at, 1000, 1000, 1200);
            assertEquals(1000.0, at.meanMillis(), 1e-9);
        }

        @Test
        void thePeerIsSuspectedFromTheThresholdOn() {
            PhiAccrualFailureDetector d = detector(PLAIN.withMaxSampleSize(2).withThreshold(PHI_1200));
            d.heartbeat();
            beatsEvery(d, 1000, 1000);
            ticker.advance(Duration.ofMillis(1199));
            assertTrue(d.isAvailable());
            ticker.advance(Duration.ofMillis(1));
            assertEquals(PHI_1200, d.phi());
            assertFalse(d.isAvailable());
        }

        @Test
        void neverReadsTheWallClock() {
            // The ticker is its only source of time: stopped, the answer never changes,
            // however much real (or stepped wall-clock) time passes.
            PhiAccrualFailureDetector d = detector(PLAIN);
            d.heartbeat();
            ticker.advance(Duration.ofMillis(1100));
            double phi = d.phi();
            for (int i = 0; i < 3; i++) {
                assertEquals(phi, d.phi());
            }
        }
    }

    @Nested
    class Defaults {
        @Test
        void areAkkaClustersDefaults() {
            assertEquals(new Config(8.0, 1000, Duration.ofMillis(100), Duration.ofSeconds(3), Duration.ofSeconds(1)),
                    Config.DEFAULTS);
        }

        @Test
        void toleratesAThreeSecondPauseOnAOneSecondHeartbeatAndDetectsADeathWithinSeconds() {
            PhiAccrualFailureDetector d = detector(Config.DEFAULTS);
            d.heartbeat();
            for (int i = 0; i < 20; i++) {
                beatsEvery(d, 1000);
            }
            ticker.advance(Duration.ofMillis(4000)); // a 3 s GC pause on top of one interval
            assertTrue(d.isAvailable(), "phi " + d.phi());
            ticker.advance(Duration.ofMillis(1000));
            assertFalse(d.isAvailable(), "phi " + d.phi());
        }

        @Test
        void theConfigItWasGivenIsKept() {
            assertSame(Config.DEFAULTS, detector(Config.DEFAULTS).config());
        }
    }

    @Nested
    class Validation {
        @Test
        void refusesEachBadParameterNamingItAndTheValue() {
            Config d = Config.DEFAULTS;
            List<String> messages = new ArrayList<>();
            for (Runnable bad : List.<Runnable>of(
                    () -> d.withThreshold(0),
                    () -> d.withThreshold(Double.NaN),
                    () -> d.withThreshold(Double.POSITIVE_INFINITY),
                    () -> d.withMaxSampleSize(0),
                    () -> d.withMaxSampleSize(100_001),
                    () -> d.withMinStdDeviation(Duration.ZERO),
                    () -> d.withMinStdDeviation(null),
                    () -> d.withAcceptablePause(Duration.ofMillis(-1)),
                    () -> d.withAcceptablePause(Duration.ofDays(101)),
                    () -> d.withFirstHeartbeatEstimate(Duration.ZERO))) {
                messages.add(assertThrows(IllegalArgumentException.class, bad::run).getMessage());
            }
            assertEquals(List.of(
                    "threshold must be a positive finite number, not 0.0",
                    "threshold must be a positive finite number, not NaN",
                    "threshold must be a positive finite number, not Infinity",
                    "maxSampleSize must be in 1..100000, not 0",
                    "maxSampleSize must be in 1..100000, not 100001",
                    "minStdDeviation must be above 0..PT2400H, not PT0S",
                    "minStdDeviation must be above 0..PT2400H, not null",
                    "acceptablePause must be 0..PT2400H, not PT-0.001S",
                    "acceptablePause must be 0..PT2400H, not PT2424H",
                    "firstHeartbeatEstimate must be above 0..PT2400H, not PT0S"), messages);
        }

        @Test
        void acceptsTheEdgesOfEachRange() {
            Config edge = new Config(Double.MIN_VALUE, 100_000, Duration.ofNanos(1), Duration.ZERO, Config.MAX_DURATION);
            assertEquals(100_000, edge.maxSampleSize());
            assertEquals(1, Config.DEFAULTS.withMaxSampleSize(1).maxSampleSize());
            assertEquals(Config.MAX_DURATION, Config.DEFAULTS.withAcceptablePause(Config.MAX_DURATION).acceptablePause());
        }

        @Test
        void refusesAMissingConfigOrTicker() {
            assertEquals("config and ticker must not be null", assertThrows(IllegalArgumentException.class,
                    () -> new PhiAccrualFailureDetector(null, ticker)).getMessage());
            assertEquals("config and ticker must not be null", assertThrows(IllegalArgumentException.class,
                    () -> new PhiAccrualFailureDetector(Config.DEFAULTS, null)).getMessage());
        }
    }

    @Nested
    class Concurrency {
        @Test
        @Timeout(10)
        void heartbeatsFromManyThreadsAreAllCountedAndReadersNeverSeeAHalfUpdate() throws Exception {
            PhiAccrualFailureDetector d = detector(PLAIN.withMaxSampleSize(100_000));
            d.heartbeat();
            int threads = 4;
            int each = 1_000;
            CountDownLatch start = new CountDownLatch(1);
            List<Thread> workers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                workers.add(Thread.ofPlatform().start(() -> {
                    try {
                        start.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                    for (int i = 0; i < each; i++) {
                        d.heartbeat();
                        double phi = d.phi();
                        if (!(phi >= 0) || Double.isNaN(d.meanMillis())) {
                            throw new AssertionError("phi " + phi);
                        }
                    }
                }));
            }
            start.countDown();
            for (Thread w : workers) {
                w.join();
            }
            assertEquals(2 + threads * each, d.sampleCount());
        }
    }
}
