package book.ch03.backoff;

import java.util.random.RandomGenerator;

/**
 * base, 2 base, 4 base ... at most cap, with no jitter. It backs off, but every client that
 * failed together retries together: the "no jitter" line of the herd chart.
 */
public record ExponentialBackoff(long baseMillis, long capMillis) implements Backoff {

    public ExponentialBackoff {
        Exponential.check(baseMillis, capMillis);
    }

    @Override
    public long delayMillis(int attempt, long previousMillis, RandomGenerator random) {
        return Exponential.capped(baseMillis, capMillis, attempt);
    }
}
