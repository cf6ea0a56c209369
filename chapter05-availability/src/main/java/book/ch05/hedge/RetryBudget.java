package book.ch05.hedge;

import java.util.concurrent.atomic.AtomicLong;

/**
 * A budget for extra requests, shared by retries and hedges: every original request deposits
 * {@code ratio} of a token, every retry or hedge withdraws a whole one, and the balance is capped
 * at {@code maxTokens}. Over any long run, extra requests are at most {@code ratio} of the
 * originals plus the cap; when the servers are in trouble and every request wants a second try,
 * the budget runs dry and the client stops multiplying the load (as Finagle's RetryBudget and
 * gRPC's retry throttling, which also covers hedges, do).
 *
 * <p>Lock-free: one CAS per deposit or withdrawal, in fixed point (thousandths of a token). It
 * starts full, as gRPC's retry throttling does: a new client may hedge or retry its first few
 * slow requests, and then only as much as its traffic earns. Defaults: {@value #DEFAULT_RATIO} of a token
 * per request (5 % extra), at most {@value #DEFAULT_MAX_TOKENS} tokens saved.
 *
 * <p>Unit "hedging" (with {@link Hedger}, {@link LatencyWindow}); also usable alone by a retry loop.
 *
 * <p>Specified by: RetryBudgetTest
 */
public final class RetryBudget {

    public static final double DEFAULT_RATIO = 0.05;
    public static final int DEFAULT_MAX_TOKENS = 10;
    private static final long MILLI = 1000;

    private final long deposit;
    private final long max;
    private final AtomicLong balance = new AtomicLong();

    public RetryBudget() {
        this(DEFAULT_RATIO, DEFAULT_MAX_TOKENS);
    }

    /**
     * @param ratio     extra requests allowed per original request, 0.001..1
     * @param maxTokens the most saved for a burst, 1..1000000
     */
    public RetryBudget(double ratio, int maxTokens) {
        if (!(ratio >= 0.001 && ratio <= 1)) {
            throw new IllegalArgumentException("ratio must be 0.001..1, not " + ratio);
        }
        if (maxTokens < 1 || maxTokens > 1_000_000) {
            throw new IllegalArgumentException("maxTokens must be 1..1000000, not " + maxTokens);
        }
        this.deposit = Math.round(ratio * MILLI);
        this.max = maxTokens * MILLI;
        this.balance.set(max);
    }

    // tag::budget[]
    /** An original request was sent: it earns {@code ratio} of an extra one. */
    public void onRequest() {
        long b;
        do {
            b = balance.get();
            if (b >= max) {
                return; // full: nothing to add, nothing to write
            }
        } while (!balance.compareAndSet(b, Math.min(max, b + deposit)));
    }

    /** Takes one token for a retry or a hedge; false (and nothing taken) when less than one is saved. */
    public boolean tryWithdraw() {
        long b;
        do {
            b = balance.get();
            if (b < MILLI) {
                return false;
            }
        } while (!balance.compareAndSet(b, b - MILLI));
        return true;
    }
    // end::budget[]

    /** Tokens saved now. */
    public double tokens() {
        return balance.get() / (double) MILLI;
    }
}
