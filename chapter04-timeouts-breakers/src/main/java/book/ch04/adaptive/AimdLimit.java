package book.ch04.adaptive;

import java.time.Duration;

/*
 * Take it with you: the AIMD concurrency limit (AimdLimit.java, ConcurrencyLimiter.java; JDK only).
 *
 * What it does: finds how many calls a dependency can take at once by probing, as TCP finds a
 * window: +1 after each good sample while the limit is really in use (additive increase),
 * x backoffRatio after a sample that was dropped (a timeout, a 503, a reset, a 429) or slower
 * than `slowThreshold` (multiplicative decrease). In the manner of Netflix concurrency-limits'
 * AIMDLimit.
 * Defaults: initial 10, min 1, max 200, backoffRatio 0.9, slowThreshold 1 s.
 * Limits: 1 <= min <= initial <= max <= 100,000; backoffRatio in [0.5, 1); slowThreshold
 * 1 ms..1 h. One decrease per sample: a burst of drops cuts the limit geometrically, so a
 * caller should feed it every sample (it is cheap and thread-safe: one lock per sample).
 * Specified by: AimdLimitTest, ConcurrencyLimiterTest.
 */

/** The concurrency limit itself: samples in, a number out. */
public final class AimdLimit {

    public static final int DEFAULT_INITIAL = 10;
    public static final int DEFAULT_MIN = 1;
    public static final int DEFAULT_MAX = 200;
    public static final double DEFAULT_BACKOFF_RATIO = 0.9;
    public static final Duration DEFAULT_SLOW_THRESHOLD = Duration.ofSeconds(1);
    public static final int MAX_LIMIT = 100_000;

    private final int min;
    private final int max;
    private final double backoffRatio;
    private final long slowThresholdNanos;
    private volatile int limit;

    public AimdLimit(int initial, int min, int max, double backoffRatio, Duration slowThreshold) {
        if (min < 1 || max > MAX_LIMIT || min > max) {
            throw new IllegalArgumentException("need 1 <= min <= max <= " + MAX_LIMIT + ", not min " + min + " max " + max);
        }
        if (initial < min || initial > max) {
            throw new IllegalArgumentException("initial must be in " + min + ".." + max + ", not " + initial);
        }
        if (!(backoffRatio >= 0.5 && backoffRatio < 1)) {
            throw new IllegalArgumentException("backoffRatio must be in [0.5, 1), not " + backoffRatio);
        }
        if (slowThreshold == null || slowThreshold.compareTo(Duration.ofMillis(1)) < 0
                || slowThreshold.compareTo(Duration.ofHours(1)) > 0) {
            throw new IllegalArgumentException("slowThreshold must be in 1ms..1h, not " + slowThreshold);
        }
        this.min = min;
        this.max = max;
        this.backoffRatio = backoffRatio;
        this.slowThresholdNanos = slowThreshold.toNanos();
        this.limit = initial;
    }

    public static AimdLimit ofDefaults() {
        return new AimdLimit(DEFAULT_INITIAL, DEFAULT_MIN, DEFAULT_MAX, DEFAULT_BACKOFF_RATIO, DEFAULT_SLOW_THRESHOLD);
    }

    public int limit() {
        return limit;
    }

    // tag::on-sample[]
    /**
     * One finished call: how long it took, how many calls were in flight when it started, and
     * whether it was dropped (timed out, refused, pushed back). Returns the new limit.
     */
    public synchronized int onSample(long rttNanos, int inFlight, boolean dropped) {
        int current = limit;
        int next;
        if (dropped || rttNanos > slowThresholdNanos) {
            next = (int) (current * backoffRatio);     // always at least 1 lower: ratio < 1, floor
        } else if (inFlight * 2 >= current) {
            next = current + 1;                         // grow only a limit that is being used
        } else {
            next = current;                             // an idle client proves nothing
        }
        limit = Math.min(max, Math.max(min, next));
        return limit;
    }
    // end::on-sample[]
}
