package book.ch01.transfer;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;

/**
 * A token bucket that paces bytes to a rate: it holds up to {@code burstBytes} tokens, refills
 * at {@code bytesPerSecond}, and tells a writer how long to wait before sending a chunk it
 * cannot yet afford. It never sleeps itself; the clock is injected, so tests are exact.
 */
public final class TokenBucket {

    private final double bytesPerSecond;
    private final long burstBytes;
    private final InstantSource clock;
    private double tokens;
    private Instant refilledAt;

    public TokenBucket(long bytesPerSecond, long burstBytes, InstantSource clock) {
        if (bytesPerSecond < 1) {
            throw new IllegalArgumentException("bytesPerSecond must be at least 1, not " + bytesPerSecond);
        }
        if (burstBytes < 1) {
            throw new IllegalArgumentException("burstBytes must be at least 1, not " + burstBytes);
        }
        this.bytesPerSecond = bytesPerSecond;
        this.burstBytes = burstBytes;
        this.clock = clock;
        this.tokens = burstBytes; // a fresh bucket allows one burst at once
        this.refilledAt = clock.instant();
    }

    // tag::take[]
    /**
     * Takes {@code bytes} tokens, going into debt if there are not enough, and returns how long
     * the caller must wait before sending: the time the refill needs to pay the debt back.
     */
    public synchronized Duration take(long bytes) {
        if (bytes < 0) {
            throw new IllegalArgumentException("bytes must not be negative, not " + bytes);
        }
        Instant now = clock.instant();
        double elapsedSeconds = Duration.between(refilledAt, now).toNanos() / 1e9;
        tokens = Math.min(burstBytes, tokens + elapsedSeconds * bytesPerSecond);
        refilledAt = now;
        tokens -= bytes;
        if (tokens >= 0) {
            return Duration.ZERO;
        }
        return Duration.ofNanos((long) Math.ceil(-tokens / bytesPerSecond * 1e9));
    }
    // end::take[]
}
