package book.ch04.bench;

import book.ch04.bulkhead.Bulkhead;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.Semaphore;
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
 * The question: what does the bulkhead add to a call that gets its place, next to the bare
 * {@link Semaphore} it is built on? The goal is within 1 ns of the semaphore, alone and with
 * two threads taking places at once (the semaphore's CAS is then shared between two cores).
 *
 * <p>baseline calls the target directly; semaphore is tryAcquire/try/finally release by hand;
 * bulkheadCall is {@link Bulkhead#call}; bulkheadPermit is {@link Bulkhead#enter()} with
 * try-with-resources (a Permit object that releases once, for I/O handed to another thread);
 * the *TwoThreads variants run the same on two threads against one shared instance.
 *
 * <p>Run: {@code mvn -q -Pbench -pl chapter04-timeouts-breakers verify -Djmh.include=BulkheadBenchmark
 * -Djmh.args="-f 1 -wi 3 -w 1s -i 5 -r 1s -prof gc"}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class BulkheadBenchmark {

    private String payload;
    private Callable<String> target;
    private Semaphore semaphore;
    private Bulkhead bulkhead;

    @Setup
    public void setUp() {
        payload = "ok";
        target = () -> payload;
        semaphore = new Semaphore(25);
        bulkhead = new Bulkhead("bench", 25, Duration.ZERO);
    }

    @Benchmark
    public String baseline() throws Exception {
        return target.call();              // verdict: the call itself
    }

    @Benchmark
    public String semaphore() throws Exception {
        if (!semaphore.tryAcquire()) {
            throw new IllegalStateException("full");
        }
        try {
            return target.call();          // verdict: the floor a bulkhead can reach, two CASes
        } finally {
            semaphore.release();
        }
    }

    @Benchmark
    public String bulkheadCall() throws Exception {
        return bulkhead.call(target);       // verdict: the chapter's bulkhead, to compare with semaphore
    }

    @Benchmark
    @SuppressWarnings("try") // the permit is held, not used: that is the point of a permit
    public String bulkheadPermit() throws Exception {
        try (Bulkhead.Permit permit = bulkhead.enter()) {
            return target.call();          // verdict: the price of a Permit that releases once
        }
    }

    @Benchmark
    @Threads(2)
    public String semaphoreTwoThreads() throws Exception {
        return semaphore();                 // verdict: contention on one semaphore from two cores
    }

    @Benchmark
    @Threads(2)
    public String bulkheadCallTwoThreads() throws Exception {
        return bulkhead.call(target);       // verdict: the same, through the bulkhead
    }
}
