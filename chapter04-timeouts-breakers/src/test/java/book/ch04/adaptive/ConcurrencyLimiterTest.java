package book.ch04.adaptive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import book.ch04.time.ManualTicker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class ConcurrencyLimiterTest {

    private final ManualTicker ticker = new ManualTicker();

    private ConcurrencyLimiter limiter(int initial) {
        return new ConcurrencyLimiter(new AimdLimit(initial, 1, 100, 0.5, Duration.ofMillis(100)), ticker::nanoTime);
    }

    private List<ConcurrencyLimiter.Call> fill(ConcurrencyLimiter limiter) {
        List<ConcurrencyLimiter.Call> calls = new ArrayList<>();
        ConcurrencyLimiter.Call c;
        while ((c = limiter.tryAcquire()) != null) {
            calls.add(c);
        }
        return calls;
    }

    @Nested
    class Admission {
        @Test
        void admitsUpToTheLimitAndRefusesTheNext() {
            ConcurrencyLimiter limiter = limiter(3);
            assertEquals(3, fill(limiter).size());
            assertEquals(3, limiter.inFlight());
            assertNull(limiter.tryAcquire());
        }

        @Test
        void anIgnoredCallFreesItsPlaceAndTeachesTheLimitNothing() {
            ConcurrencyLimiter limiter = limiter(2);
            List<ConcurrencyLimiter.Call> calls = fill(limiter);
            ticker.advance(Duration.ofSeconds(10));                     // would be slow
            calls.get(0).ignore();
            assertEquals(1, limiter.inFlight());
            assertEquals(2, limiter.limit());
        }

        @Test
        void aFinishedCallFreesItsPlaceOnceHoweverOftenItReports() {
            ConcurrencyLimiter limiter = limiter(2);
            List<ConcurrencyLimiter.Call> calls = fill(limiter);
            calls.get(0).ignore();
            calls.get(0).success();
            calls.get(0).dropped();
            assertEquals(1, limiter.inFlight());
            assertEquals(2, limiter.limit(), "ignore() feeds no sample, and later reports are ignored");
        }
    }

    @Nested
    class Feedback {
        @Test
        void aRoundTripOfGoodFastCallsAtTheLimitRaisesItByOne() {
            ConcurrencyLimiter limiter = limiter(2);
            List<ConcurrencyLimiter.Call> calls = fill(limiter);
            ticker.advance(Duration.ofMillis(10));
            calls.forEach(ConcurrencyLimiter.Call::success);
            assertEquals(3, limiter.limit());
            assertEquals(3, fill(limiter).size());
        }

        @Test
        void aDroppedCallHalvesItWithRatioOneHalf() {
            ConcurrencyLimiter limiter = limiter(8);
            fill(limiter).get(0).dropped();
            assertEquals(4, limiter.limit());
            assertNull(limiter.tryAcquire(), "7 still in flight above a limit of 4");
        }

        @Test
        void theRoundTripIsMeasuredOnTheTickerFromAcquireToReport() {
            ConcurrencyLimiter limiter = limiter(8);
            ConcurrencyLimiter.Call slow = limiter.tryAcquire();
            ticker.advance(Duration.ofMillis(100));
            ConcurrencyLimiter.Call fast = limiter.tryAcquire();
            ticker.advanceNanos(1);
            fast.success();
            assertEquals(8, limiter.limit(), "fast: no cut");
            slow.success();
            assertEquals(4, limiter.limit(), "100 ms + 1 ns is over the 100 ms threshold");
        }

        @Test
        void classifiesStatusesAsTheBookDoes() {
            for (int s : new int[] {200, 204, 304, 400, 404, 409, 422}) {
                assertFalse(ConcurrencyLimiter.isDropped(s), "" + s);
            }
            for (int s : new int[] {429, 500, 502, 503, 504}) {
                assertTrue(ConcurrencyLimiter.isDropped(s), "" + s);
            }
            assertFalse(ConcurrencyLimiter.isDropped(499));
            assertFalse(ConcurrencyLimiter.isDropped(428));
            assertFalse(ConcurrencyLimiter.isDropped(430));
        }
    }

    @Test
    void refusesNulls() {
        assertEquals("limit and nanoTime must not be null",
                assertThrows(IllegalArgumentException.class, () -> new ConcurrencyLimiter(null, ticker::nanoTime)).getMessage());
        assertEquals("limit and nanoTime must not be null",
                assertThrows(IllegalArgumentException.class, () -> new ConcurrencyLimiter(AimdLimit.ofDefaults(), null)).getMessage());
        assertNotNull(new ConcurrencyLimiter(AimdLimit.ofDefaults(), ticker::nanoTime).tryAcquire());
    }
}
