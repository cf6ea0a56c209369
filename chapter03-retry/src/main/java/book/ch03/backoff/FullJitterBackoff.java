package book.ch03.backoff;

import java.util.random.RandomGenerator;

/**
 * Uniform in [0, exponential delay): the strategy that spreads a herd the most for the
 * fewest calls in the AWS simulation, and the one gRPC's retry policy uses. Its only cost:
 * an unlucky retry may come almost at once.
 */
public record FullJitterBackoff(long baseMillis, long capMillis) implements Backoff {

    public FullJitterBackoff {
        Exponential.check(baseMillis, capMillis);
    }

    // tag::full-jitter[]
    @Override
    public long delayMillis(int attempt, long previousMillis, RandomGenerator random) {
        long exp = Exponential.capped(baseMillis, capMillis, attempt);
        return random.nextLong(exp); // uniform in [0, exp)
    }
    // end::full-jitter[]
}
