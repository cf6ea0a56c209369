package book.ch04.time;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** A deadline is created once and answers "how much time is left" exactly, on a monotonic ticker. */
class DeadlineTest {

    private final ManualTicker ticker = new ManualTicker();

    @Nested
    class TimeLeft {
        @Test
        void shrinksAsTheTickerAdvances() {
            Deadline d = Deadline.after(Duration.ofMillis(100), ticker);
            assertEquals(100_000_000L, d.remainingNanos());
            ticker.advance(Duration.ofMillis(30));
            assertEquals(70_000_000L, d.remainingNanos());
            assertEquals(Duration.ofMillis(70), d.remaining());
            assertFalse(d.expired());
        }

        @Test
        void expiresExactlyAtTheBudgetAndGoesNegativeAfter() {
            Deadline d = Deadline.after(Duration.ofMillis(100), ticker);
            ticker.advance(Duration.ofMillis(100));
            assertTrue(d.expired());
            assertEquals(0, d.remainingNanos());
            ticker.advanceNanos(1);
            assertEquals(-1, d.remainingNanos());
            assertEquals(Duration.ZERO, d.remaining());
        }

        @Test
        void oneNanosecondBeforeTheEndIsNotExpired() {
            Deadline d = Deadline.afterNanos(10, ticker);
            ticker.advanceNanos(9);
            assertFalse(d.expired());
            assertEquals(1, d.remainingNanos());
        }

        @Test
        void aNegativeBudgetIsAlreadyExpired() {
            assertTrue(Deadline.after(Duration.ofMillis(-1), ticker).expired());
        }

        @Test
        void aHugeBudgetSaturatesInsteadOfOverflowing() {
            ManualTicker late = new ManualTicker(Long.MAX_VALUE - 10);
            Deadline d = Deadline.after(Duration.ofMillis(Long.MAX_VALUE), late);
            late.advanceNanos(20); // the reading wraps past Long.MAX_VALUE; differences still work
            assertEquals(Long.MAX_VALUE - 20, d.remainingNanos());
            assertFalse(d.expired());
        }

        @Test
        void aHugeNegativeBudgetSaturatesToExpired() {
            Deadline d = Deadline.after(Duration.ofSeconds(Long.MIN_VALUE / 2), ticker);
            assertTrue(d.expired());
            assertTrue(d.remainingNanos() < 0);
        }

        @Test
        void neverReadsTheWallClock() {
            // Everything above ran on a ticker that moves only when told to; here the ticker
            // stands still while real time passes, and nothing changes.
            Deadline d = Deadline.after(Duration.ofMillis(5), ticker);
            long before = d.remainingNanos();
            long spin = System.nanoTime() + 10_000_000L;
            while (System.nanoTime() < spin) {
                Thread.onSpinWait();
            }
            assertEquals(before, d.remainingNanos());
        }

        @Test
        void printsTheMillisecondsLeft() {
            assertEquals("Deadline[250 ms left]", Deadline.after(Duration.ofMillis(250), ticker).toString());
        }
    }

    @Nested
    class Narrowing {
        @Test
        void anAttemptGetsItsOwnTimeoutWhenMoreIsLeft() {
            Deadline d = Deadline.after(Duration.ofSeconds(10), ticker);
            Deadline attempt = d.narrowTo(Duration.ofSeconds(2));
            assertEquals(Duration.ofSeconds(2), attempt.remaining());
        }

        @Test
        void anAttemptNeverGetsMoreThanIsLeft() {
            Deadline d = Deadline.after(Duration.ofSeconds(10), ticker);
            ticker.advance(Duration.ofSeconds(9));
            Deadline attempt = d.narrowTo(Duration.ofSeconds(2));
            assertEquals(Duration.ofSeconds(1), attempt.remaining());
            ticker.advance(Duration.ofSeconds(1));
            assertTrue(attempt.expired());
            assertTrue(d.expired());
        }

        @Test
        void narrowingWithAHugeDurationKeepsTheDeadline() {
            Deadline d = Deadline.after(Duration.ofSeconds(3), ticker);
            assertEquals(Duration.ofSeconds(3), d.narrowTo(Duration.ofSeconds(Long.MAX_VALUE)).remaining());
        }
    }

    @Nested
    class Checks {
        @Test
        void checkPassesWhileTimeIsLeft() throws Exception {
            Deadline d = Deadline.afterNanos(1, ticker);
            d.check("call");
        }

        @Test
        void checkFailsOnceExpiredNamingWhat() {
            Deadline d = Deadline.after(Duration.ofMillis(10), ticker);
            ticker.advance(Duration.ofMillis(10));
            var e = assertThrows(Deadline.ExceededException.class, () -> d.check("attempt 2"));
            assertEquals("attempt 2: 0 ms left of the deadline, need at least 0 ms", e.getMessage());
        }

        @Test
        void noAttemptStartsWithLessThanTheMinimumLeft() throws Exception {
            Deadline d = Deadline.after(Duration.ofMillis(100), ticker);
            ticker.advance(Duration.ofMillis(60));
            d.checkLeft(Duration.ofMillis(40), "attempt");
            ticker.advanceNanos(1);
            var e = assertThrows(Deadline.ExceededException.class, () -> d.checkLeft(Duration.ofMillis(40), "attempt"));
            assertEquals("attempt: 39 ms left of the deadline, need at least 40 ms", e.getMessage());
        }

        @Test
        void theExceptionIsAnIOExceptionButNotASocketTimeout() {
            assertTrue(java.io.IOException.class.isAssignableFrom(Deadline.ExceededException.class));
            assertFalse(java.net.SocketTimeoutException.class.isAssignableFrom(Deadline.ExceededException.class));
        }
    }

    @Nested
    class SocketTimeouts {
        @Test
        void isTheTimeLeftRoundedUp() throws Exception {
            Deadline d = Deadline.afterNanos(1_500_001, ticker);
            assertEquals(2, d.socketTimeoutMillis("read"));
        }

        @Test
        void isNeverZeroBecauseZeroMeansForever() throws Exception {
            assertEquals(1, Deadline.afterNanos(1, ticker).socketTimeoutMillis("read"));
        }

        @Test
        void exactMillisecondsStayExact() throws Exception {
            assertEquals(250, Deadline.after(Duration.ofMillis(250), ticker).socketTimeoutMillis("read"));
        }

        @Test
        void isCappedAtTheLargestIntForAHugeBudget() throws Exception {
            assertEquals(Integer.MAX_VALUE, Deadline.after(Duration.ofDays(365), ticker).socketTimeoutMillis("read"));
        }

        @Test
        void throwsOnceExpired() {
            Deadline d = Deadline.after(Duration.ofMillis(1), ticker);
            ticker.advance(Duration.ofMillis(1));
            assertThrows(Deadline.ExceededException.class, () -> d.socketTimeoutMillis("read"));
        }
    }
}
