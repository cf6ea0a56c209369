package book.ch04.bench;

import book.ch04.breaker.BreakerConfig;
import book.ch04.breaker.CircuitBreaker;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The question: what does a closed breaker add to a call that succeeds, which is nearly every
 * call? The book's goal is at most 10 ns over the direct call and 0 B/op; Resilience4j's closed
 * breaker adds about 75 ns, Failsafe's about 180 ns and 376 B/op on this kind of machine.
 *
 * <p>baseline calls the target directly. countWindow is the cheapest breaker: a count window and
 * no slow-call timing, so the closed path reads no clock. timeWindow reads the clock once, when
 * the call ends, to find its bucket. defaults is BreakerConfig.defaults: a count window and
 * slow-call timing, so two clock reads per call. clockRead is one {@code System.nanoTime()}, for scale.
 *
 * <p>Run: {@code mvn -q -Pbench -pl chapter04-timeouts-breakers verify -Djmh.include=ClosedBreakerBenchmark
 * -Djmh.args="-f 1 -wi 3 -w 1s -i 5 -r 1s -prof gc"}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ClosedBreakerBenchmark {

    private String payload;
    private Callable<String> target;
    private CircuitBreaker countWindow;
    private CircuitBreaker timeWindow;
    private CircuitBreaker defaults;

    @Setup
    public void setUp() {
        payload = "ok";
        target = () -> payload; // made once: the call site the application already has
        BreakerConfig untimed = BreakerConfig.defaults("bench").withSlowCalls(null, 100);
        countWindow = CircuitBreaker.create(untimed);
        timeWindow = CircuitBreaker.create(untimed.withWindow(BreakerConfig.Window.lastDuration(Duration.ofSeconds(10))));
        defaults = CircuitBreaker.create(BreakerConfig.defaults("bench"));
    }

    @Benchmark
    public String baseline() throws Exception {
        return target.call(); // verdict: the cost of the call itself
    }

    @Benchmark
    public long clockRead() {
        return System.nanoTime(); // verdict: one clock read, the unit the time window and slow-call timing pay in
    }

    @Benchmark
    public String countWindow() throws Exception {
        return countWindow.execute(target); // verdict: see measurements-ch4b.md
    }

    @Benchmark
    public String timeWindow() throws Exception {
        return timeWindow.execute(target); // verdict: see measurements-ch4b.md
    }

    @Benchmark
    public String defaults() throws Exception {
        return defaults.execute(target); // verdict: see measurements-ch4b.md
    }
}
