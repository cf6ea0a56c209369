package book.ch04.adaptive;

import java.time.Duration;

/**
 * The concurrency limit itself: samples in, a number out.
 *
 * Take it with you: the AIMD concurrency limit (AimdLimit.java, ConcurrencyLimiter.java; JDK only).
 *
 * What it does: finds how many calls a dependency can take at once by probing, as TCP finds its
 * congestion window: +1 per round trip's worth of good answers (limit answers) while the limit
 * is really in use (additive increase); x backoffRatio after an answer that was dropped (a
 * timeout, a reset, a 5xx, a 429) or slower than `slowThreshold` (multiplicative decrease), at
 * most once per round trip: answers to calls sent before the last cut do not cut again.
 * In the manner of Netflix concurrency-limits' AIMDLimit, which adds 1 per good answer and
 * cuts on every drop; the two once-per-round-trip rules are TCP's (RFC 5681), and keep one
 * slow spell from cutting a limit of 70 to 1 (see the chapter's adaptive-limit program).
 * Defaults: initial 10, min 1, max 200, backoffRatio 0.9, slowThreshold 1 s.
 * Limits: 1 <= min <= initial <= max <= 100,000; backoffRatio in [0.5, 1); slowThreshold
 * 1 ms..1 h. Feed it every answer (it is cheap and thread-safe: one lock per answer).
 * Specified by: AimdLimitTest, ConcurrencyLimiterTest, SimulationTest.
 */
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
    private int goodAnswers;                      // good answers since the last +1 or cut
    private boolean cut;                          // has the limit been cut yet?
    private long cutAtNanos;                      // if so, when (the clock reading of that answer)

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
     * One finished call: when it started and how long it took (both on the caller's monotonic
     * clock), how many calls were in flight when it started, and whether it was dropped (timed
     * out, reset, 5xx, pushed back). Returns the new limit.
     */
    public synchronized int onSample(long startNanos, long rttNanos, int inFlight, boolean dropped) {
        if (dropped || rttNanos > slowThresholdNanos) {
            // One cut per round trip, as TCP: calls sent before the last cut were sent under the
            // old limit and say nothing about the new one. Without this, 70 calls stuck in one
            // slow spell cut the limit 70 times, from 70 to 1.
            if (!cut || startNanos - cutAtNanos >= 0) {
                limit = Math.max(min, (int) (limit * backoffRatio));  // ratio < 1, floor: at least 1 lower
                cut = true;
                cutAtNanos = startNanos + rttNanos;
                goodAnswers = 0;
            }
        } else if (inFlight * 2 >= limit) {                            // grow only a limit in use
            if (++goodAnswers >= limit) {                              // a limit's worth of answers is
                goodAnswers = 0;                                       // one round trip: +1
                limit = Math.min(max, limit + 1);
            }
        }
        return limit;
    }
    // end::on-sample[]
}
