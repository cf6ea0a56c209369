package book.ch05.replica;

import java.util.Arrays;

/**
 * Every latency of a bounded run, kept whole so the programs report exact percentiles (nearest
 * rank) rather than estimates. Thread-safe; for runs of at most {@code capacity} requests.
 */
public final class Latencies {

    private final long[] nanos;
    private int count;

    public Latencies(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be >= 1, not " + capacity);
        }
        this.nanos = new long[capacity];
    }

    public synchronized void add(long latencyNanos) {
        if (count == nanos.length) {
            throw new IllegalStateException("more than " + nanos.length + " latencies");
        }
        nanos[count++] = latencyNanos;
    }

    public synchronized int count() {
        return count;
    }

    /** The mean in milliseconds; NaN when empty. */
    public synchronized double meanMillis() {
        if (count == 0) {
            return Double.NaN;
        }
        double sum = 0;
        for (int i = 0; i < count; i++) {
            sum += nanos[i];
        }
        return sum / count / 1e6;
    }

    /** The q-quantile in milliseconds, nearest rank; NaN when empty. */
    public synchronized double millis(double q) {
        if (count == 0) {
            return Double.NaN;
        }
        long[] sorted = Arrays.copyOf(nanos, count);
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(q * count);
        return sorted[Math.min(Math.max(rank, 1), count) - 1] / 1e6;
    }
}
