package book.ch01.time;

import java.time.Duration;

/**
 * Sleeping, injected: programs pass {@link #REAL}, tests pass a fake that records the sleeps
 * and advances a fake clock, so pacing is tested exactly and without waiting.
 */
@FunctionalInterface
public interface Sleeper {

    Sleeper REAL = duration -> {
        if (duration.isPositive()) {
            Thread.sleep(duration);
        }
    };

    /** Sleeps; an interrupt ends the sleep with {@link InterruptedException}, flag cleared. */
    void sleep(Duration duration) throws InterruptedException;
}
