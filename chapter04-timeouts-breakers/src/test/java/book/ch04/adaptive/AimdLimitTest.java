package book.ch04.adaptive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class AimdLimitTest {

    private static final long FAST = Duration.ofMillis(10).toNanos();
    private static final long THRESHOLD = Duration.ofMillis(100).toNanos();

    private static AimdLimit limit(int initial, int min, int max) {
        return new AimdLimit(initial, min, max, 0.9, Duration.ofMillis(100));
    }

    @Nested
    class Increase {
        @Test
        void growsByOneForEachGoodSampleWhileTheLimitIsUsed() {
            AimdLimit limit = limit(10, 1, 200);
            assertEquals(11, limit.onSample(FAST, 10, false));
            assertEquals(12, limit.onSample(FAST, 6, false), "6 x 2 >= 11: in use");
            assertEquals(12, limit.limit());
        }

        @Test
        void doesNotGrowALimitThatIsMostlyIdle() {
            AimdLimit limit = limit(10, 1, 200);
            assertEquals(10, limit.onSample(FAST, 4, false), "4 x 2 < 10: the limit is not the bottleneck");
            assertEquals(11, limit.onSample(FAST, 5, false), "5 x 2 = 10: exactly half counts as used");
        }

        @Test
        void stopsAtTheMaximum() {
            AimdLimit limit = limit(199, 1, 200);
            assertEquals(200, limit.onSample(FAST, 200, false));
            assertEquals(200, limit.onSample(FAST, 200, false));
        }

        @Test
        void aSampleExactlyAtTheThresholdIsNotSlow() {
            AimdLimit limit = limit(10, 1, 200);
            assertEquals(11, limit.onSample(THRESHOLD, 10, false));
            assertEquals(9, limit.onSample(THRESHOLD + 1, 10, false));
        }
    }

    @Nested
    class Decrease {
        @Test
        void cutsByTheBackoffRatioOnADrop() {
            AimdLimit limit = limit(100, 1, 200);
            assertEquals(90, limit.onSample(FAST, 100, true));
            assertEquals(81, limit.onSample(FAST, 0, true), "a drop cuts whatever the in-flight count");
        }

        @Test
        void cutsOnASlowSampleAsOnADrop() {
            AimdLimit limit = limit(100, 1, 200);
            assertEquals(90, limit.onSample(THRESHOLD * 10, 100, false));
        }

        @Test
        void aSmallLimitStillGoesDownByAtLeastOne() {
            AimdLimit limit = limit(9, 1, 200);
            assertEquals(8, limit.onSample(FAST, 9, true));
            assertEquals(7, limit.onSample(FAST, 9, true));
            AimdLimit two = limit(2, 1, 200);
            assertEquals(1, two.onSample(FAST, 2, true));
        }

        @Test
        void neverGoesBelowTheMinimum() {
            AimdLimit limit = limit(5, 4, 200);
            assertEquals(4, limit.onSample(FAST, 5, true));
            assertEquals(4, limit.onSample(FAST, 5, true));
            AimdLimit one = limit(1, 1, 200);
            assertEquals(1, one.onSample(FAST, 1, true));
        }
    }

    @Nested
    class Defaults {
        @Test
        void startAtTenBetweenOneAndTwoHundredCuttingByATenth() {
            AimdLimit limit = AimdLimit.ofDefaults();
            assertEquals(10, limit.limit());
            assertEquals(9, limit.onSample(FAST, 10, true));
            assertEquals(10, limit.onSample(Duration.ofSeconds(1).toNanos(), 9, false), "1 s is not slow");
            assertEquals(9, limit.onSample(Duration.ofSeconds(1).toNanos() + 1, 10, false), "1 s + 1 ns is");
            assertEquals(1, AimdLimit.DEFAULT_MIN);
            assertEquals(200, AimdLimit.DEFAULT_MAX);
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
            new AimdLimit(100_000, 1, 100_000, 0.99, Duration.ofHours(1));
        }
    }
}
