package book.ch05.bench;

import book.ch05.metrics.Counter;
import book.ch05.metrics.Histogram;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;

/*
 * The question: what does recording a request in the metrics cost the request, on one thread
 * and with two threads recording into the same series at once? A histogram observation (a
 * bucket search and two adds) against the chapter's counter (a LongAdder) and against the
 * naive shared AtomicLong, whose one cache line the two threads fight over.
 *
 * Run: mvn -q -Pbench -pl chapter05-availability verify -Djmh.include=MetricsRecordBenchmark
 * Expect: a few nanoseconds for the counter on one thread; the histogram within a small factor
 * of it; with two threads the AtomicLong slows down several times while the LongAdder-based
 * counter and histogram hardly move. Either way, metrics cost nanoseconds against requests that
 * take micro- to milliseconds: record every request.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Benchmark)
public class MetricsRecordBenchmark {

    private final AtomicLong atomic = new AtomicLong();
    private final Counter counter = new Counter();
    private final Histogram histogram = new Histogram(Histogram.DEFAULT_SECONDS);

    /** A latency that varies, so the bucket search is not always the same branch. */
    @State(Scope.Thread)
    public static class Latency {
        private long x = System.nanoTime() | 1;

        double next() {
            x ^= x << 13;
            x ^= x >>> 7;
            x ^= x << 17;
            return (x >>> 40) / 1e6; // 0 .. 16.7 s, mostly spread over the buckets' range
        }
    }

    /** Baseline: the naive shared counter. */
    @Benchmark
    @Threads(1)
    public long atomicLongOneThread() {
        return atomic.incrementAndGet();
    }

    /** Two threads on one AtomicLong: the cache line bounces between the cores. */
    @Benchmark
    @Threads(2)
    public long atomicLongTwoThreads() {
        return atomic.incrementAndGet();
    }

    @Benchmark
    @Threads(1)
    public void counterOneThread() {
        counter.inc();
    }

    /** The LongAdder spreads contended increments over cells: close to the one-thread cost. */
    @Benchmark
    @Threads(2)
    public void counterTwoThreads() {
        counter.inc();
    }

    @Benchmark
    @Threads(1)
    public void histogramOneThread(Latency latency) {
        histogram.observe(latency.next());
    }

    @Benchmark
    @Threads(2)
    public void histogramTwoThreads(Latency latency) {
        histogram.observe(latency.next());
    }

    /** What the histogram's input costs alone, to subtract from the two above. */
    @Benchmark
    @Threads(1)
    public double latencySourceOnly(Latency latency) {
        return latency.next();
    }
}
