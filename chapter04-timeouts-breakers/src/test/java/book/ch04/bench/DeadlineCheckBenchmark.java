package book.ch04.bench;

import book.ch04.deadline.TimeoutHeader;
import book.ch04.time.Deadline;
import book.ch04.time.Ticker;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/*
 * The question: what does asking a deadline "is there time left?" cost, next to a plain call in
 * the same run? Section 3 checks the deadline before every step of a hop's work and before every
 * attempt; this says whether that is free enough to do everywhere.
 *
 * Run: mvn -q -Pbench -pl chapter04-timeouts-breakers verify -Djmh.include=DeadlineCheckBenchmark
 * Expect: the check costs one System.nanoTime and nothing else (0 B/op), so its price is the
 * clock source's: tens of nanoseconds with a TSC on bare metal, more in a VM. Narrowing
 * allocates one small object; encoding the header a short string. All are nothing next to a
 * network call (tens of microseconds on loopback, milliseconds across a network).
 * Recorded (2 vCPUs AMD EPYC, load average ~25, Temurin 25, JMH 1.37, with -prof gc): plainCall
 * 12.8 ns, nanoTimeAlone 125 ns, callWithDeadlineCheck 131 ns and 0 B/op, narrowForAnAttempt
 * 205 ns and 32 B/op, encodeTheHeader 220 ns and 48 B/op; see the chapter's measurements.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
public class DeadlineCheckBenchmark {

    private final Deadline deadline = Deadline.after(Duration.ofHours(1), Ticker.system());
    private long counter;

    /** The baseline: a trivial call that the JIT cannot remove. */
    @Benchmark
    public long plainCall() {
        return ++counter;
    }

    /** One reading of the monotonic clock: the floor for any check of a deadline. */
    @Benchmark
    public long nanoTimeAlone() {
        return System.nanoTime();
    }

    /** The call behind a deadline check: verdict, the cost of one nanoTime over the baseline. */
    @Benchmark
    public long callWithDeadlineCheck() {
        if (deadline.expired()) {
            throw new IllegalStateException("expired");
        }
        return ++counter;
    }

    /** An attempt's share of the deadline: a clock reading and one small allocation. */
    @Benchmark
    public Deadline narrowForAnAttempt() {
        return deadline.narrowTo(Duration.ofSeconds(2));
    }

    /** The header a hop sends: the time left in grpc-timeout format. */
    @Benchmark
    public String encodeTheHeader() {
        return TimeoutHeader.encode(deadline.remainingNanos());
    }
}
