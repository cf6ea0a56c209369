package book.ch03.bench;

import book.ch03.budget.RetryBudget;
import book.ch03.retry.Retry;
import book.ch03.retry.RetryPolicy;
import book.ch03.retry.Ticker;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
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
 * The question: what does wrapping a call in a retry cost when the call succeeds, which is
 * nearly always? If the answer is more than a few nanoseconds and any allocation, people
 * will leave the wrapper off the hot paths that need it most.
 *
 * <p>baseline calls the target directly; bareLoop is the least a retry can be, a
 * {@code for}/{@code try} loop around the call; wrongWay is a hand-rolled retry helper that does
 * its bookkeeping up front (a deadline Instant, a failures list, a lambda capturing the
 * arguments); rightWay is the chapter's {@link Retry} with its default policy, which reads no
 * clock and allocates nothing until the first failure; rightWayWithBudget adds the shared
 * {@link RetryBudget} (issue #12 goal 4: within 1 ns of bareLoop, 0 B/op, budget included).
 *
 * <p>Run: {@code mvn -q -Pbench -pl chapter03-retry verify -Djmh.include=RetryOverheadBenchmark
 * -Djmh.args="-f 1 -wi 3 -w 1s -i 5 -r 1s -prof gc"}. Expect rightWay and rightWayWithBudget
 * within about 1 ns of bareLoop and wrongWay some 30 ns over it, all at about 0 B/op: the JIT's
 * escape analysis removes the wrong way's list and Instant here, but not the clock read behind
 * the Instant. (Inside a larger method that lets the list escape, it allocates as well.)
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class RetryOverheadBenchmark {

    private String payload;
    private Callable<String> target;
    private Retry<String> retry;
    private Retry<String> budgeted;
    private final InstantSource clock = InstantSource.system();

    @Setup
    public void setUp() {
        payload = "ok";
        target = () -> payload; // made once: the call site the application already has
        retry = Retry.of(RetryPolicy.<String>builder().build());
        budgeted = retry.withGate(RetryBudget.defaults(Ticker.system()));
    }

    @Benchmark
    public String baseline() throws Exception {
        return target.call(); // verdict: the cost of the call itself
    }

    @Benchmark
    public String bareLoop() throws Exception {
        for (int attempt = 1; ; attempt++) { // verdict: the floor for any retry wrapper
            try {
                return target.call();
            } catch (Exception e) {
                if (attempt == 4) {
                    throw e;
                }
            }
        }
    }

    @Benchmark
    public String wrongWay() throws Exception {
        String key = payload;
        return eagerRetry(() -> key, 4, Duration.ofSeconds(10)); // verdict: ~30 ns for a failure that did not happen
    }

    @Benchmark
    public String rightWay() throws Exception {
        return retry.call(target); // verdict: within about 1 ns of bareLoop, 0 B/op
    }

    @Benchmark
    public String rightWayWithBudget() throws Exception {
        return budgeted.call(target); // verdict: the budget's full-bucket check is one volatile read
    }

    /** A typical first attempt at a retry helper: correct, but it does all its bookkeeping up front. */
    private <T> T eagerRetry(Callable<T> call, int maxAttempts, Duration maxDuration) throws Exception {
        Instant deadline = clock.instant().plus(maxDuration);
        List<Exception> failures = new ArrayList<>(maxAttempts);
        for (int attempt = 1; ; attempt++) {
            try {
                return call.call();
            } catch (Exception e) {
                failures.add(e);
                if (attempt == maxAttempts || clock.instant().isAfter(deadline)) {
                    failures.subList(0, failures.size() - 1).forEach(e::addSuppressed);
                    throw e;
                }
            }
        }
    }
}
