package book.ch03.budget;

import book.ch03.retry.RetryGate;
import book.ch03.retry.Ticker;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

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
 *
 * <p>Lock-free, and nearly free on the success path: while the bucket is full (a healthy
 * backend) a request costs one volatile read, no clock read and no write; otherwise one
 * compare-and-set. Time runs on a monotonic {@link Ticker}. Defaults below; limits: ratio
 * 0..10, floor 0..1,000,000 a second, 1..1,000,000 tokens, counted in thousandths of a token.
 *
 * <p>Unit "retry-budget" (with {@code RetryGate} and {@code Ticker}); measured by
 * {@code RetryBudgetBenchmark}. Specified by: RetryBudgetTest
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
    private final Ticker ticker;
    /** The balance, in thousandths of a token; a field of the budget itself, so a request reads it without following a pointer. */
    private volatile long milliTokens;
    private static final VarHandle MILLI_TOKENS;

    static {
        try {
            MILLI_TOKENS = MethodHandles.lookup().findVarHandle(RetryBudget.class, "milliTokens", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
    private final AtomicLong lastRefillNanos;

    public RetryBudget(double ratio, double minPerSecond, double maxTokens, Ticker ticker) {
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
        this.ticker = Objects.requireNonNull(ticker, "ticker");
        this.milliTokens = maxMilliTokens; // start full, as gRPC does: a fresh client may retry a blip
        this.lastRefillNanos = new AtomicLong(ticker.nanoTime());
    }

    public static RetryBudget defaults(Ticker ticker) {
        return new RetryBudget(DEFAULT_RATIO, DEFAULT_MIN_PER_SECOND, DEFAULT_MAX_TOKENS, ticker);
    }

    // tag::budget[]
    @Override
    public void onRequest() {
        deposit(depositPerRequest);
    }

    /** Adds to the balance up to the cap. The success path of a healthy backend: the bucket is full, a volatile read and nothing else. */
    private void deposit(long amount) {
        for (long tokens = milliTokens;
             tokens < maxMilliTokens && !MILLI_TOKENS.compareAndSet(this, tokens, Math.min(maxMilliTokens, tokens + amount));
             tokens = milliTokens) {
            // another thread changed the balance first: read it again
        }
    }

    @Override
    public boolean tryRetry() {
        refill();
        for (long tokens = milliTokens; tokens >= MILLI; tokens = milliTokens) {
            if (MILLI_TOKENS.compareAndSet(this, tokens, tokens - MILLI)) {
                return true;
            }
        }
        return false; // spent: this failure goes back to the caller instead of downstream
    }

    /** Adds the floor earned since the last refill; of racing threads, the one that moves the time adds it. */
    private void refill() {
        long last = lastRefillNanos.get();
        long elapsedNanos = ticker.nanoTime() - last;
        // minPerSecond tokens a second is minPerSecond thousandths a millisecond
        long earned = (long) Math.min(elapsedNanos / 1_000_000 * minPerSecond, maxMilliTokens);
        if ((earned > 0 || minPerSecond == 0) && elapsedNanos > 0   // otherwise keep the time: slow floors add up
                && lastRefillNanos.compareAndSet(last, last + elapsedNanos)) {
            deposit(earned);
        }
    }
    // end::budget[]

    /** The balance in whole tokens, for tests and metrics. */
    public double tokens() {
        return milliTokens / (double) MILLI;
    }
}
