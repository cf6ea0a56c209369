package book.ch02.proxy;

/**
 * Counts the bytes of a stream against a limit, for the faults that act "after N bytes".
 * Both truncation and reset need the same arithmetic at the same edge: the chunk that crosses
 * the limit is cut at exactly the limit.
 */
final class ByteLimit {

    private final long limit;
    private long passed;

    ByteLimit(long limit) {
        this.limit = limit;
    }

    /** How many bytes of a chunk of {@code length} may still pass; counts them as passed. */
    int admit(int length) {
        int allowed = (int) Math.min(length, limit - passed);
        passed += allowed;
        return allowed;
    }

    /** Whether the limit has been reached: nothing more may pass. */
    boolean reached() {
        return passed >= limit;
    }
}
