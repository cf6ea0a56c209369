package book.ch02.proxy.faults;

import book.ch02.proxy.Ticker;
import book.ch02.proxy.FaultChecks;
import java.time.Duration;

/**
 * A token bucket: tokens (bytes) accrue at {@code ratePerSecond} up to {@code capacity}, and
 * taking more than there are waits for the shortfall. The bucket starts full, so a sender
 * may burst {@code capacity} bytes and is then held to the rate: N bytes take at least
 * (N - capacity) / rate seconds. Not thread-safe: each direction of a connection has its own.
 */
public final class TokenBucket {

    private final long ratePerSecond;
    private final long capacity;
    private final Ticker ticker;
    private double tokens;
    private long lastRefillNanos;

    public TokenBucket(long ratePerSecond, long capacity, Ticker ticker) {
        FaultChecks.positive("ratePerSecond", ratePerSecond);
        FaultChecks.positive("capacity", capacity);
        this.ratePerSecond = ratePerSecond;
        this.capacity = capacity;
        this.ticker = ticker;
        this.tokens = capacity;
        this.lastRefillNanos = ticker.nanoTime();
    }

    public long capacity() {
        return capacity;
    }

    /**
     * Takes {@code count} tokens (at most the capacity), waiting if the bucket holds fewer.
     * Returns whether it had to wait.
     */
    // tag::acquire[]
    public boolean acquire(int count) throws InterruptedException {
        if (count > capacity) {
            throw new IllegalArgumentException("count " + count + " exceeds the bucket's capacity " + capacity);
        }
        long now = ticker.nanoTime();
        // in double: nanoseconds times bytes per second overflows a long after seconds at GB/s rates
        tokens = Math.min(capacity, tokens + (now - lastRefillNanos) / 1e9 * ratePerSecond);
        lastRefillNanos = now;
        tokens -= count;
        if (tokens >= 0) {
            return false;
        }
        // Go into debt and sleep it off: the time slept refills exactly the shortfall.
        ticker.sleep(Duration.ofNanos((long) Math.ceil(-tokens * 1e9 / ratePerSecond)));
        return true;
    }
    // end::acquire[]
}
