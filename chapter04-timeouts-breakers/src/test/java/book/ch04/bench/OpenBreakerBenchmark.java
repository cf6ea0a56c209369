package book.ch04.bench;

import book.ch04.breaker.BreakerConfig;
import book.ch04.breaker.CallNotPermittedException;
import book.ch04.breaker.CircuitBreaker;
import java.io.IOException;
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
 * The question: what does an open breaker's rejection cost the caller? The point of a breaker
 * is that a dead dependency costs nanoseconds instead of a thread waiting out a timeout; the
 * book's goal is under 100 ns and no allocation.
 *
 * <p>baseline calls the target directly (what a healthy call costs before any I/O). rejection is
 * the open breaker refusing, caught by the caller: one clock read and a preallocated exception
 * without a stack trace. wrongWay is the same refusal with a fresh exception that fills in its
 * stack trace, as a naive breaker does.
 *
 * <p>Run: {@code mvn -q -Pbench -pl chapter04-timeouts-breakers verify -Djmh.include=OpenBreakerBenchmark
 * -Djmh.args="-f 1 -wi 3 -w 1s -i 5 -r 1s -prof gc"}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class OpenBreakerBenchmark {

    private String payload;
    private Callable<String> target;
    private CircuitBreaker open;

    @Setup
    public void setUp() {
        payload = "ok";
        target = () -> payload;
        open = CircuitBreaker.create(BreakerConfig.defaults("bench")); // opens for 60 s: longer than the run
        for (int i = 0; i < BreakerConfig.DEFAULT_CONSECUTIVE_FAILURES; i++) {
            try {
                open.execute(() -> {
                    throw new IOException("Connection refused");
                });
            } catch (Exception expected) {
                // opening it
            }
        }
        if (open.state() != CircuitBreaker.State.OPEN) {
            throw new IllegalStateException("the breaker did not open");
        }
    }

    @Benchmark
    public String baseline() throws Exception {
        return target.call(); // verdict: the cost of the call itself
    }

    @Benchmark
    public String rejection() throws Exception {
        try {
            return open.execute(target);
        } catch (CallNotPermittedException e) {
            return e.getMessage(); // verdict: see measurements-ch4b.md
        }
    }

    @Benchmark
    public String wrongWay() {
        try {
            throw new IllegalStateException("circuit breaker is open"); // a fresh exception: stack trace filled in
        } catch (IllegalStateException e) {
            return e.getMessage(); // verdict: see measurements-ch4b.md
        }
    }
}
