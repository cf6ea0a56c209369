package book.ch05.metrics;

import java.util.concurrent.atomic.LongAdder;

/**
 * A count that only goes up: requests sent, errors, bytes. Prometheus computes rates from it
 * ({@code rate(x_total[1m])}) and survives its reset when the process restarts, which a gauge of
 * "requests per second" computed in the process could not. A {@link LongAdder} keeps
 * increments from many threads off one contended cache line.
 */
public final class Counter {

    private final LongAdder count = new LongAdder();

    public void inc() {
        count.increment();
    }

    /** Adds {@code n}; a counter never goes down, so a negative {@code n} is a bug. */
    public void inc(long n) {
        if (n < 0) {
            throw new IllegalArgumentException("a counter only goes up, not by " + n);
        }
        count.add(n);
    }

    public long value() {
        return count.sum();
    }
}
