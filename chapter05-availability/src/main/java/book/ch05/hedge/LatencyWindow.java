package book.ch05.hedge;

import java.util.Arrays;

/**
 * The last {@code capacity} latencies, and a quantile of them (the p95 a hedge waits for). A
 * bounded window forgets old traffic, so the delay follows the server as it speeds up or slows
 * down; and it costs a fixed amount of memory whatever the traffic.
 *
 * <p>Sorting on every request would cost microseconds, so the quantile is recomputed every
 * {@code refreshEvery} records and read from a volatile field in between: the hot path is a
 * short {@code synchronized} store, and no allocation after construction. Below
 * {@code minSamples} it answers -1: too little data to say what "slow" is.
 *
 * <p>Defaults: {@value #DEFAULT_CAPACITY} samples, refreshed every {@value #DEFAULT_REFRESH_EVERY},
 * at least {@value #DEFAULT_MIN_SAMPLES}.
 *
 * <p>Unit "hedging" (with {@link Hedger}, {@link RetryBudget}).
 *
 * <p>Specified by: LatencyWindowTest
 */
public final class LatencyWindow {

    public static final int DEFAULT_CAPACITY = 1000;
    public static final int DEFAULT_REFRESH_EVERY = 50;
    public static final int DEFAULT_MIN_SAMPLES = 20;

    private final long[] samples;
    private final long[] scratch;
    private final double quantile;
    private final int refreshEvery;
    private final int minSamples;
    private int count;      // samples held, up to capacity
    private int next;       // where the next sample goes
    private int sinceRefresh;
    private volatile long cached = -1;

    public LatencyWindow(double quantile) {
        this(quantile, DEFAULT_CAPACITY, DEFAULT_REFRESH_EVERY, DEFAULT_MIN_SAMPLES);
    }

    /**
     * @param quantile     0 < q < 1, e.g. 0.95
     * @param capacity     samples kept, 1..1000000
     * @param refreshEvery recompute after this many new samples, 1..capacity
     * @param minSamples   answer -1 until this many, 1..capacity
     */
    public LatencyWindow(double quantile, int capacity, int refreshEvery, int minSamples) {
        if (!(quantile > 0 && quantile < 1)) {
            throw new IllegalArgumentException("quantile must be between 0 and 1 (exclusive), not " + quantile);
        }
        if (capacity < 1 || capacity > 1_000_000) {
            throw new IllegalArgumentException("capacity must be 1..1000000, not " + capacity);
        }
        if (refreshEvery < 1 || refreshEvery > capacity) {
            throw new IllegalArgumentException("refreshEvery must be 1.." + capacity + ", not " + refreshEvery);
        }
        if (minSamples < 1 || minSamples > capacity) {
            throw new IllegalArgumentException("minSamples must be 1.." + capacity + ", not " + minSamples);
        }
        this.quantile = quantile;
        this.samples = new long[capacity];
        this.scratch = new long[capacity];
        this.refreshEvery = refreshEvery;
        this.minSamples = minSamples;
    }

    /** Records one latency in nanoseconds (negative values, from a broken clock, count as 0). */
    public synchronized void record(long nanos) {
        samples[next] = Math.max(0, nanos);
        next = next + 1 == samples.length ? 0 : next + 1;
        if (count < samples.length) {
            count++;
        }
        if (++sinceRefresh >= refreshEvery && count >= minSamples) {
            sinceRefresh = 0;
            System.arraycopy(samples, 0, scratch, 0, count);
            Arrays.sort(scratch, 0, count);
            // nearest rank: the smallest sample with at least q of the samples at or below it
            int rank = (int) Math.ceil(quantile * count);
            cached = scratch[Math.max(rank, 1) - 1];
        }
    }

    /** The quantile in nanoseconds as of the last refresh, or -1 before there are enough samples. */
    public long quantileNanos() {
        return cached;
    }

    public synchronized int size() {
        return count;
    }
}
