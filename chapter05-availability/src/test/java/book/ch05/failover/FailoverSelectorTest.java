package book.ch05.failover;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import book.ch05.time.ManualTicker;
import java.time.Duration;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class FailoverSelectorTest {

    final ManualTicker ticker = new ManualTicker();
    /** Fall after 2, rise after 3, at least 30 s on the backup. */
    final FailoverSelector selector = new FailoverSelector(3, ticker::nanoTime);

    void fail(int endpoint, int times) {
        for (int i = 0; i < times; i++) {
            selector.recordFailure(endpoint);
        }
    }

    void succeed(int endpoint, int times) {
        for (int i = 0; i < times; i++) {
            selector.recordSuccess(endpoint);
        }
    }

    @Nested
    class Failover {
        @Test
        void usesThePrimaryWhileItIsUp() {
            assertEquals(0, selector.current());
            fail(0, 1);
            assertEquals(0, selector.current(), "one failure is not enough to leave");
            assertTrue(selector.isUp(0));
        }

        @Test
        void movesToTheFirstBackupAfterFallAfterConsecutiveFailures() {
            fail(0, 2);
            assertFalse(selector.isUp(0));
            assertEquals(1, selector.current());
            assertEquals(1, selector.failovers());
        }

        @Test
        void aSuccessBetweenFailuresResetsTheCount() {
            fail(0, 1);
            succeed(0, 1);
            fail(0, 1);
            assertEquals(0, selector.current());
        }

        @Test
        void skipsABackupThatIsDownToo() {
            fail(1, 2);
            fail(0, 2);
            assertEquals(2, selector.current());
            assertEquals(1, selector.failovers());
            fail(2, 2);
            assertEquals(0, selector.current(), "everything down: the primary, rather than nothing");
        }

        @Test
        void aBackupThatFailsHandsOverToTheNextWithoutCountingAFailover() {
            fail(0, 2);
            assertEquals(1, selector.current());
            fail(1, 2);
            assertEquals(2, selector.current());
            assertEquals(1, selector.failovers());
        }

        @Test
        void offersAnAlternativeThatIsUp() {
            assertEquals(1, selector.alternativeTo(0));
            assertEquals(0, selector.alternativeTo(1));
            fail(1, 2);
            assertEquals(2, selector.alternativeTo(0));
            fail(2, 2);
            assertEquals(-1, selector.alternativeTo(0));
        }
    }

    @Nested
    class Failback {
        @Test
        void returnsAfterRiseAfterHealthyReportsAndTheMinimumTime() {
            fail(0, 2);
            assertEquals(1, selector.current());
            succeed(0, 2);
            ticker.advance(Duration.ofMinutes(5));
            assertEquals(1, selector.current(), "two healthy reports are not three");
            succeed(0, 1);
            assertEquals(0, selector.current());
            assertEquals(1, selector.failbacks());
        }

        @Test
        void staysOnTheBackupUntilTheMinimumTimeHasPassedEvenIfThePrimaryIsHealthy() {
            fail(0, 2);
            assertEquals(1, selector.current());
            succeed(0, 3);
            ticker.advance(Duration.ofSeconds(30).minusNanos(1));
            assertEquals(1, selector.current());
            ticker.advanceNanos(1);
            assertEquals(0, selector.current());
        }

        @Test
        void aPrimaryAnsweringOneCheckInTwoNeverDragsTheTrafficBack() {
            fail(0, 2);
            assertEquals(1, selector.current());
            for (int i = 0; i < 100; i++) {
                selector.recordSuccess(0);
                selector.recordFailure(0);
                ticker.advance(Duration.ofSeconds(10));
                assertEquals(1, selector.current());
            }
            assertEquals(0, selector.failbacks());
            assertEquals(1, selector.failovers());
        }

        @Test
        void aPrimaryThatCrashesAgainAfterFailbackMovesAtMostOncePerMinimumTime() {
            for (int cycle = 0; cycle < 3; cycle++) {
                fail(0, 2);
                assertEquals(1, selector.current());
                succeed(0, 3);
                ticker.advance(Duration.ofSeconds(29));
                assertEquals(1, selector.current());
                ticker.advance(Duration.ofSeconds(1));
                assertEquals(0, selector.current());
            }
            assertEquals(3, selector.failovers());
            assertEquals(3, selector.failbacks());
        }

        @Test
        void neverReadsTheWallClock() {
            // time stands still on the injected ticker: however long the wall clock says it was, no failback
            fail(0, 2);
            selector.current();
            succeed(0, 3);
            assertEquals(1, selector.current());
        }

        @Test
        void countsSaturateThroughALongOutage() {
            fail(0, 1_000_000);
            succeed(0, 3);
            ticker.advance(Duration.ofHours(1));
            assertEquals(0, selector.current());
        }
    }

    @Test
    void refusesBadSettingsNamingThem() {
        assertEquals("endpoints must be 2..100 (a primary and backups), not 1",
                assertThrows(IllegalArgumentException.class, () -> new FailoverSelector(1, ticker::nanoTime)).getMessage());
        assertEquals("endpoints must be 2..100 (a primary and backups), not 101",
                assertThrows(IllegalArgumentException.class, () -> new FailoverSelector(101, ticker::nanoTime)).getMessage());
        assertEquals("fallAfter must be 1..100, not 0",
                assertThrows(IllegalArgumentException.class, () -> new FailoverSelector(2, 0, 1, Duration.ZERO, ticker::nanoTime)).getMessage());
        assertEquals("fallAfter must be 1..100, not 101",
                assertThrows(IllegalArgumentException.class, () -> new FailoverSelector(2, 101, 1, Duration.ZERO, ticker::nanoTime)).getMessage());
        assertEquals("riseAfter must be 1..100, not 0",
                assertThrows(IllegalArgumentException.class, () -> new FailoverSelector(2, 1, 0, Duration.ZERO, ticker::nanoTime)).getMessage());
        assertEquals("riseAfter must be 1..100, not 101",
                assertThrows(IllegalArgumentException.class, () -> new FailoverSelector(2, 1, 101, Duration.ZERO, ticker::nanoTime)).getMessage());
        assertEquals("minBackupTime must be 0..1h, not PT-1S",
                assertThrows(IllegalArgumentException.class, () -> new FailoverSelector(2, 1, 1, Duration.ofSeconds(-1), ticker::nanoTime)).getMessage());
        assertEquals("minBackupTime must be 0..1h, not PT1H0.000000001S",
                assertThrows(IllegalArgumentException.class, () -> new FailoverSelector(2, 1, 1, Duration.ofHours(1).plusNanos(1), ticker::nanoTime)).getMessage());
        FailoverSelector edges = new FailoverSelector(100, 100, 100, Duration.ofHours(1), ticker::nanoTime);
        assertEquals(100, edges.endpoints());
        FailoverSelector fast = new FailoverSelector(2, 1, 1, Duration.ZERO, ticker::nanoTime);
        fast.recordFailure(0);
        assertEquals(1, fast.current());
        fast.recordSuccess(0);
        assertEquals(0, fast.current(), "rise after 1, no minimum time: back at once");
    }
}
