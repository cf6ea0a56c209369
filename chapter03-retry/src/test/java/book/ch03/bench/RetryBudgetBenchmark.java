package book.ch03.bench;

import book.ch03.budget.RetryBudget;
import book.ch03.retry.RetryGate;
import book.ch03.retry.Ticker;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;

/**
 * The question: what does a shared retry budget cost every successful call, with two threads
 * announcing requests to one budget at once? The first edition took a {@code synchronized}
 * method and a clock read per call: the global lock section 6 benchmarks as the wrong way.
 *
 * <p>baseline announces to {@code RetryGate.UNLIMITED} (no budget); lockFree is the chapter's
 * {@link RetryBudget} (full bucket: one volatile read); locked is the first edition's shape, a
 * synchronized deposit with a clock read, kept here as the wrong way.
 *
 * <p>Run: {@code mvn -q -Pbench -pl chapter03-retry verify -Djmh.include=RetryBudgetBenchmark
 * -Djmh.args="-f 1 -wi 3 -w 1s -i 5 -r 1s -prof gc"}. Expect lockFree within about 1 ns of
 * baseline and locked tens of ns over it, all 0 B/op.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Threads(2)
public class RetryBudgetBenchmark {

    private final RetryGate none = RetryGate.UNLIMITED;
    private final RetryBudget budget = RetryBudget.defaults(Ticker.system());
    private final LockedBudget locked = new LockedBudget();

    @Benchmark
    public void baseline() {
        none.onRequest(); // verdict: a call with no budget
    }

    @Benchmark
    public void lockFree() {
        budget.onRequest(); // verdict: within about 1 ns of baseline, 0 B/op
    }

    @Benchmark
    public void locked() {
        locked.onRequest(); // verdict: the lock and the clock read, paid by every call
    }

    /** The first edition's success path: a lock and a clock read on one shared object. */
    static final class LockedBudget {
        private long milliTokens = 100_000;
        private long lastRefillNanos = System.nanoTime();

        synchronized void onRequest() {
            long now = System.nanoTime();
            if (now > lastRefillNanos) {
                lastRefillNanos = now;
            }
            milliTokens = Math.min(100_000, milliTokens + 200);
        }
    }
}
