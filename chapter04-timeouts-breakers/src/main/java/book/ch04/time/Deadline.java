package book.ch04.time;

import java.io.IOException;
import java.time.Duration;

/**
 * A point in time by which a whole operation must be done, created once at the edge (where the
 * request enters) and handed down to every nested call, attempt and hop, each of which asks it
 * for the time left instead of starting a fresh timeout of its own. Protects against the
 * commonest timeout bug: three hops with a 10 s timeout each, behind a caller who gave up after
 * 5 s, still working for 30 s.
 *
 * <p>Runs on a {@link Ticker} (monotonic; never the wall clock). A budget is stored as the
 * ticker reading at creation plus the budget in nanoseconds, and the time left is
 * {@code budget - (now - start)}: no sum of a reading and a caller's duration is ever formed, so
 * nothing overflows, and a budget too large for a {@code long} of nanoseconds (about 292 years)
 * saturates to "practically never".
 *
 * <p>Defaults: none; a deadline always has an explicit budget. Limits: immutable; readings of a
 * ticker are compared only with readings of the same ticker. Part of the copyable unit "deadline"
 * with {@code Ticker} and {@code TimeoutHeader}.
 *
 * <p>Specified by: DeadlineTest, TimeoutHeaderTest, DeadlineAcrossHopsTest
 */
public final class Deadline {

    private final Ticker ticker;
    private final long startNanos;
    private final long budgetNanos;

    private Deadline(Ticker ticker, long startNanos, long budgetNanos) {
        this.ticker = ticker;
        this.startNanos = startNanos;
        this.budgetNanos = budgetNanos;
    }

    // tag::create[]
    /** A deadline {@code budget} from now; a negative budget is already expired. */
    public static Deadline after(Duration budget, Ticker ticker) {
        return new Deadline(ticker, ticker.nanoTime(), saturatedNanos(budget));
    }

    /** The time left, in nanoseconds; zero or negative once expired. Never overflows. */
    public long remainingNanos() {
        return budgetNanos - (ticker.nanoTime() - startNanos);
    }
    // end::create[]

    /** A deadline {@code budgetNanos} from now, in nanoseconds (as a header carries it). */
    public static Deadline afterNanos(long budgetNanos, Ticker ticker) {
        return new Deadline(ticker, ticker.nanoTime(), budgetNanos);
    }

    /** The time left, never negative. */
    public Duration remaining() {
        return Duration.ofNanos(Math.max(0, remainingNanos()));
    }

    public boolean expired() {
        return remainingNanos() <= 0;
    }

    // tag::narrow[]
    /**
     * The deadline for one attempt or one hop: {@code perAttempt} from now, but never later
     * than this deadline. An attempt gets the time left, never more.
     */
    public Deadline narrowTo(Duration perAttempt) {
        long now = ticker.nanoTime();
        long left = budgetNanos - (now - startNanos);
        return new Deadline(ticker, now, Math.min(left, saturatedNanos(perAttempt)));
    }

    /** Throws unless at least {@code minimum} is left: no attempt starts that cannot finish. */
    public void checkLeft(Duration minimum, String what) throws ExceededException {
        long left = remainingNanos();
        if (left <= 0 || left < saturatedNanos(minimum)) {
            throw new ExceededException(what + ": " + Math.max(0, left) / 1_000_000 + " ms left of the deadline, "
                    + "need at least " + minimum.toMillis() + " ms");
        }
    }
    // end::narrow[]

    /** Throws if the deadline has passed. */
    public void check(String what) throws ExceededException {
        checkLeft(Duration.ZERO, what);
    }

    /**
     * The time left as a socket timeout ({@code setSoTimeout}, {@code connect}): at least 1 ms,
     * because 0 means "wait forever" to a socket. Throws if nothing is left.
     */
    public int socketTimeoutMillis(String what) throws ExceededException {
        check(what);
        long millis = Math.ceilDiv(remainingNanos(), 1_000_000L);
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, millis));
    }

    /** A caller's duration in nanoseconds, saturated instead of overflowing (about 292 years). */
    static long saturatedNanos(Duration d) {
        try {
            return d.toNanos();
        } catch (ArithmeticException e) {
            return d.isNegative() ? Long.MIN_VALUE / 2 : Long.MAX_VALUE;
        }
    }

    @Override
    public String toString() {
        return "Deadline[" + remaining().toMillis() + " ms left]";
    }

    /**
     * The deadline passed before the work could start or finish. Deliberately not a
     * {@link java.net.SocketTimeoutException}: a retry classifier must not retry it, because
     * there is no time left for another attempt.
     */
    public static final class ExceededException extends IOException {
        private static final long serialVersionUID = 1L;

        public ExceededException(String message) {
            super(message);
        }
    }
}
