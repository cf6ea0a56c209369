package book.ch03.backoff;

import java.util.random.RandomGenerator;

/**
 * How long to wait before retry number {@code attempt}. Implementations are immutable and
 * thread-safe; all randomness comes from the generator passed in, so a seeded generator
 * makes every delay reproducible.
 */
@FunctionalInterface
public interface Backoff {

    // tag::backoff[]
    /**
     * @param attempt       the retry about to happen: 1 for the first retry, 2 for the second...
     *                      (any positive int, including Integer.MAX_VALUE)
     * @param previousMillis the delay chosen before this one, 0 before the first retry
     * @param random        the source of jitter
     * @return the delay in milliseconds, never negative
     */
    long delayMillis(int attempt, long previousMillis, RandomGenerator random);
    // end::backoff[]

    /** Retry at once: the reference that shows why backoff exists. */
    static Backoff none() {
        return (attempt, previous, random) -> 0;
    }
}
