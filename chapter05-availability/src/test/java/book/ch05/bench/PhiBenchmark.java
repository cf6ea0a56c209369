package book.ch05.bench;

import book.ch05.detect.FixedTimeoutDetector;
import book.ch05.detect.PhiAccrualFailureDetector;
import book.ch05.time.Ticker;
import java.time.Duration;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/*
 * The question: is asking a phi accrual detector "is this peer alive?" cheap enough to do on
 * every request a balancer routes, next to the clock read it cannot avoid? Measured in the
 * same run: a bare System.nanoTime() (the baseline), phi computed from a stored clock
 * reading (the arithmetic alone: a division, exp, log1p), phi and isAvailable() with the
 * system ticker (what a caller pays), the fixed-timeout detector's isAvailable(), and a
 * heartbeat (which recomputes mean and deviation over the 1000-sample window).
 *
 * Run: mvn -q -Pbench -pl chapter05-availability verify -Djmh.include=PhiBenchmark
 * Expect: phi's arithmetic a few times the clock read, both tens of nanoseconds; a
 * heartbeat in the microseconds (once a second per peer, so it does not matter).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
public class PhiBenchmark {

    private static final long INTERVAL = 100_000_000L; // 100 ms between heartbeats

    /** The clock the "stored reading" detector sees: moved by the benchmark, never read from the OS. */
    private long storedNanos;
    private long silence;
    private PhiAccrualFailureDetector storedClock;
    private PhiAccrualFailureDetector systemClock;
    private FixedTimeoutDetector fixed;
    private PhiAccrualFailureDetector beating;
    private long beatingNanos;

    @Setup
    public void setup() {
        PhiAccrualFailureDetector.Config config = PhiAccrualFailureDetector.Config.DEFAULTS
                .withFirstHeartbeatEstimate(Duration.ofMillis(100)).withMinStdDeviation(Duration.ofMillis(10))
                .withAcceptablePause(Duration.ZERO);
        storedClock = new PhiAccrualFailureDetector(config, () -> storedNanos);
        beating = new PhiAccrualFailureDetector(config, () -> beatingNanos);
        SplittableRandom random = new SplittableRandom(1);
        for (int i = 0; i < 1_000; i++) { // a full window of jittered 100 ms intervals
            storedNanos += INTERVAL + random.nextLong(-10_000_000L, 10_000_000L);
            storedClock.heartbeat();
            beatingNanos = storedNanos;
            beating.heartbeat();
        }
        systemClock = new PhiAccrualFailureDetector(config, Ticker.system());
        systemClock.heartbeat();
        fixed = new FixedTimeoutDetector(Duration.ofMillis(300), Ticker.system());
        fixed.heartbeat();
    }

    // Baseline: one read of the monotonic clock, which any "how long since?" needs.
    @Benchmark
    public long baselineNanoTime() {
        return System.nanoTime();
    }

    // The arithmetic alone: phi from a clock reading the benchmark moves by 1 us each call.
    @Benchmark
    public double phiFromStoredReading() {
        storedNanos += 1_000;
        if (++silence == 200_000) { // keep the silence within 0..200 ms of the last beat
            storedNanos -= 200_000_000L;
            silence = 0;
        }
        return storedClock.phi();
    }

    // What a caller pays: the clock read plus the arithmetic.
    @Benchmark
    public double phiWithSystemTicker() {
        return systemClock.phi();
    }

    @Benchmark
    public boolean isAvailableWithSystemTicker() {
        return systemClock.isAvailable();
    }

    // The fixed timeout: a clock read and a subtraction.
    @Benchmark
    public boolean fixedTimeoutIsAvailable() {
        return fixed.isAvailable();
    }

    // A heartbeat: the window's mean and deviation recomputed over 1000 samples.
    @Benchmark
    public void heartbeatWithAFullWindow() {
        beatingNanos += INTERVAL;
        beating.heartbeat();
    }
}
