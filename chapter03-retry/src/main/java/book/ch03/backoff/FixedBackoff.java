package book.ch03.backoff;

import java.util.random.RandomGenerator;

/**
 * The same delay every time. Right for a single client polling a resource; wrong for a
 * fleet, whose clients stay in lock-step after a shared failure.
 */
public record FixedBackoff(long delayMillis) implements Backoff {

    public FixedBackoff {
        if (delayMillis < 0 || delayMillis > Exponential.MAX_CAP_MILLIS) {
            throw new IllegalArgumentException("delayMillis must be between 0 and "
                    + Exponential.MAX_CAP_MILLIS + ", not " + delayMillis);
        }
    }

    @Override
    public long delayMillis(int attempt, long previousMillis, RandomGenerator random) {
        return delayMillis;
    }
}
