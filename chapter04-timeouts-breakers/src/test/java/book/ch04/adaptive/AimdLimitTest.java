package book.ch04.adaptive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class AimdLimitTest {

    private static final long FAST = Duration.ofMillis(10).toNanos();
    private static final long THRESHOLD = Duration.ofMillis(100).toNanos();
    private static final long T0 = 5_000_000_000L;

    private static AimdLimit limit(int initial, int min, int max) {
        return new AimdLimit(initial, min, max, 0.9, Duration.ofMillis(100));
    }

    /** {@code n} good fast answers with {@code inFlight} in flight; returns the limit after them. */
    private static int good(AimdLimit limit, int n, int inFlight) {
        int result = limit.limit();
        for (int i = 0; i < n; i++) {
            result = limit.onSample(T0, FAST, inFlight, false);
        }
        return result;
    }

    @Nested
    class Increase {
        @Test
        void growsByOneForEachRoundTripOfGoodAnswersWhileTheLimitIsUsed() {
            AimdLimit limit = limit(10, 1, 200);
            assertEquals(10, good(limit, 9, 10), "9 answers of a window of 10: not yet");
            assertEquals(11, good(limit, 1, 10), "the 10th: +1");
            assertEquals(11, good(limit, 10, 11));
            assertEquals(12, good(limit, 1, 11), "then 11 answers for the next +1");
        }

        @Test
        void doesNotGrowALimitThatIsMostlyIdle() {
            AimdLimit limit = limit(10, 1, 200);
            assertEquals(10, good(limit, 1_000, 4), "4 x 2 < 10: the limit is not the bottleneck");
            assertEquals(11, good(limit, 10, 5), "5 x 2 = 10: exactly half counts as used");
        }

        @Test
        void stopsAtTheMaximum() {
            AimdLimit limit = limit(199, 1, 200);
            assertEquals(200, good(limit, 199, 200));
            assertEquals(200, good(limit, 1_000, 200));
        }

        @Test
        void anAnswerExactlyAtTheThresholdIsNotSlow() {
            AimdLimit limit = limit(1, 1, 200);
            assertEquals(2, limit.onSample(T0, THRESHOLD, 1, false));
            assertEquals(1, limit.onSample(T0, THRESHOLD + 1, 1, false));
        }
    }

    @Nested
    class Decrease {
        @Test
        void cutsByTheBackoffRatioOnADrop() {
            AimdLimit limit = limit(100, 1, 200);
            assertEquals(90, limit.onSample(T0, FAST, 100, true));
        }

        @Test
        void cutsOnASlowAnswerAsOnADrop() {
            AimdLimit limit = limit(100, 1, 200);
            assertEquals(90, limit.onSample(T0, THRESHOLD * 10, 100, false));
        }

        @Test
        void cutsOncePerRoundTripNotOncePerAnswerOfTheSameSlowSpell() {
            AimdLimit limit = limit(100, 1, 200);
            long cutAt = T0 + THRESHOLD * 2;
            assertEquals(90, limit.onSample(T0, THRESHOLD * 2, 100, true));
            for (int i = 0; i < 70; i++) {
                assertEquals(90, limit.onSample(T0 + i, THRESHOLD * 3, 100, true), "sent before the cut");
            }
            assertEquals(90, limit.onSample(cutAt - 1, FAST, 100, true), "1 ns before the cut: still the old limit's");
            assertEquals(81, limit.onSample(cutAt, FAST, 100, true), "sent at the cut: cuts again");
        }

        @Test
        void aCutResetsTheGrowthCredit() {
            AimdLimit limit = limit(10, 1, 200);
            good(limit, 9, 10);
            assertEquals(9, limit.onSample(T0, FAST, 10, true));
            assertEquals(9, good(limit, 8, 9), "the 9 answers before the cut count no more");
            assertEquals(10, good(limit, 1, 9));
        }

        @Test
        void aSmallLimitStillGoesDownByAtLeastOne() {
            AimdLimit limit = limit(9, 1, 200);
            assertEquals(8, limit.onSample(T0, FAST, 9, true));
            assertEquals(7, limit.onSample(T0 + FAST, FAST, 9, true));
            AimdLimit two = limit(2, 1, 200);
            assertEquals(1, two.onSample(T0, FAST, 2, true));
        }

        @Test
        void neverGoesBelowTheMinimum() {
            AimdLimit limit = limit(5, 4, 200);
            assertEquals(4, limit.onSample(T0, FAST, 5, true));
            assertEquals(4, limit.onSample(T0 + FAST, FAST, 5, true));
            AimdLimit one = limit(1, 1, 200);
            assertEquals(1, one.onSample(T0, FAST, 1, true));
        }

        @Test
        void theFirstCutWorksWhateverTheClockReads() {
            AimdLimit negative = limit(10, 1, 200);
            assertEquals(9, negative.onSample(Long.MIN_VALUE, FAST, 10, true));
            AimdLimit zero = limit(10, 1, 200);
            assertEquals(9, zero.onSample(0, FAST, 10, true));
        }
    }

    @Nested
    class Defaults {
        @Test
        void startAtTenBetweenOneAndTwoHundredCuttingByATenthAboveOneSecond() {
            AimdLimit limit = AimdLimit.ofDefaults();
            assertEquals(10, limit.limit());
            assertEquals(1, AimdLimit.DEFAULT_MIN);
            assertEquals(200, AimdLimit.DEFAULT_MAX);
            long second = Duration.ofSeconds(1).toNanos();
            assertEquals(10, limit.onSample(T0, second, 10, false), "1 s is not slow");
            assertEquals(9, limit.onSample(T0, second + 1, 10, false), "1 s + 1 ns is");
        }
    }

    @Nested
    class Validation {
        @Test
        void refusesABadConfigurationNamingTheParameterAndValue() {
            Duration t = Duration.ofSeconds(1);
            assertEquals("need 1 <= min <= max <= 100000, not min 0 max 10",
                    assertThrows(IllegalArgumentException.class, () -> new AimdLimit(5, 0, 10, 0.9, t)).getMessage());
            assertEquals("need 1 <= min <= max <= 100000, not min 11 max 10",
                    assertThrows(IllegalArgumentException.class, () -> new AimdLimit(5, 11, 10, 0.9, t)).getMessage());
            assertEquals("need 1 <= min <= max <= 100000, not min 1 max 100001",
                    assertThrows(IllegalArgumentException.class, () -> new AimdLimit(5, 1, 100_001, 0.9, t)).getMessage());
            assertEquals("initial must be in 2..10, not 1",
                    assertThrows(IllegalArgumentException.class, () -> new AimdLimit(1, 2, 10, 0.9, t)).getMessage());
            assertEquals("initial must be in 2..10, not 11",
                    assertThrows(IllegalArgumentException.class, () -> new AimdLimit(11, 2, 10, 0.9, t)).getMessage());
            assertEquals("backoffRatio must be in [0.5, 1), not 1.0",
                    assertThrows(IllegalArgumentException.class, () -> new AimdLimit(5, 1, 10, 1.0, t)).getMessage());
            assertEquals("backoffRatio must be in [0.5, 1), not 0.49",
                    assertThrows(IllegalArgumentException.class, () -> new AimdLimit(5, 1, 10, 0.49, t)).getMessage());
            assertEquals("backoffRatio must be in [0.5, 1), not NaN",
                    assertThrows(IllegalArgumentException.class, () -> new AimdLimit(5, 1, 10, Double.NaN, t)).getMessage());
            assertEquals("slowThreshold must be in 1ms..1h, not PT0.000999999S",
                    assertThrows(IllegalArgumentException.class, () -> new AimdLimit(5, 1, 10, 0.9, Duration.ofNanos(999_999))).getMessage());
            assertEquals("slowThreshold must be in 1ms..1h, not PT1H0.000000001S",
                    assertThrows(IllegalArgumentException.class, () -> new AimdLimit(5, 1, 10, 0.9, Duration.ofHours(1).plusNanos(1))).getMessage());
            assertEquals("slowThreshold must be in 1ms..1h, not null",
                    assertThrows(IllegalArgumentException.class, () -> new AimdLimit(5, 1, 10, 0.9, null)).getMessage());
            new AimdLimit(1, 1, 100_000, 0.5, Duration.ofMillis(1));
            assertEquals(5, new AimdLimit(5, 5, 5, 0.9, t).limit(), "min = max: a fixed limit");
            new AimdLimit(100_000, 1, 100_000, 0.99, Duration.ofHours(1));
        }
    }
}
