/*
 * Chapter 4's unit (chapter04-timeouts-breakers, book.ch04.breaker), copied unchanged except the
 * package, so that chapter 5 depends on no other chapter; its tests are copied beside it.
 * Copyable unit "circuit-breaker" (README, "Take it with you"): the configuration of a
 * CircuitBreaker. Defaults (each pinned by BreakerConfigTest):
 *   5 consecutive failures open it (the seeds' "5 failures, then 60 s"), or a failure rate of
 *   50 % over a count window of the last 100 calls once at least 20 calls are in it; calls slower
 *   than 10 s count as slow and 100 % slow calls open it; it stays open 60 s, then lets 3 probes
 *   through, any of which failing opens it again; a probe that has not reported after 30 s is
 *   given up on (half-open never wedges).
 * Limits: windows of 1..1,000,000 calls or 10 ms..1 h; every duration 1 ms..24 h, so no sum a
 * breaker computes can overflow.
 * Specified by: BreakerConfigTest.
 */
package book.ch05.breaker;

import java.time.Duration;
import java.util.Objects;

/**
 * What makes a {@link CircuitBreaker} open, how long it stays open and how it probes; an
 * immutable record whose constructor refuses a value that would make the breaker useless or
 * dangerous, naming the parameter and the value.
 *
 * @param name                  names the breaker in its events and its rejection message
 * @param consecutiveFailures   this many failures in a row open it; {@link #OFF} turns the rule off
 * @param window                which calls the rates are computed over
 * @param minimumCalls          no rate opens it before the window holds this many calls
 * @param failureRatePercent    a failure rate at or above this (in %) opens it
 * @param slowCallDuration      a call that took at least this long is slow; {@code null}: never
 *                              time calls (the cheapest closed path)
 * @param slowCallRatePercent   a slow-call rate at or above this (in %) opens it
 * @param openWait              how long it rejects every call before probing
 * @param halfOpenProbes        how many probe calls half-open lets through; all must succeed to close
 * @param probeTimeout          when every probe place is taken and half-open has lasted this long,
 *                              the probes are given up on and the breaker opens again
 */
public record BreakerConfig(String name, int consecutiveFailures, Window window, int minimumCalls,
                            double failureRatePercent, Duration slowCallDuration, double slowCallRatePercent,
                            Duration openWait, int halfOpenProbes, Duration probeTimeout) {

    public static final int OFF = 0;
    public static final int DEFAULT_CONSECUTIVE_FAILURES = 5;
    public static final int DEFAULT_WINDOW_CALLS = 100;
    public static final int DEFAULT_MINIMUM_CALLS = 20;
    public static final double DEFAULT_FAILURE_RATE_PERCENT = 50.0;
    public static final Duration DEFAULT_SLOW_CALL_DURATION = Duration.ofSeconds(10);
    public static final double DEFAULT_SLOW_CALL_RATE_PERCENT = 100.0;
    public static final Duration DEFAULT_OPEN_WAIT = Duration.ofSeconds(60);
    public static final int DEFAULT_HALF_OPEN_PROBES = 3;
    public static final Duration DEFAULT_PROBE_TIMEOUT = Duration.ofSeconds(30);

    static final int MAX_COUNT = 1_000_000;
    static final Duration MIN_DURATION = Duration.ofMillis(1);
    static final Duration MAX_DURATION = Duration.ofHours(24);
    static final Duration MIN_WINDOW = Duration.ofMillis(10);
    static final Duration MAX_WINDOW = Duration.ofHours(1);

    /**
     * The calls a rate is computed over: the last {@code calls} calls, or the calls that ended in
     * the last {@code duration}. Either is kept in {@link #BUCKETS} buckets, so the window slides a
     * bucket at a time (see {@link SlidingWindow}).
     */
    public record Window(int calls, Duration duration) {

        public static final int BUCKETS = 10;

        public Window {
            if (duration != null && calls != 0) {
                throw new IllegalArgumentException("window: give calls or a duration, not both, got calls=" + calls + " duration=" + duration);
            }
            if (duration == null) {
                checkRange("window calls", calls, 1, MAX_COUNT);
            } else if (duration.compareTo(MIN_WINDOW) < 0 || duration.compareTo(MAX_WINDOW) > 0) {
                throw new IllegalArgumentException("window duration must be within " + MIN_WINDOW + ".." + MAX_WINDOW + ", got " + duration);
            }
        }

        /** The last {@code calls} calls, give or take a tenth. */
        public static Window lastCalls(int calls) {
            return new Window(calls, null);
        }

        /** The calls that ended in the last {@code duration}, give or take a tenth. */
        public static Window lastDuration(Duration duration) {
            return new Window(0, Objects.requireNonNull(duration, "window duration"));
        }

        public boolean isTimeBased() {
            return duration != null;
        }
    }

    public BreakerConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(window, "window");
        if (name.isBlank()) {
            throw new IllegalArgumentException("name must not be blank");
        }
        if (consecutiveFailures != OFF) {
            checkRange("consecutiveFailures", consecutiveFailures, 1, MAX_COUNT);
        }
        checkRange("minimumCalls", minimumCalls, 1, MAX_COUNT);
        checkPercent("failureRatePercent", failureRatePercent);
        checkPercent("slowCallRatePercent", slowCallRatePercent);
        if (slowCallDuration != null) {
            checkDuration("slowCallDuration", slowCallDuration);
        }
        checkDuration("openWait", openWait);
        checkRange("halfOpenProbes", halfOpenProbes, 1, 1_000);
        checkDuration("probeTimeout", probeTimeout);
    }

    /** The defaults above, under this name. */
    public static BreakerConfig defaults(String name) {
        return new BreakerConfig(name, DEFAULT_CONSECUTIVE_FAILURES, Window.lastCalls(DEFAULT_WINDOW_CALLS),
                DEFAULT_MINIMUM_CALLS, DEFAULT_FAILURE_RATE_PERCENT, DEFAULT_SLOW_CALL_DURATION,
                DEFAULT_SLOW_CALL_RATE_PERCENT, DEFAULT_OPEN_WAIT, DEFAULT_HALF_OPEN_PROBES, DEFAULT_PROBE_TIMEOUT);
    }

    public BreakerConfig withConsecutiveFailures(int n) {
        return new BreakerConfig(name, n, window, minimumCalls, failureRatePercent, slowCallDuration, slowCallRatePercent, openWait, halfOpenProbes, probeTimeout);
    }

    public BreakerConfig withWindow(Window w) {
        return new BreakerConfig(name, consecutiveFailures, w, minimumCalls, failureRatePercent, slowCallDuration, slowCallRatePercent, openWait, halfOpenProbes, probeTimeout);
    }

    public BreakerConfig withMinimumCalls(int n) {
        return new BreakerConfig(name, consecutiveFailures, window, n, failureRatePercent, slowCallDuration, slowCallRatePercent, openWait, halfOpenProbes, probeTimeout);
    }

    public BreakerConfig withFailureRatePercent(double p) {
        return new BreakerConfig(name, consecutiveFailures, window, minimumCalls, p, slowCallDuration, slowCallRatePercent, openWait, halfOpenProbes, probeTimeout);
    }

    /** Calls taking at least {@code d} are slow; {@code null} turns slow-call timing off. */
    public BreakerConfig withSlowCalls(Duration d, double ratePercent) {
        return new BreakerConfig(name, consecutiveFailures, window, minimumCalls, failureRatePercent, d, ratePercent, openWait, halfOpenProbes, probeTimeout);
    }

    public BreakerConfig withOpenWait(Duration d) {
        return new BreakerConfig(name, consecutiveFailures, window, minimumCalls, failureRatePercent, slowCallDuration, slowCallRatePercent, d, halfOpenProbes, probeTimeout);
    }

    public BreakerConfig withHalfOpenProbes(int n, Duration timeout) {
        return new BreakerConfig(name, consecutiveFailures, window, minimumCalls, failureRatePercent, slowCallDuration, slowCallRatePercent, openWait, n, timeout);
    }

    private static void checkRange(String parameter, long value, long min, long max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(parameter + " must be within " + min + ".." + max + ", got " + value);
        }
    }

    private static void checkPercent(String parameter, double value) {
        if (!(value > 0 && value <= 100)) { // also refuses NaN
            throw new IllegalArgumentException(parameter + " must be within (0, 100], got " + value);
        }
    }

    private static void checkDuration(String parameter, Duration value) {
        Objects.requireNonNull(value, parameter);
        if (value.compareTo(MIN_DURATION) < 0 || value.compareTo(MAX_DURATION) > 0) {
            throw new IllegalArgumentException(parameter + " must be within " + MIN_DURATION + ".." + MAX_DURATION + ", got " + value);
        }
    }
}
