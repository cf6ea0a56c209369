package book.ch02.proxy;

import java.time.Duration;

/**
 * A monotonic clock that can also wait. Latency, bandwidth and slicing are all "wait until",
 * so they take this instead of calling {@code System.nanoTime} and {@code Thread.sleep}: a test
 * passes a fake that records each sleep and advances its time, and checks the delays exactly.
 */
public interface Ticker {

    /** Nanoseconds from an arbitrary origin; only differences mean anything. */
    long nanoTime();

    /** Waits for {@code duration}; interruptible, so closing the proxy never waits for a fault. */
    void sleep(Duration duration) throws InterruptedException;

    /** Waits until {@link #nanoTime()} reaches {@code deadlineNanos}; returns at once if it has. */
    default void sleepUntil(long deadlineNanos) throws InterruptedException {
        long wait = deadlineNanos - nanoTime();
        if (wait > 0) {
            sleep(Duration.ofNanos(wait));
        }
    }

    /** The real clock and the real sleep. */
    Ticker SYSTEM = new Ticker() {
        @Override
        public long nanoTime() {
            return System.nanoTime();
        }

        @Override
        public void sleep(Duration duration) throws InterruptedException {
            Thread.sleep(duration);
        }
    };
}
