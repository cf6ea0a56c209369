package book.ch04.ratelimit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import book.ch04.time.ManualTicker;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class TokenBucketTest {

    private final ManualTicker ticker = new ManualTicker();

    private int take(TokenBucket bucket, int attempts) {
        int granted = 0;
        for (int i = 0; i < attempts; i++) {
            if (bucket.tryAcquire()) {
                granted++;
            }
        }
        return granted;
    }

    @Nested
    class Smooth {
        @Test
        void spacesPermitsOneIntervalApartAndNeverTwoAtOnce() {
            TokenBucket bucket = TokenBucket.smooth(10, ticker::nanoTime);
            assertTrue(bucket.tryAcquire());
            assertFalse(bucket.tryAcquire());
            ticker.advance(Duration.ofNanos(99_999_999));
            assertFalse(bucket.tryAcquire(), "one nanosecond early");
            ticker.advanceNanos(1);
            assertTrue(bucket.tryAcquire());
            assertFalse(bucket.tryAcquire());
        }

        @Test
        void anIdleSpellSavesNothingUp() {
            TokenBucket bucket = TokenBucket.smooth(10, ticker::nanoTime);
            ticker.advance(Duration.ofHours(1));
            assertEquals(1, take(bucket, 100));
        }
    }

    @Nested
    class Bursty {
        @Test
        void grantsTheBurstAtOnceThenTheRate() {
            TokenBucket bucket = TokenBucket.bursty(10, 5, ticker::nanoTime);
            assertEquals(5, take(bucket, 100));
            ticker.advance(Duration.ofMillis(100));
            assertEquals(1, take(bucket, 100));
            ticker.advance(Duration.ofMillis(250));
            assertEquals(2, take(bucket, 100));
            ticker.advance(Duration.ofMillis(50));
            assertEquals(1, take(bucket, 100), "the half interval left over counts");
        }

        @Test
        void refillsToTheBurstAndNoFurther() {
            TokenBucket bucket = TokenBucket.bursty(10, 5, ticker::nanoTime);
            assertEquals(5, take(bucket, 5));
            ticker.advance(Duration.ofSeconds(10));
            assertEquals(5, bucket.available());
            assertEquals(5, take(bucket, 100));
            assertEquals(0, bucket.available());
        }

        @Test
        void takesSeveralPermitsAllOrNothing() {
            TokenBucket bucket = TokenBucket.bursty(10, 5, ticker::nanoTime);
            assertTrue(bucket.tryAcquire(3));
            assertFalse(bucket.tryAcquire(3), "only 2 left: none taken");
            assertTrue(bucket.tryAcquire(2));
            assertFalse(bucket.tryAcquire(1));
        }

        @Test
        void tellsHowLongUntilPermitsAreThere() {
            TokenBucket bucket = TokenBucket.bursty(10, 5, ticker::nanoTime);
            assertEquals(Duration.ZERO, bucket.timeUntil(5));
            assertTrue(bucket.tryAcquire(5));
            assertEquals(Duration.ofMillis(100), bucket.timeUntil(1));
            assertEquals(Duration.ofMillis(300), bucket.timeUntil(3));
            ticker.advance(Duration.ofMillis(30));
            assertEquals(Duration.ofMillis(70), bucket.timeUntil(1));
            ticker.advance(Duration.ofMillis(70));
            assertEquals(Duration.ZERO, bucket.timeUntil(1));
            assertTrue(bucket.tryAcquire());
        }
    }

    @Nested
    class Defaults {
        @Test
        void theDefaultLimitsToTenASecondWithABurstOfTen() {
            TokenBucket bucket = TokenBucket.defaults();
            assertEquals(10, bucket.burst());
            assertEquals(100_000_000L, bucket.intervalNanos());
            TokenBucket same = TokenBucket.bursty(TokenBucket.DEFAULT_RATE_PER_SECOND, TokenBucket.DEFAULT_BURST, ticker::nanoTime);
            assertEquals(10, take(same, 1_000), "a default that limits: 10 of 1000 back-to-back calls");
        }
    }

    @Nested
    class Time {
        @Test
        void aLongIdleAtTheHighestRateDoesNotOverflow() {
            TokenBucket bucket = TokenBucket.bursty(TokenBucket.MAX_RATE_PER_SECOND, TokenBucket.MAX_BURST, ticker::nanoTime);
            assertEquals(1, bucket.intervalNanos());
            ticker.advanceNanos(Long.MAX_VALUE / 2);
            assertEquals(TokenBucket.MAX_BURST, take(bucket, TokenBucket.MAX_BURST + 10));
            ticker.advanceNanos(Long.MAX_VALUE / 2);
            assertEquals(TokenBucket.MAX_BURST, bucket.available());
        }

        @Test
        void keepsWorkingWhenTheNanoTimeReadingWrapsAround() {
            ManualTicker nearTheEnd = new ManualTicker(Long.MAX_VALUE - 50_000_000L);
            TokenBucket bucket = TokenBucket.bursty(10, 2, nearTheEnd::nanoTime);
            assertEquals(2, take(bucket, 10));
            nearTheEnd.advance(Duration.ofMillis(100)); // reading is now negative
            assertTrue(nearTheEnd.nanoTime() < 0);
            assertEquals(1, take(bucket, 10));
            assertEquals(Duration.ofMillis(100), bucket.timeUntil(1), "the wait is right across the wrap");
            nearTheEnd.advance(Duration.ofSeconds(5));
            assertEquals(2, take(bucket, 10));
        }

        @Test
        void worksOnNegativeReadingsAsOnPositiveOnes() {
            ManualTicker negative = new ManualTicker(-10_000_000_000L);  // nanoTime's origin is arbitrary
            TokenBucket bucket = TokenBucket.bursty(10, 2, negative::nanoTime);
            assertEquals(2, take(bucket, 10));
            assertEquals(Duration.ofMillis(200), bucket.timeUntil(2));
            negative.advance(Duration.ofMillis(100));
            assertEquals(Duration.ofMillis(100), bucket.timeUntil(2));
            assertEquals(1, take(bucket, 10));
        }

        @Test
        void readsNoClockButTheTickerItIsGiven() {
            // The ticker is frozen: however much wall-clock time passes, or however the wall
            // clock steps, nothing refills. There is no other source of time inside.
            TokenBucket bucket = TokenBucket.smooth(1_000_000, ticker::nanoTime);
            assertTrue(bucket.tryAcquire());
            for (int i = 0; i < 10_000; i++) {
                assertFalse(bucket.tryAcquire());
            }
        }

        @Test
        void aSlowRateRoundsTheIntervalToWholeNanoseconds() {
            assertEquals(333_333_333L, TokenBucket.smooth(3, ticker::nanoTime).intervalNanos());
            assertEquals(1_000_000_000_000_000L, TokenBucket.smooth(TokenBucket.MIN_RATE_PER_SECOND, ticker::nanoTime).intervalNanos());
        }
    }

    @Nested
    class Validation {
        @Test
        void refusesARateOutsideItsRangeNamingIt() {
            for (double rate : new double[] {0, -1, Double.NaN, 1e-7, 1.1e9, Double.POSITIVE_INFINITY}) {
                var e = assertThrows(IllegalArgumentException.class, () -> TokenBucket.smooth(rate, ticker::nanoTime));
                assertEquals("ratePerSecond must be in 1.0E-6..1.0E9, not " + rate, e.getMessage());
            }
        }

        @Test
        void refusesABurstOutsideItsRangeNamingIt() {
            var e = assertThrows(IllegalArgumentException.class, () -> TokenBucket.bursty(10, 0, ticker::nanoTime));
            assertEquals("burst must be in 1..1000000, not 0", e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> TokenBucket.bursty(10, 1_000_001, ticker::nanoTime));
            assertEquals("burst must be in 1..1000000, not 1000001", e.getMessage());
            assertEquals(1_000_000, TokenBucket.bursty(10, 1_000_000, ticker::nanoTime).burst());
        }

        @Test
        void refusesABurstThatSpansMoreNanosecondsThanALongHolds() {
            var e = assertThrows(IllegalArgumentException.class, () -> TokenBucket.bursty(1e-6, 1_000_000, ticker::nanoTime));
            assertEquals("burst 1000000 at 1.0E-6 per second spans more time than a long counts in nanoseconds", e.getMessage());
            // 1e15 ns x 2305 is just under Long.MAX_VALUE / 4; x 2306 just over
            assertEquals(2305, TokenBucket.bursty(1e-6, 2305, ticker::nanoTime).burst());
            assertThrows(IllegalArgumentException.class, () -> TokenBucket.bursty(1e-6, 2306, ticker::nanoTime));
        }

        @Test
        void refusesANullTicker() {
            var e = assertThrows(IllegalArgumentException.class, () -> TokenBucket.smooth(1, null));
            assertEquals("nanoTime must not be null", e.getMessage());
        }

        @Test
        void refusesToTakeNothingOrMoreThanTheBurst() {
            TokenBucket bucket = TokenBucket.bursty(10, 5, ticker::nanoTime);
            var e = assertThrows(IllegalArgumentException.class, () -> bucket.tryAcquire(0));
            assertEquals("permits must be in 1..5 (the burst), not 0", e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> bucket.tryAcquire(6));
            assertEquals("permits must be in 1..5 (the burst), not 6", e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> bucket.timeUntil(6));
            assertTrue(bucket.tryAcquire(5));
        }
    }

    @Nested
    class Concurrency {
        @Test
        @Timeout(10)
        void twoThreadsTogetherGetExactlyTheBurst() throws Exception {
            TokenBucket bucket = TokenBucket.bursty(1, 1000, ticker::nanoTime);
            AtomicInteger granted = new AtomicInteger();
            CountDownLatch start = new CountDownLatch(1);
            try (var pool = Executors.newFixedThreadPool(2)) {
                for (int t = 0; t < 2; t++) {
                    pool.submit(() -> {
                        start.await();
                        for (int i = 0; i < 5_000; i++) {
                            if (bucket.tryAcquire()) {
                                granted.incrementAndGet();
                            }
                        }
                        return null;
                    });
                }
                start.countDown();
            }
            assertEquals(1000, granted.get());
        }
    }
}
