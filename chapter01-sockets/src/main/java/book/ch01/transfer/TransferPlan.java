package book.ch01.transfer;

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
}
