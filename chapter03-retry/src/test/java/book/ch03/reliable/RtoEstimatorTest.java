package book.ch03.reliable;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Every expected value below is worked by hand from the formulas of RFC 6298, section 2. */
class RtoEstimatorTest {

    private static Duration ms(double millis) {
        return Duration.ofNanos(Math.round(millis * 1_000_000));
    }

    /** A wide clamp, so that the formulas show through. */
    private static RtoEstimator unclamped() {
        return new RtoEstimator(new RtoEstimator.Config(Duration.ofSeconds(1), Duration.ofMillis(1),
                Duration.ofSeconds(60), Duration.ofMillis(1)));
    }

    @Nested
    class Formulas {
        @Test
        void beforeAnySampleTheRtoIsTheInitialOne() {
            RtoEstimator e = unclamped();
            assertEquals(Duration.ofSeconds(1), e.rto());
            assertNull(e.srtt());
        }

        @Test
        void firstSampleSetsSrttToRAndRttvarToHalfOfR() {
            RtoEstimator e = unclamped();
            e.sample(ms(100));
            assertEquals(ms(100), e.srtt());          // SRTT = R
            assertEquals(ms(50), e.rttvar());         // RTTVAR = R/2
            assertEquals(ms(300), e.rto());           // RTO = 100 + max(1, 4*50)
        }

        @Test
        void laterSamplesSmoothWithAlphaOneEighthAndBetaOneQuarter() {
            RtoEstimator e = unclamped();
            e.sample(ms(100));
            e.sample(ms(200));
            assertEquals(ms(62.5), e.rttvar());       // 3/4*50 + 1/4*|100-200|
            assertEquals(ms(112.5), e.srtt());        // 7/8*100 + 1/8*200
            assertEquals(ms(362.5), e.rto());         // 112.5 + 4*62.5
            e.sample(ms(100));
            assertEquals(ms(50), e.rttvar());         // 3/4*62.5 + 1/4*|112.5-100|
            assertEquals(ms(110.9375), e.srtt());     // 7/8*112.5 + 1/8*100
            assertEquals(ms(310.9375), e.rto());      // 110.9375 + 4*50
        }

        @Test
        void aZeroRoundTripIsAMeasurementNotTheAbsenceOfOne() {
            RtoEstimator e = unclamped();
            e.sample(Duration.ZERO);                  // loopback, below the clock's resolution
            assertEquals(Duration.ZERO, e.srtt());
            e.sample(ms(100));                        // so this is the second sample, smoothed
            assertEquals(ms(12.5), e.srtt());         // 7/8*0 + 1/8*100
            assertEquals(ms(25), e.rttvar());         // 3/4*0 + 1/4*|0-100|
        }

        @Test
        void granularityIsTheLeastVarianceTerm() {
            RtoEstimator e = new RtoEstimator(new RtoEstimator.Config(Duration.ofSeconds(1), Duration.ofMillis(1),
                    Duration.ofSeconds(60), Duration.ofMillis(500)));
            e.sample(ms(100));
            assertEquals(ms(600), e.rto());           // 100 + max(G = 500, 4*50 = 200)
        }
    }

    @Nested
    class BackoffAndClamp {
        @Test
        void eachTimeoutDoublesTheRtoUpToTheCeiling() {
            RtoEstimator e = new RtoEstimator(new RtoEstimator.Config(Duration.ofMillis(100), Duration.ofMillis(10),
                    Duration.ofMillis(700), Duration.ofMillis(1)));
            e.backoff();
            assertEquals(ms(200), e.rto());
            e.backoff();
            assertEquals(ms(400), e.rto());
            e.backoff();
            assertEquals(ms(700), e.rto());           // 800 clamped to the 700 ms ceiling
            e.backoff();
            assertEquals(ms(700), e.rto());
        }

        @Test
        void aFreshSampleAfterBackoffRecomputesTheRto() {
            RtoEstimator e = unclamped();
            e.sample(ms(100));
            e.backoff();
            e.backoff();
            assertEquals(ms(1200), e.rto());
            e.sample(ms(100));                        // RTTVAR 3/4*50 + 0 = 37.5; SRTT 100
            assertEquals(ms(250), e.rto());           // 100 + 4*37.5
        }

        @Test
        void theRfcFloorOfOneSecondDominatesLoopbackRoundTrips() {
            RtoEstimator rfc = new RtoEstimator(RtoEstimator.RFC_6298);
            rfc.sample(ms(0.2));                      // a loopback round trip
            assertEquals(Duration.ofSeconds(1), rfc.rto());
            RtoEstimator loopback = new RtoEstimator(RtoEstimator.LOOPBACK);
            loopback.sample(ms(0.2));
            assertEquals(ms(20), loopback.rto());     // the configurable floor
        }

        @Test
        void rejectsAnInitialRtoOutsideTheClamp() {
            var e = assertThrows(IllegalArgumentException.class, () -> new RtoEstimator.Config(Duration.ofMillis(5),
                    Duration.ofMillis(10), Duration.ofSeconds(1), Duration.ofMillis(1)));
            assertEquals("initial PT0.005S must be between min PT0.01S and max PT1S", e.getMessage());
        }
    }
}
