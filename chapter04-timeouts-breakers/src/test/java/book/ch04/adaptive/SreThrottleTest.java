package book.ch04.adaptive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import book.ch04.time.ManualTicker;
import java.time.Duration;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class SreThrottleTest {

    private final ManualTicker ticker = new ManualTicker();
    private double coin = 0.5;

    private SreThrottle throttle() {
        return new SreThrottle(2, Duration.ofSeconds(10), 10, ticker::nanoTime, () -> coin);
    }

    @Nested
    class Probability {
        @Test
        void rejectsNothingWhileTheBackendAcceptsEverything() {
            SreThrottle t = throttle();
            coin = 0.0;
            for (int i = 0; i < 1000; i++) {
                assertTrue(t.allow());
                t.onAccepted();
            }
            assertEquals(0.0, t.rejectProbability());
        }

        @Test
        void followsTheFormulaExactly() {
            SreThrottle t = throttle();
            coin = 0.999;
            for (int i = 0; i < 10; i++) {
                t.allow();
            }
            assertEquals(10.0 / 11, t.rejectProbability(), 1e-12);
            for (int i = 0; i < 3; i++) {
                t.onAccepted();
            }
            assertEquals((10 - 2.0 * 3) / 11, t.rejectProbability(), 1e-12);
            for (int i = 0; i < 2; i++) {
                t.onAccepted();
            }
            assertEquals(0.0, t.rejectProbability(), "10 requests, 5 accepts: 10 - 2 x 5 = 0");
        }

        @Test
        void rejectsWhenTheCoinFallsBelowTheProbability() {
            SreThrottle t = throttle();
            coin = 0.999;
            for (int i = 0; i < 9; i++) {
                t.allow();                       // 9 requests, 0 accepts: p = 9/10
            }
            coin = 0.9;
            assertTrue(t.allow(), "a coin at p exactly sends");
            coin = 0.8999;                       // p is now 10/11 = 0.909
            assertFalse(t.allow());
        }

        @Test
        void locallyRejectedRequestsCountAsRequests() {
            SreThrottle t = throttle();
            coin = 0.0;
            t.allow();
            assertEquals(0.5, t.rejectProbability());
            assertFalse(t.allow());
            assertEquals(2, t.requests());
            assertEquals(0, t.accepts());
        }
    }

    @Nested
    class Window {
        @Test
        void forgetsBucketsThatLeftTheWindow() {
            SreThrottle t = throttle();                  // 10 s in 10 buckets of 1 s
            for (int i = 0; i < 10; i++) {
                t.allow();
            }
            ticker.advance(Duration.ofMillis(9_999));
            assertEquals(10, t.requests(), "still inside the window");
            t.allow();
            t.onAccepted();
            ticker.advance(Duration.ofMillis(1));
            assertEquals(1, t.requests(), "the first bucket left, the one at 9.999 s stayed");
            assertEquals(1, t.accepts());
            ticker.advance(Duration.ofSeconds(9));
            assertEquals(0, t.requests());
            assertEquals(0, t.accepts());
        }

        @Test
        void aLongIdleClearsEverythingWithoutWalkingEveryMissedBucket() {
            SreThrottle t = throttle();
            t.allow();
            t.onAccepted();
            ticker.advanceNanos(Long.MAX_VALUE / 2);
            assertEquals(0, t.requests());
            assertEquals(0.0, t.rejectProbability());
            assertTrue(t.allow());
            assertEquals(1, t.requests());
        }

        @Test
        void readsNoClockButTheTickerItIsGiven() {
            SreThrottle t = throttle();
            t.allow();
            for (int i = 0; i < 100; i++) {
                assertEquals(1, t.requests());
            }
        }
    }

    @Nested
    class Defaults {
        @Test
        void kIsTwoOverTwoMinutes() {
            assertEquals(2.0, SreThrottle.DEFAULT_K);
            assertEquals(Duration.ofMinutes(2), SreThrottle.DEFAULT_WINDOW);
            SreThrottle t = SreThrottle.ofDefaults();
            assertTrue(t.allow());
            assertEquals(0.5, t.rejectProbability());
        }
    }

    @Nested
    class Validation {
        @Test
        void refusesABadConfigurationNamingTheParameterAndValue() {
            Duration w = Duration.ofSeconds(10);
            assertEquals("k must be in [1, 10], not 0.99",
                    assertThrows(IllegalArgumentException.class, () -> new SreThrottle(0.99, w, 10, ticker::nanoTime, () -> 0)).getMessage());
            assertEquals("k must be in [1, 10], not 10.01",
                    assertThrows(IllegalArgumentException.class, () -> new SreThrottle(10.01, w, 10, ticker::nanoTime, () -> 0)).getMessage());
            assertEquals("k must be in [1, 10], not NaN",
                    assertThrows(IllegalArgumentException.class, () -> new SreThrottle(Double.NaN, w, 10, ticker::nanoTime, () -> 0)).getMessage());
            assertEquals("buckets must be in 1..3600, not 0",
                    assertThrows(IllegalArgumentException.class, () -> new SreThrottle(2, w, 0, ticker::nanoTime, () -> 0)).getMessage());
            assertEquals("buckets must be in 1..3600, not 3601",
                    assertThrows(IllegalArgumentException.class, () -> new SreThrottle(2, w, 3601, ticker::nanoTime, () -> 0)).getMessage());
            assertEquals("window must be in 1s..1h, not PT0.999S",
                    assertThrows(IllegalArgumentException.class, () -> new SreThrottle(2, Duration.ofMillis(999), 1, ticker::nanoTime, () -> 0)).getMessage());
            assertEquals("window must be in 1s..1h, not PT1H0.001S",
                    assertThrows(IllegalArgumentException.class, () -> new SreThrottle(2, Duration.ofMillis(3_600_001), 1, ticker::nanoTime, () -> 0)).getMessage());
            assertEquals("window must be in 1s..1h, not null",
                    assertThrows(IllegalArgumentException.class, () -> new SreThrottle(2, null, 1, ticker::nanoTime, () -> 0)).getMessage());
            assertEquals("nanoTime and random must not be null",
                    assertThrows(IllegalArgumentException.class, () -> new SreThrottle(2, w, 1, null, () -> 0)).getMessage());
            assertEquals("nanoTime and random must not be null",
                    assertThrows(IllegalArgumentException.class, () -> new SreThrottle(2, w, 1, ticker::nanoTime, null)).getMessage());
            new SreThrottle(1, Duration.ofSeconds(1), 1, ticker::nanoTime, () -> 0);
            new SreThrottle(10, Duration.ofHours(1), 3600, ticker::nanoTime, () -> 0);
        }
    }
}
