package book.ch03.backoff;

import java.util.random.RandomGenerator;

/**
 * Half the exponential delay for sure, the other half at random: exp/2 + uniform[0, exp/2).
 * A floor like proportional jitter, a wider spread; in the AWS simulation it costs a few
 * more calls than full jitter.
 */
public record EqualJitterBackoff(long baseMillis, long capMillis) implements Backoff {

    public EqualJitterBackoff {
        Exponential.check(baseMillis, capMillis);
    }

    @Override
    public long delayMillis(int attempt, long previousMillis, RandomGenerator random) {
        long exp = Exponential.capped(baseMillis, capMillis, attempt);
        long half = exp / 2;
        return half + random.nextLong(Math.max(1, exp - half));
    }
}
