package book.ch03.retry;

import java.time.Duration;
import java.util.Objects;

/**
 * A point in time by which a call must be done, on a {@link Ticker}. Kept as the ticker's reading
 * when it was made plus a budget, so that "time left" is {@code budget - elapsed}: no addition of
 * a caller's duration to a clock reading, hence no overflow for a budget of
 * {@code Long.MAX_VALUE} ns (what {@link Duration} values beyond 292 years saturate to).
 * The retry loop hands one to every attempt, as gRPC hands its deadline down a call, so that the
 * attempt can set its own timeout to what is left.
 */
public final class Deadline {

    private static final Deadline NONE = new Deadline(null, 0, Long.MAX_VALUE);

    private final Ticker ticker;
    private final long startNanos;
    private final long budgetNanos;

    private Deadline(Ticker ticker, long startNanos, long budgetNanos) {
        this.ticker = ticker;
        this.startNanos = startNanos;
        this.budgetNanos = budgetNanos;
    }

    /** No deadline: {@link #remainingNanos()} is always {@code Long.MAX_VALUE}. */
    public static Deadline none() {
        return NONE;
    }

    /** {@code timeout} from now on {@code ticker}; a timeout too long for a long of nanoseconds saturates. */
    public static Deadline after(Duration timeout, Ticker ticker) {
        Objects.requireNonNull(ticker, "ticker");
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("timeout must not be negative, not " + timeout);
        }
        long nanos = timeout.compareTo(Duration.ofNanos(Long.MAX_VALUE)) >= 0 ? Long.MAX_VALUE : timeout.toNanos();
        return new Deadline(ticker, ticker.nanoTime(), nanos);
    }

    /** Whether this is a real deadline (not {@link #none()}). */
    public boolean isBounded() {
        return ticker != null;
    }

    /** Nanoseconds left; zero or less once passed; {@code Long.MAX_VALUE} for none. */
    public long remainingNanos() {
        if (ticker == null) {
            return Long.MAX_VALUE;
        }
        long elapsed = ticker.nanoTime() - startNanos;
        return elapsed < 0 ? budgetNanos : budgetNanos - elapsed; // a ticker never goes back; be safe if one does
    }

    /** Time left, never negative: what an attempt sets as its own timeout. */
    public Duration remaining() {
        return Duration.ofNanos(Math.max(0, remainingNanos()));
    }

    public boolean hasPassed() {
        return remainingNanos() <= 0;
    }

    /** The one of the two with less time left. */
    public Deadline earlier(Deadline other) {
        return other.remainingNanos() < remainingNanos() ? other : this;
    }

    @Override
    public String toString() {
        return ticker == null ? "no deadline" : "deadline in " + remaining().toMillis() + " ms";
    }
}
