package book.ch04.overload;

import java.time.Duration;
import java.util.SplittableRandom;

/** How long a simulated worker takes for one request: the mean +-25 %, uniform, from a seeded source. */
final class ServiceTime {

    private final long meanNanos;
    private final SplittableRandom random;

    ServiceTime(Duration mean, long seed) {
        this.meanNanos = mean.toNanos();
        this.random = new SplittableRandom(seed);
    }

    long nextNanos() {
        return meanNanos * 3 / 4 + random.nextLong(meanNanos / 2 + 1);
    }

    long meanNanos() {
        return meanNanos;
    }
}
