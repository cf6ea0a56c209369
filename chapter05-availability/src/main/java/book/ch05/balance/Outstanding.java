package book.ch05.balance;

import java.util.concurrent.atomic.AtomicIntegerArray;

/**
 * Requests in flight per host: incremented when a balancer picks the host, decremented when the
 * caller releases it. The state that "state-based" balancing reads. Each count is its own atomic
 * cell, so threads picking different hosts do not contend on one lock.
 *
 * <p>Part of the units "balancer-least-outstanding" and "balancer-power-of-two".
 *
 * <p>Specified by: LeastOutstandingTest, PowerOfTwoChoicesTest
 */
public final class Outstanding {

    private final AtomicIntegerArray inFlight;

    public Outstanding(int hosts) {
        if (hosts < 1) {
            throw new IllegalArgumentException("hosts must be >= 1, not " + hosts);
        }
        this.inFlight = new AtomicIntegerArray(hosts);
    }

    public int of(int host) {
        return inFlight.get(host);
    }

    void begin(int host) {
        inFlight.incrementAndGet(host);
    }

    /** Ends one request on {@code host}; an extra release (a caller's bug) never drives it negative. */
    void end(int host) {
        inFlight.getAndUpdate(host, Outstanding::decrementToZero);
    }

    private static int decrementToZero(int v) {
        return v > 0 ? v - 1 : 0;
    }

    public int size() {
        return inFlight.length();
    }
}
