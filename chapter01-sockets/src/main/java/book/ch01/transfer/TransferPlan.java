package book.ch01.transfer;

import java.time.Duration;

/**
 * What one transfer sends.
 *
 * @param bytes          how many bytes in all
 * @param chunkBytes     how many bytes each write hands to the socket
 * @param bytesPerSecond a pacing limit, or {@link #UNLIMITED}
 */
public record TransferPlan(long bytes, int chunkBytes, long bytesPerSecond) {

    public static final long UNLIMITED = 0;
    /** Large enough that the per-call cost of write() disappears, small enough to stay in cache. */
    public static final int DEFAULT_CHUNK_BYTES = 64 * 1024;
    /** A paced writer may send this much of a second's worth at once (100 ms), never more than a chunk. */
    public static final int BURSTS_PER_SECOND = 10;

    public TransferPlan {
        if (bytes < 0) {
            throw new IllegalArgumentException("bytes must not be negative, not " + bytes);
        }
        if (chunkBytes < 1) {
            throw new IllegalArgumentException("chunkBytes must be at least 1, not " + chunkBytes);
        }
        if (bytesPerSecond < 0) {
            throw new IllegalArgumentException("bytesPerSecond must be 0 (unlimited) or more, not " + bytesPerSecond);
        }
    }

    public boolean paced() {
        return bytesPerSecond != UNLIMITED;
    }

    /** The pacing bucket's size: 100 ms of the rate, at least 1 byte, at most one chunk. */
    public long burstBytes() {
        return Math.max(1, Math.min(chunkBytes, bytesPerSecond / BURSTS_PER_SECOND));
    }

    /**
     * How long a paced transfer takes to hand its bytes to the socket: the first burst goes at
     * once, the rest at the rate. Zero when not paced (then the link decides).
     */
    public Duration predictedPacing() {
        if (!paced() || bytes <= burstBytes()) {
            return Duration.ZERO;
        }
        long owed = bytes - burstBytes();
        long seconds = owed / bytesPerSecond; // division first: no overflow for any byte count
        long nanos = (long) Math.ceil((owed % bytesPerSecond) * 1e9 / bytesPerSecond);
        return Duration.ofSeconds(seconds).plusNanos(nanos);
    }
}
