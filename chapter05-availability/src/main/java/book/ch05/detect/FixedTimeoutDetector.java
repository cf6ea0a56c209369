package book.ch05.detect;

import book.ch05.time.Ticker;
import java.time.Duration;

/**
 * The simplest failure detector: the peer is suspected when no heartbeat arrived for longer
 * than a fixed timeout.
 *
 * <p>What it protects against: sending traffic to a peer that stopped answering long ago.
 * Its limit is the timeout itself, chosen once for all network conditions: too short and
 * every GC pause or jittery link is a false alarm; too long and a real death goes unnoticed
 * for that long. {@link PhiAccrualFailureDetector} adapts to what it observes instead.
 *
 * <p>Defaults: none; a typical choice is 3 to 5 heartbeat intervals. Time is read from the
 * injected monotonic {@link Ticker}, never the wall clock. The suspicion is the silence
 * measured in timeouts (1.0 = exactly one timeout of silence), so the threshold is 1.
 *
 * <p>Copyable unit {@code fixed-timeout-detector} (this file, {@code FailureDetector},
 * {@code Ticker}).
 * Specified by: FixedTimeoutDetectorTest
 */
public final class FixedTimeoutDetector implements FailureDetector {

    /** A sentinel for "no heartbeat yet"; ticker readings may be any long, so a flag is kept beside it. */
    private volatile boolean monitoring;
    private volatile long lastHeartbeatNanos;
    private final long timeoutNanos;
    private final Ticker ticker;

    /**
     * @param timeout how long a silence is tolerated; at least 1 ns, at most about 292 years
     * @param ticker  the monotonic time source
     */
    public FixedTimeoutDetector(Duration timeout, Ticker ticker) {
        if (timeout == null || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive, not " + timeout);
        }
        if (ticker == null) {
            throw new IllegalArgumentException("ticker must not be null");
        }
        this.timeoutNanos = saturatedNanos(timeout);
        this.ticker = ticker;
    }

    // tag::fixed[]
    @Override
    public void heartbeat() {
        lastHeartbeatNanos = ticker.nanoTime();
        monitoring = true;
    }

    @Override
    public boolean isAvailable() {
        // Compare the silence with the timeout: a difference of two readings never overflows
        // the way "last + timeout" can.
        return !monitoring || ticker.nanoTime() - lastHeartbeatNanos <= timeoutNanos;
    }
    // end::fixed[]

    @Override
    public boolean isMonitoring() {
        return monitoring;
    }

    /** The silence so far divided by the timeout: above 1.0 the peer is suspected. */
    @Override
    public double suspicion() {
        if (!monitoring) {
            return 0.0;
        }
        return (double) (ticker.nanoTime() - lastHeartbeatNanos) / timeoutNanos;
    }

    /** The timeout, in nanoseconds (saturated). */
    public long timeoutNanos() {
        return timeoutNanos;
    }

    private static long saturatedNanos(Duration d) {
        try {
            return d.toNanos();
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE;
        }
    }
}
