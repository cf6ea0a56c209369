package book.ch03.http.policy;

import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What the retrying HTTP client retries, with the knobs of urllib3's {@code Retry}.
 *
 * @param statusForcelist   statuses worth another attempt ({@code status_forcelist})
 * @param allowedMethods    methods that may be sent twice ({@code allowed_methods}); for any other
 *                          method (unless it carries an {@code Idempotency-Key}) only a failure
 *                          where the request cannot have arrived is retried: a connect failure,
 *                          408, 429 (the book's shared table, {@code FailureClassifier})
 * @param backoffFactor     the first step of the full-jitter exponential backoff ({@code backoff_factor})
 * @param backoffMax        no backoff delay is longer ({@code backoff_max})
 * @param maxRetries        retries after the first attempt ({@code total})
 * @param totalTime         no retry starts a wait that would end later than this after the first failure
 * @param respectRetryAfter honour the server's Retry-After ({@code respect_retry_after_header})
 * @param maxRetryAfter     a longer Retry-After makes the client give up instead of waiting
 */
public record HttpRetryPolicy(Set<Integer> statusForcelist, Set<String> allowedMethods, Duration backoffFactor,
                              Duration backoffMax, int maxRetries, Duration totalTime, boolean respectRetryAfter,
                              Duration maxRetryAfter) {

    // tag::http-defaults[]
    /**
     * Worth another attempt: 408 and 429 (refused before any work, so retried for any method),
     * 502, 503, 504 (a gateway's upstream may have done the work: retried only for a request
     * that is safe to repeat). 500 is a bug, not bad luck.
     */
    public static final Set<Integer> DEFAULT_STATUS_FORCELIST = Set.of(408, 429, 502, 503, 504);
    /** RFC 9110's idempotent methods: sending one twice has the effect of sending it once. */
    public static final Set<String> DEFAULT_ALLOWED_METHODS = Set.of("GET", "HEAD", "PUT", "DELETE", "OPTIONS", "TRACE");
    public static final Duration DEFAULT_BACKOFF_FACTOR = Duration.ofMillis(200);
    public static final Duration DEFAULT_BACKOFF_MAX = Duration.ofSeconds(30);
    public static final int DEFAULT_MAX_RETRIES = 3;
    public static final Duration DEFAULT_TOTAL_TIME = Duration.ofSeconds(20);
    /** Wait at most this long for a server that says "come back later". */
    public static final Duration DEFAULT_MAX_RETRY_AFTER = Duration.ofSeconds(10);
    // end::http-defaults[]

    public HttpRetryPolicy {
        statusForcelist = Set.copyOf(statusForcelist);
        for (int status : statusForcelist) {
            if (status < 100 || status > 599) {
                throw new IllegalArgumentException("statusForcelist holds " + status + ", not an HTTP status (100-599)");
            }
        }
        allowedMethods = allowedMethods.stream().map(m -> m.toUpperCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
        positive("backoffFactor", backoffFactor);
        positive("backoffMax", backoffMax);
        positive("totalTime", totalTime);
        positive("maxRetryAfter", maxRetryAfter);
        if (backoffMax.compareTo(backoffFactor) < 0) {
            throw new IllegalArgumentException("backoffMax must be at least backoffFactor (" + backoffFactor
                    + "), not " + backoffMax);
        }
        if (maxRetries < 0 || maxRetries > 10) {
            throw new IllegalArgumentException("maxRetries must be between 0 and 10, not " + maxRetries);
        }
    }

    /** The defaults above. */
    public static HttpRetryPolicy defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Starts from the defaults; {@link #build()} validates. */
    public static final class Builder {
        private Set<Integer> statusForcelist = DEFAULT_STATUS_FORCELIST;
        private Set<String> allowedMethods = DEFAULT_ALLOWED_METHODS;
        private Duration backoffFactor = DEFAULT_BACKOFF_FACTOR;
        private Duration backoffMax = DEFAULT_BACKOFF_MAX;
        private int maxRetries = DEFAULT_MAX_RETRIES;
        private Duration totalTime = DEFAULT_TOTAL_TIME;
        private boolean respectRetryAfter = true;
        private Duration maxRetryAfter = DEFAULT_MAX_RETRY_AFTER;

        public Builder statusForcelist(Set<Integer> statuses) {
            this.statusForcelist = statuses;
            return this;
        }

        public Builder allowedMethods(Set<String> methods) {
            this.allowedMethods = methods;
            return this;
        }

        public Builder backoffFactor(Duration backoffFactor) {
            this.backoffFactor = backoffFactor;
            return this;
        }

        public Builder backoffMax(Duration backoffMax) {
            this.backoffMax = backoffMax;
            return this;
        }

        public Builder maxRetries(int maxRetries) {
            this.maxRetries = maxRetries;
            return this;
        }

        public Builder totalTime(Duration totalTime) {
            this.totalTime = totalTime;
            return this;
        }

        public Builder respectRetryAfter(boolean respect) {
            this.respectRetryAfter = respect;
            return this;
        }

        public Builder maxRetryAfter(Duration maxRetryAfter) {
            this.maxRetryAfter = maxRetryAfter;
            return this;
        }

        public HttpRetryPolicy build() {
            return new HttpRetryPolicy(statusForcelist, allowedMethods, backoffFactor, backoffMax, maxRetries,
                    totalTime, respectRetryAfter, maxRetryAfter);
        }
    }

    private static void positive(String name, Duration value) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be a positive duration, not " + value);
        }
    }
}
