package book.ch02.proxy.faults;

import book.ch02.proxy.Toxic;
import book.ch02.proxy.Outlet;
import java.io.IOException;

/**
 * Counts the bytes of a stream against a limit, for the faults that act "after N bytes".
 * Both truncation and reset need the same arithmetic at the same edge: the chunk that crosses
 * the limit is cut at exactly the limit.
 */
final class ByteLimit {

    /** How a stream ends once its limit is reached: cleanly, or with a reset. */
    @FunctionalInterface
    interface Ending {
        void end(Outlet next, String reason) throws IOException;
    }

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

    // tag::pass-then-end[]
    /** A toxic that lets exactly {@code bytes} bytes through, then ends the stream its way. */
    static Toxic passThenEnd(long bytes, Runnable applied, Ending ending, String reason) {
        ByteLimit limit = new ByteLimit(bytes);
        return (chunk, next) -> {
            int allowed = limit.admit(chunk.length());
            if (allowed > 0) {
                next.send(chunk.slice(0, allowed));   // the chunk that crosses the limit is cut
            }
            if (limit.reached()) {
                applied.run();
                ending.end(next, reason);
            }
        };
    }
    // end::pass-then-end[]
}
