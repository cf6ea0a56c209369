package book.ch02.proxy;

import book.ch02.proxy.faults.TokenBucket;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class TokenBucketTest {

    private final FakeTicker ticker = new FakeTicker();

    @Test
    void burstsUpToItsCapacityWithoutWaiting() throws Exception {
        TokenBucket bucket = new TokenBucket(1000, 100, ticker);
        assertFalse(bucket.acquire(60));
        assertFalse(bucket.acquire(40));
        assertEquals(List.of(), ticker.sleeps());
    }

    @Test
    void thenWaitsExactlyForTheShortfallAtTheRate() throws Exception {
        TokenBucket bucket = new TokenBucket(1000, 100, ticker);
        bucket.acquire(100);
        assertTrue(bucket.acquire(50));
        assertEquals(List.of(Duration.ofMillis(50)), ticker.sleeps());
    }

    @Test
    void refillsWithElapsedTimeButNeverBeyondCapacity() throws Exception {
        TokenBucket bucket = new TokenBucket(1000, 100, ticker);
        bucket.acquire(100);
        ticker.sleep(Duration.ofSeconds(10)); // idle: would be 10 000 tokens without the cap
        assertFalse(bucket.acquire(100));
        assertTrue(bucket.acquire(100));
        assertEquals(Duration.ofMillis(100), ticker.sleeps().get(1));
    }

    @Test
    void aFastBucketIdleForTenSecondsIsFullNotOverflowed() throws Exception {
        TokenBucket bucket = new TokenBucket(1L << 30, 1L << 27, ticker); // 1 GiB/s, a 128 MiB burst
        bucket.acquire(1 << 27);
        ticker.sleep(Duration.ofSeconds(10)); // 1e10 ns times 2^30 B/s does not fit in a long
        assertFalse(bucket.acquire(1 << 27), "after ten seconds of rest the bucket is full again");
        assertEquals(1, ticker.sleeps().size(), "no wait beyond the test's own: " + ticker.sleeps());
    }

    @Test
    void rejectsMoreThanItsCapacityInOneGo() {
        TokenBucket bucket = new TokenBucket(1000, 100, ticker);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> bucket.acquire(101));
        assertEquals("count 101 exceeds the bucket's capacity 100", e.getMessage());
    }
}
