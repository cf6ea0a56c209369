package book.ch03.retry;

import java.util.random.RandomGenerator;

/**
 * Lets the answer itself change the wait: a server's Retry-After replaces the backoff, or
 * asks for so long a wait that the client should give up instead.
 */
@FunctionalInterface
public interface RetryDelay<T> {

    /** Keeps the backoff's delay. */
    static <T> RetryDelay<T> backoffOnly() {
        return (attempt, result, failure, backoffMillis, random) -> Choice.wait(backoffMillis, null);
    }

    /**
     * @param result        what the failed attempt returned, or {@code null} if it threw
     * @param failure       what it threw, or {@code null}
     * @param backoffMillis what the policy's backoff chose
     */
    Choice choose(int attempt, T result, Throwable failure, long backoffMillis, RandomGenerator random);

    /** Wait this long, or give up; the note says why, for the listener. */
    record Choice(long millis, boolean giveUp, String note) {

        public Choice {
            if (millis < 0) {
                throw new IllegalArgumentException("millis must not be negative, not " + millis);
            }
        }

        public static Choice wait(long millis, String note) {
            return new Choice(millis, false, note);
        }

        public static Choice giveUp(String note) {
            return new Choice(0, true, note);
        }
    }
}
