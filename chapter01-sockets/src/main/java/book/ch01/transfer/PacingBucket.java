package book.ch01.transfer;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * A token bucket that paces a writer to a rate: it holds up to {@code burstBytes} tokens, refills
 * at {@code bytesPerSecond}, and tells the writer how long to wait before sending a chunk it
 * cannot yet afford. Unlike chapter 2's fault-proxy shaper it never refuses: it lends, and the
 * wait is the time the refill needs to pay the debt back. It never sleeps itself.
 *
 * <p>Time comes from an injected monotonic ticker ({@code System::nanoTime} in programs), never
 * from the wall clock: a wall clock stepped back an hour would make a 1-byte take wait an hour.
 */
public final class PacingBucket {

    private final double bytesPerSecond;
    private final long burstBytes;
    private final LongSupplier nanoTime;
    private double tokens;
    private long refilledAtNanos;

    /**
     * @param nanoTime a monotonic ticker in nanoseconds ({@code System::nanoTime}); only differences
     *                 between its readings mean anything
     */
    public PacingBucket(long bytesPerSecond, long burstBytes, LongSupplier nanoTime) {
        if (bytesPerSecond < 1) {
            throw new IllegalArgumentException("bytesPerSecond must be at least 1, not " + bytesPerSecond);
        }
        if (burstBytes < 1) {
            throw new IllegalArgumentException("burstBytes must be at least 1, not " + burstBytes);
        }
        this.bytesPerSecond = bytesPerSecond;
        this.burstBytes = burstBytes;
        this.nanoTime = nanoTime;
        this.tokens = burstBytes; // a fresh bucket allows one burst at once
        this.refilledAtNanos = nanoTime.getAsLong();
    }

    /** The largest write that can go without waiting on a full bucket. */
    public long burstBytes() {
        return burstBytes;
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
        long now = nanoTime.getAsLong();
        double elapsedSeconds = Math.max(0, now - refilledAtNanos) / 1e9; // a difference: no wall-clock step
        tokens = Math.min(burstBytes, tokens + elapsedSeconds * bytesPerSecond);
        refilledAtNanos = now;
        tokens -= bytes;
        if (tokens >= 0) {
            return Duration.ZERO;
        }
        return Duration.ofNanos((long) Math.ceil(-tokens / bytesPerSecond * 1e9));
    }
    // end::take[]
}
