package book.ch05.metrics;

import java.util.Arrays;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;

/**
 * Observations sorted into fixed buckets: latencies, sizes. Buckets, not averages, because an
 * average hides the tail an alert is about, and because buckets from many replicas add up
 * (Prometheus's {@code histogram_quantile} over {@code sum by (le)}), which per-process
 * percentiles never do. Recording is a bucket search and two adds: no lock, no allocation.
 *
 * <p>The bounds are upper bounds, inclusive ({@code le}: less than or equal), finite and strictly
 * increasing; the implicit last bucket is {@code +Inf}. Choose them around the thresholds your
 * alerts and objectives name (a 300 ms objective wants a bucket edge at 0.3).
 */
public final class Histogram {

    /** Seconds, from 5 ms to 10 s: Prometheus's client libraries' default buckets. */
    public static final double[] DEFAULT_SECONDS = {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};

    private final double[] bounds;
    private final LongAdder[] counts; // one per bound, plus +Inf; not cumulative
    private final DoubleAdder sum = new DoubleAdder();

    public Histogram(double... bounds) {
        if (bounds.length == 0) {
            throw new IllegalArgumentException("a histogram needs at least one bucket bound");
        }
        for (int i = 0; i < bounds.length; i++) {
            if (!Double.isFinite(bounds[i])) {
                throw new IllegalArgumentException("bucket bound " + bounds[i] + " is not finite (+Inf is implicit)");
            }
            if (i > 0 && bounds[i] <= bounds[i - 1]) {
                throw new IllegalArgumentException("bucket bounds must increase: " + bounds[i] + " after " + bounds[i - 1]);
            }
        }
        this.bounds = bounds.clone();
        this.counts = new LongAdder[bounds.length + 1];
        for (int i = 0; i < counts.length; i++) {
            counts[i] = new LongAdder();
        }
    }

    // tag::observe[]
    /** Records one observation; NaN is refused, as it would poison the sum. */
    public void observe(double value) {
        if (Double.isNaN(value)) {
            throw new IllegalArgumentException("cannot observe NaN");
        }
        int i = Arrays.binarySearch(bounds, value);
        counts[i >= 0 ? i : -i - 1].increment(); // an exact bound belongs to its own bucket (le)
        sum.add(value);
    }
    // end::observe[]

    /** Records a duration given in nanoseconds, as seconds (Prometheus's base unit). */
    public void observeNanos(long nanos) {
        observe(nanos / 1e9);
    }

    /** A consistent-enough copy for one scrape: cumulative counts per bound, then +Inf. */
    public Snapshot snapshot() {
        long[] cumulative = new long[counts.length];
        long running = 0;
        for (int i = 0; i < counts.length; i++) {
            running += counts[i].sum();
            cumulative[i] = running;
        }
        return new Snapshot(bounds.clone(), cumulative, sum.sum());
    }

    /**
     * @param bounds     the finite upper bounds
     * @param cumulative observations at or below each bound, the last entry for +Inf (= count)
     * @param sum        the sum of all observations
     */
    public record Snapshot(double[] bounds, long[] cumulative, double sum) {
        public long count() {
            return cumulative[cumulative.length - 1];
        }
    }
}
