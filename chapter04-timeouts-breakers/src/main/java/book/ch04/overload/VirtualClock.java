package book.ch04.overload;

import java.util.function.LongSupplier;

/**
 * The simulations' time: nanoseconds that move only when the event loop says so. The chapter's
 * real limiter and queue read it exactly as they read System.nanoTime in production, so a minute
 * of overload runs in milliseconds and gives the same figures on every machine.
 */
final class VirtualClock implements LongSupplier {

    private long now = 1_000_000_000L;

    @Override
    public long getAsLong() {
        return now;
    }

    long now() {
        return now;
    }

    /** Moves to {@code at}; time never goes back. */
    void advanceTo(long at) {
        if (at - now < 0) {
            throw new IllegalStateException("time would go back from " + now + " to " + at);
        }
        now = at;
    }
}
