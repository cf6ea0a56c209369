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
import org.openjdk.jmh.annotations.Threads;

/**
 * The question: what does one closed breaker cost when two threads call through it at once?
 * Every call adds to the same counter, so the cache line holding it moves between the cores;
 * this is the price of sharing one breaker, against the same direct call from two threads.
 *
 * <p>Run: {@code mvn -q -Pbench -pl chapter04-timeouts-breakers verify -Djmh.include=BreakerContentionBenchmark
 * -Djmh.args="-f 1 -wi 3 -w 1s -i 5 -r 1s -prof gc"}. On a machine of two vCPUs, two threads are
 * all there is: expect noise.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Threads(2)
public class BreakerContentionBenchmark {

    private String payload;
    private Callable<String> target;
    private CircuitBreaker countWindow;
    private CircuitBreaker timeWindow;

    @Setup
    public void setUp() {
        payload = "ok";
        target = () -> payload;
        BreakerConfig untimed = BreakerConfig.defaults("bench").withSlowCalls(null, 100);
        countWindow = CircuitBreaker.create(untimed);
        timeWindow = CircuitBreaker.create(untimed.withWindow(BreakerConfig.Window.lastDuration(Duration.ofSeconds(10))));
    }

    @Benchmark
    public String baseline() throws Exception {
        return target.call(); // verdict: the call itself, two threads
    }

    @Benchmark
    public String countWindow() throws Exception {
        return countWindow.execute(target); // verdict: see measurements-ch4b.md
    }

    @Benchmark
    public String timeWindow() throws Exception {
        return timeWindow.execute(target); // verdict: see measurements-ch4b.md
    }
}
