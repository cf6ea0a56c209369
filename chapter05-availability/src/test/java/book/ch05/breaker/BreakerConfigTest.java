package book.ch05.breaker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The breaker's configuration: defaults safe to copy, and a refusal naming the parameter and the value. */
class BreakerConfigTest {

    static BreakerConfig defaults = BreakerConfig.defaults("dep");

    static String refusal(Runnable r) {
        return assertThrows(IllegalArgumentException.class, r::run).getMessage();
    }

    @Nested
    class Defaults {
        @Test
        void fiveConsecutiveFailuresOpenItNotTheFirst() {
            assertEquals(5, defaults.consecutiveFailures());
        }

        @Test
        void halfTheLastHundredCallsFailingOpensItOnceTwentyAreIn() {
            assertEquals(BreakerConfig.Window.lastCalls(100), defaults.window());
            assertEquals(20, defaults.minimumCalls());
            assertEquals(50.0, defaults.failureRatePercent());
        }

        @Test
        void everyCallSlowerThanTenSecondsOpensIt() {
            assertEquals(Duration.ofSeconds(10), defaults.slowCallDuration());
            assertEquals(100.0, defaults.slowCallRatePercent());
        }

        @Test
        void itStaysOpenSixtySecondsThenSendsThreeProbesGivenThirtySeconds() {
            assertEquals(Duration.ofSeconds(60), defaults.openWait());
            assertEquals(3, defaults.halfOpenProbes());
            assertEquals(Duration.ofSeconds(30), defaults.probeTimeout());
        }

        @Test
        void theWithersChangeOneParameterEach() {
            BreakerConfig c = defaults.withConsecutiveFailures(7).withWindow(BreakerConfig.Window.lastDuration(Duration.ofSeconds(5)))
                    .withMinimumCalls(3).withFailureRatePercent(25).withSlowCalls(null, 60)
                    .withOpenWait(Duration.ofSeconds(2)).withHalfOpenProbes(1, Duration.ofSeconds(4));
            assertEquals(new BreakerConfig("dep", 7, BreakerConfig.Window.lastDuration(Duration.ofSeconds(5)), 3, 25, null, 60,
                    Duration.ofSeconds(2), 1, Duration.ofSeconds(4)), c);
            assertNull(c.slowCallDuration());
            assertTrue(c.window().isTimeBased());
        }
    }

    @Nested
    class Refusals {
        @Test
        void namesTheParameterTheRangeAndTheValue() {
            assertEquals("consecutiveFailures must be within 1..1000000, got -1", refusal(() -> defaults.withConsecutiveFailures(-1)));
            assertEquals("consecutiveFailures must be within 1..1000000, got 1000001", refusal(() -> defaults.withConsecutiveFailures(1_000_001)));
            assertEquals("minimumCalls must be within 1..1000000, got 0", refusal(() -> defaults.withMinimumCalls(0)));
            assertEquals("minimumCalls must be within 1..1000000, got 1000001", refusal(() -> defaults.withMinimumCalls(1_000_001)));
            assertEquals("failureRatePercent must be within (0, 100], got 0.0", refusal(() -> defaults.withFailureRatePercent(0)));
            assertEquals("failureRatePercent must be within (0, 100], got 100.5", refusal(() -> defaults.withFailureRatePercent(100.5)));
            assertEquals("failureRatePercent must be within (0, 100], got NaN", refusal(() -> defaults.withFailureRatePercent(Double.NaN)));
            assertEquals("slowCallRatePercent must be within (0, 100], got -3.0", refusal(() -> defaults.withSlowCalls(Duration.ofSeconds(1), -3)));
            assertEquals("slowCallDuration must be within PT0.001S..PT24H, got PT0S", refusal(() -> defaults.withSlowCalls(Duration.ZERO, 50)));
            assertEquals("openWait must be within PT0.001S..PT24H, got PT24H0.001S",
                    refusal(() -> defaults.withOpenWait(Duration.ofHours(24).plusMillis(1))));
            assertEquals("openWait must be within PT0.001S..PT24H, got PT-1S", refusal(() -> defaults.withOpenWait(Duration.ofSeconds(-1))));
            assertEquals("halfOpenProbes must be within 1..1000, got 0", refusal(() -> defaults.withHalfOpenProbes(0, Duration.ofSeconds(1))));
            assertEquals("halfOpenProbes must be within 1..1000, got 1001", refusal(() -> defaults.withHalfOpenProbes(1001, Duration.ofSeconds(1))));
            assertEquals("probeTimeout must be within PT0.001S..PT24H, got PT0.0009S",
                    refusal(() -> defaults.withHalfOpenProbes(1, Duration.ofNanos(900_000))));
            assertEquals("name must not be blank", refusal(() -> BreakerConfig.defaults(" ")));
        }

        @Test
        void theLargestDurationsAreAcceptedAndCannotOverflowInNanoseconds() {
            BreakerConfig c = defaults.withOpenWait(Duration.ofHours(24)).withHalfOpenProbes(1000, Duration.ofHours(24))
                    .withSlowCalls(Duration.ofHours(24), 100).withConsecutiveFailures(BreakerConfig.OFF)
                    .withMinimumCalls(1_000_000).withWindow(BreakerConfig.Window.lastDuration(Duration.ofHours(1)));
            assertEquals(Duration.ofHours(24).toNanos(), c.openWait().toNanos());
            assertEquals(BreakerConfig.OFF, c.consecutiveFailures());
            assertEquals(Duration.ofMillis(1), defaults.withOpenWait(Duration.ofMillis(1)).openWait());
        }

        @Test
        void aWindowIsCallsOrADurationWithinItsRange() {
            assertEquals("window calls must be within 1..1000000, got 0", refusal(() -> BreakerConfig.Window.lastCalls(0)));
            assertEquals("window calls must be within 1..1000000, got 1000001", refusal(() -> BreakerConfig.Window.lastCalls(1_000_001)));
            assertEquals(1_000_000, BreakerConfig.Window.lastCalls(1_000_000).calls());
            assertEquals("window duration must be within PT0.01S..PT1H, got PT0.009S",
                    refusal(() -> BreakerConfig.Window.lastDuration(Duration.ofMillis(9))));
            assertEquals("window duration must be within PT0.01S..PT1H, got PT1H0.001S",
                    refusal(() -> BreakerConfig.Window.lastDuration(Duration.ofHours(1).plusMillis(1))));
            assertEquals(Duration.ofMillis(10), BreakerConfig.Window.lastDuration(Duration.ofMillis(10)).duration());
            assertEquals("window: give calls or a duration, not both, got calls=5 duration=PT1S",
                    refusal(() -> new BreakerConfig.Window(5, Duration.ofSeconds(1))));
            assertEquals("window calls must be within 1..1000000, got 0", refusal(() -> new BreakerConfig.Window(0, null)));
        }

        @Test
        void nullsAreRefusedByName() {
            assertEquals("name", assertThrows(NullPointerException.class, () -> BreakerConfig.defaults(null)).getMessage());
            assertEquals("window", assertThrows(NullPointerException.class, () -> defaults.withWindow(null)).getMessage());
            assertEquals("openWait", assertThrows(NullPointerException.class, () -> defaults.withOpenWait(null)).getMessage());
            assertEquals("window duration", assertThrows(NullPointerException.class, () -> BreakerConfig.Window.lastDuration(null)).getMessage());
        }
    }
}
