package book.ch05.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import book.ch05.time.ManualTicker;
import java.time.Duration;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class FixedTimeoutDetectorTest {

    private final ManualTicker ticker = new ManualTicker();
    private final FixedTimeoutDetector detector = new FixedTimeoutDetector(Duration.ofMillis(500), ticker);

    @Nested
    class BeforeTheFirstHeartbeat {
        @Test
        void aPeerNeverHeardFromIsNotSuspected() {
            ticker.advance(Duration.ofHours(1));
            assertFalse(detector.isMonitoring());
            assertTrue(detector.isAvailable());
            assertEquals(0.0, detector.suspicion());
        }
    }

    @Nested
    class AfterAHeartbeat {
        @Test
        void aSilenceUpToTheTimeoutIsToleratedAndOneNanosecondMoreIsNot() {
            detector.heartbeat();
            assertTrue(detector.isMonitoring());
            ticker.advance(Duration.ofMillis(500));
            assertTrue(detector.isAvailable());
            assertEquals(1.0, detector.suspicion());
            ticker.advanceNanos(1);
            assertFalse(detector.isAvailable());
            assertTrue(detector.suspicion() > 1.0);
        }

        @Test
        void eachHeartbeatRestartsTheSilence() {
            detector.heartbeat();
            ticker.advance(Duration.ofMillis(400));
            detector.heartbeat();
            ticker.advance(Duration.ofMillis(400));
            assertTrue(detector.isAvailable());
            assertEquals(0.8, detector.suspicion(), 1e-12);
        }

        @Test
        void aSuspectedPeerIsAvailableAgainWithItsNextHeartbeat() {
            detector.heartbeat();
            ticker.advance(Duration.ofSeconds(10));
            assertFalse(detector.isAvailable());
            detector.heartbeat();
            assertTrue(detector.isAvailable());
            assertEquals(0.0, detector.suspicion());
        }

        @Test
        void worksWhereTheTickerReadsNegativeAndWrapsPastLongMax() {
            ManualTicker wrapping = new ManualTicker(Long.MAX_VALUE - 100);
            FixedTimeoutDetector d = new FixedTimeoutDetector(Duration.ofNanos(1_000), wrapping);
            d.heartbeat();
            wrapping.advanceNanos(1_000); // the reading wraps to a negative number
            assertTrue(d.isAvailable());
            wrapping.advanceNanos(1);
            assertFalse(d.isAvailable());
        }
    }

    @Nested
    class Configuration {
        @Test
        void aHugeTimeoutSaturatesInsteadOfOverflowing() {
            FixedTimeoutDetector d = new FixedTimeoutDetector(Duration.ofSeconds(Long.MAX_VALUE), ticker);
            assertEquals(Long.MAX_VALUE, d.timeoutNanos());
            d.heartbeat();
            ticker.advance(Duration.ofDays(365 * 100));
            assertTrue(d.isAvailable());
        }

        @Test
        void refusesAZeroNegativeOrMissingTimeoutNamingIt() {
            assertEquals("timeout must be positive, not PT0S", assertThrows(IllegalArgumentException.class,
                    () -> new FixedTimeoutDetector(Duration.ZERO, ticker)).getMessage());
            assertEquals("timeout must be positive, not PT-0.001S", assertThrows(IllegalArgumentException.class,
                    () -> new FixedTimeoutDetector(Duration.ofMillis(-1), ticker)).getMessage());
            assertEquals("timeout must be positive, not null", assertThrows(IllegalArgumentException.class,
                    () -> new FixedTimeoutDetector(null, ticker)).getMessage());
            assertEquals("ticker must not be null", assertThrows(IllegalArgumentException.class,
                    () -> new FixedTimeoutDetector(Duration.ofSeconds(1), null)).getMessage());
        }

        @Test
        void neverReadsTheWallClock() {
            // Everything it knows about time comes from the ticker: with the ticker stopped,
            // no amount of real (or stepped wall-clock) time changes its answer.
            detector.heartbeat();
            ticker.advance(Duration.ofMillis(499));
            for (int i = 0; i < 3; i++) {
                assertTrue(detector.isAvailable());
                assertEquals(0.998, detector.suspicion(), 1e-12);
            }
        }
    }
}
