package book.ch02.bench;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.CompilerControl;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

/*
 * The question: what does it cost to report a failure by throwing, at a realistic stack depth,
 * next to returning it as a value? And how much of that is the stack trace?
 *
 * Each method descends `depth` real frames (the recursion is kept out of line), fails at the
 * bottom, and the failure is caught or inspected at the top and handed to a Blackhole:
 *   baselineResult      returns a Result (a sealed interface of two records): no exception
 *   throwWithStackTrace new exception, stack trace filled in: the wrong way for a hot path
 *   throwWithoutStack   new exception, writableStackTrace = false (the 4-argument constructor)
 *   throwPreallocated   one exception made once and thrown every time
 *
 * Beware of the JIT: if the throw and the catch end up in one compiled method and the exception
 * does not escape, C2 can turn the throw into a jump and drop the allocation (and the stack walk),
 * and a benchmark would report a throw as free. Here the recursion is not inlined
 * (CompilerControl DONT_INLINE), so the throw really unwinds frames, and the caught exception
 * goes to the Blackhole, so it escapes and must exist. (HotSpot's OmitStackTraceInFastThrow only
 * concerns the JVM's own implicit exceptions, such as a NullPointerException; it plays no part here.)
 *
 * Run:  mvn -q -Pbench -pl chapter02-errors verify -Djmh.include=ExceptionCostBenchmark
 * What you should see (medians, quiet 2-core machine, depth 10 / 20): result 14 / 28 ns;
 * without stack 514 / 935 ns; preallocated 519 / 919 ns; with stack 1366 / 2099 ns. Unwinding
 * costs about 50 ns a frame even without a stack trace; the trace adds 0.9-1.2 us on top.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
public class ExceptionCostBenchmark {

    @Param({"10", "20"})
    int depth;

    /** A failure as a value. */
    sealed interface Result permits Ok, Failed {}

    record Ok(int value) implements Result {}

    record Failed(String reason) implements Result {}

    // tag::stackless[]
    static final class UpstreamFailed extends Exception {
        UpstreamFailed(String message) {
            super(message);
        }

        UpstreamFailed(String message, boolean writableStackTrace) {
            super(message, null, false, writableStackTrace);
        }
    }

    private static final UpstreamFailed PREALLOCATED = new UpstreamFailed("upstream refused", false);
    // end::stackless[]

    /** Baseline: the failure travels up as a return value. */
    @Benchmark
    public void baselineResult(Blackhole bh) {
        Result r = returnAt(depth);
        if (r instanceof Failed f) {
            bh.consume(f);
        }
    }

    /** Wrong way for a hot path: a fresh exception walks and records the whole stack. */
    @Benchmark
    public void throwWithStackTrace(Blackhole bh) {
        try {
            throwAt(depth, 0);
        } catch (UpstreamFailed e) {
            bh.consume(e);
        }
    }

    /** Right way when failures are frequent: no stack trace, still a fresh exception with a message. */
    @Benchmark
    public void throwWithoutStack(Blackhole bh) {
        try {
            throwAt(depth, 1);
        } catch (UpstreamFailed e) {
            bh.consume(e);
        }
    }

    /** No cheaper than throwWithoutStack, and shared: no per-failure message or cause. Avoid. */
    @Benchmark
    public void throwPreallocated(Blackhole bh) {
        try {
            throwAt(depth, 2);
        } catch (UpstreamFailed e) {
            bh.consume(e);
        }
    }

    @CompilerControl(CompilerControl.Mode.DONT_INLINE)
    static Result returnAt(int remaining) {
        if (remaining == 0) {
            return new Failed("upstream refused");
        }
        return returnAt(remaining - 1);
    }

    @CompilerControl(CompilerControl.Mode.DONT_INLINE)
    static void throwAt(int remaining, int kind) throws UpstreamFailed {
        if (remaining == 0) {
            throw switch (kind) {
                case 0 -> new UpstreamFailed("upstream refused");
                case 1 -> new UpstreamFailed("upstream refused", false);
                default -> PREALLOCATED;
            };
        }
        throwAt(remaining - 1, kind);
    }
}
