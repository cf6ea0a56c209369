package book.ch04.ratelimit;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * A client-side rate limiter: may I send now, and if not, how long until I may?
 * Protects a dependency (and its quota) from a client that would send faster than agreed.
 *
 * Take it with you: the token bucket (one file, JDK only).
 *
 * What it does: lets at most `ratePerSecond` permits through per second on average, and at most
 * `burst` at once after an idle spell. Smooth (burst 1): permits are spaced evenly, one every
 * 1/rate seconds. Bursty (burst b): up to b at once, then the rate.
 * Defaults: TokenBucket.defaults() = 10 per second, burst 10 - a default that limits.
 * Limits: rate 1e-6..1e9 per second (one token is at least 1 ns apart, stored in whole ns);
 * burst 1..1,000,000. Time is a monotonic nanosecond source (System::nanoTime by default),
 * never the wall clock. Lock-free (one CAS per permit).
 * How: stored as a GCRA ("theoretical arrival time"): one long, the instant at which the bucket
 * would be full again. No token count grows with idle time, so no arithmetic on elapsed time
 * can overflow after a long idle at a high rate.
 * Specified by: TokenBucketTest.
 */
public final class TokenBucket {

    /** The default rate: 10 permits a second. A limiter whose default limits nothing is a trap. */
    public static final double DEFAULT_RATE_PER_SECOND = 10;
    /** The default burst: one second's worth. */
    public static final int DEFAULT_BURST = 10;
    public static final double MIN_RATE_PER_SECOND = 1e-6;
    public static final double MAX_RATE_PER_SECOND = 1e9;
    public static final int MAX_BURST = 1_000_000;

    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private final long intervalNanos;   // the time one permit costs
    private final long burstNanos;      // burst * intervalNanos: how far ahead of now the bucket may run
    private final LongSupplier nanoTime;
    // tag::gcra-state[]
    // The instant (a reading of nanoTime) at which the bucket is full again. A permit moves it
    // one interval later; time passing needs no update at all.
    private final AtomicLong fullAt;
    // end::gcra-state[]

    private TokenBucket(double ratePerSecond, int burst, LongSupplier nanoTime) {
        if (!(ratePerSecond >= MIN_RATE_PER_SECOND && ratePerSecond <= MAX_RATE_PER_SECOND)) {
            throw new IllegalArgumentException("ratePerSecond must be in " + MIN_RATE_PER_SECOND + ".."
                    + MAX_RATE_PER_SECOND + ", not " + ratePerSecond);
        }
        if (burst < 1 || burst > MAX_BURST) {
            throw new IllegalArgumentException("burst must be in 1.." + MAX_BURST + ", not " + burst);
        }
        if (nanoTime == null) {
            throw new IllegalArgumentException("nanoTime must not be null");
        }
        this.intervalNanos = Math.max(1, Math.round(NANOS_PER_SECOND / ratePerSecond));
        // A slow rate with a large burst (1e-6 per second, burst 1e6) spans 1e21 ns: refuse it
        // rather than wrap. A quarter of a long keeps every sum below (now + 2 bursts) exact.
        long span = Math.multiplyHigh(intervalNanos, burst) == 0 ? intervalNanos * burst : -1;
        if (span < 0 || span > Long.MAX_VALUE / 4) {
            throw new IllegalArgumentException("burst " + burst + " at " + ratePerSecond
                    + " per second spans more time than a long counts in nanoseconds");
        }
        this.burstNanos = span;
        this.nanoTime = nanoTime;
        this.fullAt = new AtomicLong(nanoTime.getAsLong());
    }

    /** 10 per second, burst 10, on {@link System#nanoTime()}. */
    public static TokenBucket defaults() {
        return bursty(DEFAULT_RATE_PER_SECOND, DEFAULT_BURST, System::nanoTime);
    }

    /** Evenly spaced permits: one every 1/rate seconds, never two at once. */
    public static TokenBucket smooth(double ratePerSecond, LongSupplier nanoTime) {
        return new TokenBucket(ratePerSecond, 1, nanoTime);
    }

    /** Up to {@code burst} permits at once after an idle spell, {@code ratePerSecond} on average. */
    public static TokenBucket bursty(double ratePerSecond, int burst, LongSupplier nanoTime) {
        return new TokenBucket(ratePerSecond, burst, nanoTime);
    }

    /** Takes one permit if there is one now; never waits. */
    public boolean tryAcquire() {
        return tryAcquire(1);
    }

    // tag::try-acquire[]
    /** Takes {@code permits} if they are all there now; never waits, never takes part of them. */
    public boolean tryAcquire(int permits) {
        long cost = cost(permits);
        while (true) {
            long now = nanoTime.getAsLong();
            long current = fullAt.get();
            // After an idle spell fullAt lies in the past: the bucket is full, start from now.
            // Differences, never comparisons of raw readings: nanoTime may wrap.
            long from = current - now > 0 ? current : now;
            long next = from + cost;
            if (next - now > burstNanos) {
                return false;                         // would run more than a burst ahead
            }
            if (fullAt.compareAndSet(current, next)) {
                return true;
            }
        }
    }
    // end::try-acquire[]

    /** How long until {@code permits} would be granted (0: now); what a 429's Retry-After says. */
    public Duration timeUntil(int permits) {
        long cost = cost(permits);
        long now = nanoTime.getAsLong();
        long current = fullAt.get();
        long from = current - now > 0 ? current : now;
        long wait = (from + cost - now) - burstNanos;
        return Duration.ofNanos(Math.max(0, wait));
    }

    /** Permits that could be taken now, 0..burst. */
    public long available() {
        long now = nanoTime.getAsLong();
        long ahead = Math.max(0, fullAt.get() - now);
        return (burstNanos - ahead) / intervalNanos;
    }

    public long intervalNanos() {
        return intervalNanos;
    }

    public int burst() {
        return (int) (burstNanos / intervalNanos);
    }

    private long cost(int permits) {
        if (permits < 1 || (long) permits * intervalNanos > burstNanos) {
            throw new IllegalArgumentException("permits must be in 1.." + burst() + " (the burst), not " + permits);
        }
        return permits * intervalNanos;
    }
}
