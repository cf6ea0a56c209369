package book.ch02.proxy;

import java.time.Duration;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/**
 * Delays every chunk by {@code latency} plus a random extra between zero and {@code jitter}:
 * what a long or busy path does to each packet. Toxiproxy's {@code latency} toxic draws
 * latency plus or minus jitter; here the jitter only adds, because a real path never gets
 * faster than its propagation delay, and so a test can rely on "at least {@code latency}".
 *
 * @param latency the delay every chunk gets
 * @param jitter  the largest extra delay, drawn per chunk
 * @param seed    seeds the jitter, so that a run can be repeated exactly
 */
public record Latency(Duration latency, Duration jitter, long seed) implements Fault {

    public Latency {
        FaultChecks.notNegative("latency", latency);
        FaultChecks.notNegative("jitter", jitter);
    }

    /** A fixed delay, no jitter. */
    public static Latency of(Duration latency) {
        return new Latency(latency, Duration.ZERO, 0);
    }

    @Override
    public String name() {
        return "latency";
    }

    @Override
    public String toString() {
        return "latency(" + latency.toMillis() + " ms, jitter " + jitter.toMillis() + " ms, seed " + seed + ")";
    }

    // tag::latency[]
    @Override
    public Toxic start(Ticker ticker, Runnable applied) {
        RandomGenerator random = new SplittableRandom(seed);
        long baseNanos = latency.toNanos();
        long jitterNanos = jitter.toNanos();
        return (chunk, next) -> {
            long delay = baseNanos + (jitterNanos == 0 ? 0 : random.nextLong(jitterNanos + 1));
            // From the moment the bytes arrived, not from now: a chunk that waited behind
            // an earlier one is not delayed twice.
            ticker.sleepUntil(chunk.readAtNanos() + delay);
            applied.run();
            next.send(chunk);
        };
    }
    // end::latency[]
}
