package book.ch03.backoff;

import java.util.random.RandomGenerator;

/**
 * The exponential delay times a random factor in [1 - spread, 1 + spread), at most cap:
 * 0.2 gives the familiar [0.8, 1.2]. It keeps a floor under every delay (no retry comes
 * sooner than 80% of the ladder) but spreads a synchronized fleet only by &plusmn;20%.
 */
public record ProportionalJitterBackoff(long baseMillis, long capMillis, double spread) implements Backoff {

    /** The usual &plusmn;20%. */
    public static final double DEFAULT_SPREAD = 0.2;

    public ProportionalJitterBackoff {
        Exponential.check(baseMillis, capMillis);
        if (!(spread > 0 && spread < 1)) {
            throw new IllegalArgumentException("spread must be between 0 and 1 (exclusive), not " + spread);
        }
    }

    @Override
    public long delayMillis(int attempt, long previousMillis, RandomGenerator random) {
        long exp = Exponential.capped(baseMillis, capMillis, attempt);
        double factor = random.nextDouble(1 - spread, 1 + spread);
        return Math.min(capMillis, Math.round(exp * factor));
    }
}
