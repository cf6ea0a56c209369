package book.ch05.metrics;

import java.util.concurrent.atomic.AtomicLong;

/**
 * A value that goes up and down: requests in flight, healthy replicas, the breaker's state.
 * Read when scraped; the last value set wins.
 */
public final class Gauge {

    private final AtomicLong bits = new AtomicLong(Double.doubleToRawLongBits(0));

    public void set(double value) {
        bits.set(Double.doubleToRawLongBits(value));
    }

    public void add(double delta) {
        bits.accumulateAndGet(Double.doubleToRawLongBits(delta),
                (now, d) -> Double.doubleToRawLongBits(Double.longBitsToDouble(now) + Double.longBitsToDouble(d)));
    }

    public double value() {
        return Double.longBitsToDouble(bits.get());
    }
}
