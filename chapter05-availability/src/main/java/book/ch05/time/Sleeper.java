package book.ch05.time;

import java.time.Duration;

/**
 * Waits for a while. Code that paces itself (a heartbeat sender, a health checker) sleeps
 * through one of these, so tests pass one that records the requested sleeps instead of
 * waiting for them.
 */
@FunctionalInterface
public interface Sleeper {

    /** Sleeps for {@code d} (nothing for zero or negative); throws if interrupted, flag cleared as usual. */
    void sleep(Duration d) throws InterruptedException;

    /** {@link Thread#sleep(Duration)}. */
    static Sleeper system() {
        return d -> {
            if (d.isPositive()) {
                Thread.sleep(d);
            }
        };
    }
}
