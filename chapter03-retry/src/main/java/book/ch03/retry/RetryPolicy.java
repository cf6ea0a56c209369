package book.ch03.retry;

import book.ch03.backoff.Backoff;
import book.ch03.backoff.BackoffDefaults;
import book.ch03.classify.FailureClassifier;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * What to retry, how often and for how long. Immutable; build one with {@link #builder()}.
 *
 * @param maxAttempts    calls in all, the first one included
 * @param backoff        the wait before each retry
 * @param maxDuration    how long retrying may go on, counted from the first failure: a delay
 *                       that would end later is not started
 * @param retryOnFailure which exceptions are worth another attempt
 * @param retryOnResult  which results are (an HTTP 503, say)
 * @param delay          may replace the backoff's delay from the answer (Retry-After)
 */
public record RetryPolicy<T>(int maxAttempts, Backoff backoff, Duration maxDuration,
                             Predicate<Throwable> retryOnFailure, Predicate<? super T> retryOnResult,
                             RetryDelay<? super T> delay) {

    /** The default: every result is an answer; only failures are retried. {@link Retry} skips the test then. */
    public static final Predicate<Object> NO_RESULT_IS_RETRIED = result -> false;

    // tag::defaults[]
    /** One call and three retries: enough to ride out a blip, too few to feed an outage. */
    public static final int DEFAULT_MAX_ATTEMPTS = 4;
    /** Retrying stops 10 s after the first failure, whatever the attempts left. */
    public static final Duration DEFAULT_MAX_DURATION = Duration.ofSeconds(10);
    /** The most attempts a policy may allow; more is a loop, not a retry. */
    public static final int MAX_ATTEMPTS_LIMIT = 100;
    // end::defaults[]

    public RetryPolicy {
        if (maxAttempts < 1 || maxAttempts > MAX_ATTEMPTS_LIMIT) {
            throw new IllegalArgumentException("maxAttempts must be between 1 and " + MAX_ATTEMPTS_LIMIT
                    + ", not " + maxAttempts);
        }
        Objects.requireNonNull(backoff, "backoff");
        Objects.requireNonNull(maxDuration, "maxDuration");
        if (maxDuration.isNegative() || maxDuration.isZero()) {
            throw new IllegalArgumentException("maxDuration must be positive, not " + maxDuration);
        }
        Objects.requireNonNull(retryOnFailure, "retryOnFailure");
        Objects.requireNonNull(retryOnResult, "retryOnResult");
        Objects.requireNonNull(delay, "delay");
    }

    public static <T> Builder<T> builder() {
        return new Builder<>();
    }

    /** A builder whose defaults are the constants above and the jittered default backoff. */
    public static final class Builder<T> {
        private int maxAttempts = DEFAULT_MAX_ATTEMPTS;
        private Backoff backoff = BackoffDefaults.backoff();
        private Duration maxDuration = DEFAULT_MAX_DURATION;
        // The safe default: retry only failures where the request never left (connect failures).
        private Predicate<Throwable> retryOnFailure = failure -> FailureClassifier.isRetryable(failure, false);
        private Predicate<? super T> retryOnResult = NO_RESULT_IS_RETRIED;
        private RetryDelay<? super T> delay = RetryDelay.backoffOnly();

        public Builder<T> maxAttempts(int maxAttempts) {
            this.maxAttempts = maxAttempts;
            return this;
        }

        public Builder<T> backoff(Backoff backoff) {
            this.backoff = backoff;
            return this;
        }

        public Builder<T> maxDuration(Duration maxDuration) {
            this.maxDuration = maxDuration;
            return this;
        }

        /** Retries what the chapter's classifier allows for a call that is (or is not) idempotent. */
        public Builder<T> idempotent(boolean idempotent) {
            this.retryOnFailure = failure -> FailureClassifier.isRetryable(failure, idempotent);
            return this;
        }

        public Builder<T> retryOnFailure(Predicate<Throwable> retryOnFailure) {
            this.retryOnFailure = retryOnFailure;
            return this;
        }

        public Builder<T> retryOnResult(Predicate<? super T> retryOnResult) {
            this.retryOnResult = retryOnResult;
            return this;
        }

        public Builder<T> delay(RetryDelay<? super T> delay) {
            this.delay = delay;
            return this;
        }

        public RetryPolicy<T> build() {
            return new RetryPolicy<>(maxAttempts, backoff, maxDuration, retryOnFailure, retryOnResult, delay);
        }
    }
}
