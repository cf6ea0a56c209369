package book.ch04.demo;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * What the callers saw during one phase of the demo: how their calls ended, how many went to
 * the dependency (called), how long the callers waited, and how many threads were stuck in the
 * dependency. Written by every caller thread at once; read once the run is over.
 */
final class PhaseStats {

    /** Latencies kept per phase; a phase of the demo makes far fewer calls than this. */
    static final int MAX_SAMPLES = 200_000;

    final String name;
    final LongAdder calls = new LongAdder();
    final LongAdder live = new LongAdder();
    final LongAdder fallback = new LongAdder();
    final LongAdder errors = new LongAdder();
    final LongAdder rejected = new LongAdder();
    final LongAdder timeouts = new LongAdder();
    final LongAdder called = new LongAdder();
    private final long[] latencies = new long[MAX_SAMPLES];
    private int samples;
    private final AtomicIntegerArray busyHistogram = new AtomicIntegerArray(1_001);
    private final LongAdder busySamples = new LongAdder();
    private final LongAdder busySum = new LongAdder();

    PhaseStats(String name) {
        this.name = name;
    }

    synchronized void latency(long nanos) {
        if (samples < latencies.length) {
            latencies[samples++] = nanos;
        }
    }

    /** One look at how many caller threads were inside the dependency at this instant. */
    void busy(int threads) {
        busyHistogram.incrementAndGet(Math.min(threads, busyHistogram.length() - 1));
        busySamples.increment();
        busySum.add(threads);
    }

    double busyMean() {
        long n = busySamples.sum();
        return n == 0 ? 0 : (double) busySum.sum() / n;
    }

    int busyMax() {
        for (int i = busyHistogram.length() - 1; i > 0; i--) {
            if (busyHistogram.get(i) > 0) {
                return i;
            }
        }
        return 0;
    }

    /** The latency at quantile q (0..1) in milliseconds, or 0 without calls. */
    synchronized double latencyMillis(double q) {
        if (samples == 0) {
            return 0;
        }
        long[] sorted = Arrays.copyOf(latencies, samples);
        Arrays.sort(sorted);
        int index = (int) Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1);
        return sorted[Math.max(0, index)] / 1e6;
    }

    static String header() {
        return String.format("  %-10s %6s %6s %8s %6s %8s %8s %8s %13s %17s",
                "phase", "calls", "live", "fallback", "error", "rejected", "timeouts", "called", "busy mean/max", "latency p50/p99");
    }

    String row() {
        return String.format("  %-10s %6d %6d %8d %6d %8d %8d %8d %8.1f/%-4d %8.2f/%-6.1f ms",
                name, calls.sum(), live.sum(), fallback.sum(), errors.sum(), rejected.sum(), timeouts.sum(), called.sum(),
                busyMean(), busyMax(), latencyMillis(0.5), latencyMillis(0.99));
    }
}
