package book.ch03.backoff;

import java.util.random.RandomGenerator;

/**
 * min(cap, uniform[base, previous * 3)): each delay grows from the last one drawn rather
 * than from the attempt number, so clients that collided once drift apart. Needs the
 * previous delay, which the retry loop passes in.
 */
public record DecorrelatedJitterBackoff(long baseMillis, long capMillis) implements Backoff {

    public DecorrelatedJitterBackoff {
        Exponential.check(baseMillis, capMillis);
    }

    // tag::decorrelated[]
    @Override
    public long delayMillis(int attempt, long previousMillis, RandomGenerator random) {
        // clamp before multiplying: previous * 3 must not overflow, and the cap bounds it anyway
        long previous = Math.min(Math.max(previousMillis, baseMillis), capMillis);
        long upper = previous * 3;
        return Math.min(capMillis, random.nextLong(baseMillis, upper));
    }
    // end::decorrelated[]
}
