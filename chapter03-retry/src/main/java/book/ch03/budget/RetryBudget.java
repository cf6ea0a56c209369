package book.ch03.budget;

import book.ch03.retry.RetryGate;
import java.time.InstantSource;
import java.util.Objects;

/**
 * A token bucket that limits retries to a fraction of requests, plus a small floor per
 * second, in the manner of Finagle's {@code RetryBudget(ttl, minRetriesPerSec,
 * percentCanRetry)} and gRPC's retry throttling ({@code maxTokens}, {@code tokenRatio}).
 *
 * <p>Each request deposits {@code ratio} of a token; time deposits {@code minPerSecond}
 * tokens a second (so a client that sends little can still retry a little); each retry
 * withdraws one whole token; the balance never exceeds {@code maxTokens}. When the
 * backend is healthy, few retries happen and the bucket stays full. When it fails
 * everything, retries fall to about {@code ratio} of requests: load grows by 1 + ratio
 * instead of multiplying by the attempts. Share one budget among all calls to a backend.
 */
public final class RetryBudget implements RetryGate {

    // tag::budget-defaults[]
    /** Finagle's default: retries may add 20% to the requests. */
    public static final double DEFAULT_RATIO = 0.2;
    /** Finagle's default floor: 10 retries a second whatever the traffic. */
    public static final double DEFAULT_MIN_PER_SECOND = 10;
    /** The most retries that can be spent in one burst: ten seconds of the floor. */
    public static final double DEFAULT_MAX_TOKENS = 100;
    // end::budget-defaults[]

    private static final long MILLI = 1_000; // whole numbers of thousandths: 5 x 0.2 is exactly 1

    private final long depositPerRequest;
    private final double minPerSecond;
    private final long maxMilliTokens;
    private final InstantSource clock;
    private long milliTokens;
    private long lastRefillMillis;

    public RetryBudget(double ratio, double minPerSecond, double maxTokens, InstantSource clock) {
        if (!(ratio >= 0 && ratio <= 10)) {
            throw new IllegalArgumentException("ratio must be between 0 and 10, not " + ratio);
        }
        if (!(minPerSecond >= 0 && minPerSecond <= 1_000_000)) {
            throw new IllegalArgumentException("minPerSecond must be between 0 and 1000000, not " + minPerSecond);
        }
        if (!(maxTokens >= 1 && maxTokens <= 1_000_000)) {
            throw new IllegalArgumentException("maxTokens must be between 1 and 1000000, not " + maxTokens);
        }
        this.depositPerRequest = Math.round(ratio * MILLI);
        this.minPerSecond = minPerSecond;
        this.maxMilliTokens = Math.round(maxTokens * MILLI);
        this.clock = Objects.requireNonNull(clock, "clock");
        this.milliTokens = maxMilliTokens; // start full, as gRPC does: a fresh client may retry a blip
        this.lastRefillMillis = clock.millis();
    }

    public static RetryBudget defaults(InstantSource clock) {
        return new RetryBudget(DEFAULT_RATIO, DEFAULT_MIN_PER_SECOND, DEFAULT_MAX_TOKENS, clock);
    }

    // tag::budget[]
    @Override
    public synchronized void onRequest() {
        refill();
        milliTokens = Math.min(maxMilliTokens, milliTokens + depositPerRequest);
    }

    @Override
    public synchronized boolean tryRetry() {
        refill();
        if (milliTokens < MILLI) {
            return false; // spent: this failure goes back to the caller instead of downstream
        }
        milliTokens -= MILLI;
        return true;
    }

    private void refill() {
        long now = clock.millis();
        if (now <= lastRefillMillis) {
            lastRefillMillis = Math.min(lastRefillMillis, now); // a clock stepping back adds nothing
            return;
        }
        // minPerSecond tokens a second is minPerSecond thousandths a millisecond
        long earned = (long) Math.min((now - lastRefillMillis) * minPerSecond, maxMilliTokens);
        if (earned > 0 || minPerSecond == 0) {
            lastRefillMillis = now; // otherwise keep the time, so slow floors still add up
            milliTokens = Math.min(maxMilliTokens, milliTokens + earned);
        }
    }
    // end::budget[]

    /** The balance in whole tokens, for tests and metrics. */
    public synchronized double tokens() {
        return milliTokens / (double) MILLI;
    }
}
