package book.ch05.detect;

import book.ch05.time.Ticker;
import java.time.Duration;

/**
 * The phi accrual failure detector of Hayashibara et al. (2004), as Akka defines it: instead
 * of a yes/no timeout it gives a suspicion level, phi, that grows with the silence since the
 * last heartbeat, measured against the inter-arrival times it has observed.
 *
 * <p>phi = -log10(1 - F(t)), where t is the time since the last heartbeat and F the
 * cumulative distribution function of a normal distribution whose mean and standard
 * deviation are those of the last {@code maxSampleSize} inter-arrival times (population
 * variance), with the mean moved by {@code acceptablePause} and the deviation raised to at
 * least {@code minStdDeviation}. phi = 1 means a 10 % chance that a heartbeat is still to
 * come, phi = 8 one in 10^8. F is the logistic approximation
 * 1 / (1 + e^(-y(1.5976 + 0.070566 y^2))), y = (t - mean) / deviation, whose error is below
 * 0.00015 and which, unlike a table, never returns exactly 0 or 1.
 *
 * <p>What it protects against: one fixed timeout for every link. On a steady link phi
 * suspects a silence of a few intervals; on a jittery one it waits longer by itself. The
 * acceptable pause keeps a GC pause or a lost beat from being a false alarm; the minimum
 * deviation keeps a perfectly regular history (deviation near 0) from making the smallest
 * delay look like a death.
 *
 * <p>Defaults ({@link Config#DEFAULTS}) are Akka cluster's: threshold 8, 1000 samples,
 * minimum deviation 100 ms, acceptable pause 3 s, first estimate 1 s. Like Akka, the first
 * heartbeat starts the history with two made-up intervals around the first estimate (so a
 * peer that sent one beat and died is still detected), and a heartbeat that arrives after
 * the peer was suspected does not enter the history (the pause would skew it). Time comes
 * from the injected monotonic {@link Ticker}. Heartbeats are serialised; {@link #phi()} reads
 * an immutable snapshot without locking.
 *
 * <p>Copyable unit {@code phi-accrual-detector} (this file, {@code FailureDetector},
 * {@code Ticker}).
 * Specified by: PhiAccrualFailureDetectorTest
 */
public final class PhiAccrualFailureDetector implements FailureDetector {

    /**
     * The detector's settings.
     *
     * @param threshold           phi at and above which the peer is suspected; &gt; 0
     * @param maxSampleSize       how many recent inter-arrival times the statistics use; 1..100,000
     * @param minStdDeviation     the smallest deviation used; &gt; 0
     * @param acceptablePause     silence added to the mean before phi rises; &gt;= 0
     * @param firstHeartbeatEstimate the interval assumed before any was observed; &gt; 0
     */
    public record Config(double threshold, int maxSampleSize, Duration minStdDeviation,
                         Duration acceptablePause, Duration firstHeartbeatEstimate) {

        public static final double DEFAULT_THRESHOLD = 8.0;
        public static final int DEFAULT_MAX_SAMPLE_SIZE = 1_000;
        public static final Duration DEFAULT_MIN_STD_DEVIATION = Duration.ofMillis(100);
        public static final Duration DEFAULT_ACCEPTABLE_PAUSE = Duration.ofSeconds(3);
        public static final Duration DEFAULT_FIRST_HEARTBEAT_ESTIMATE = Duration.ofSeconds(1);
        /** The largest window: the statistics are recomputed over it on each heartbeat. */
        public static final int MAX_SAMPLE_SIZE_LIMIT = 100_000;
        /** Durations above this (about 106 days) are refused: their squares must stay exact in a double. */
        public static final Duration MAX_DURATION = Duration.ofDays(100);

        /** Akka cluster's defaults (reference.conf, akka.cluster.failure-detector). */
        public static final Config DEFAULTS = new Config(DEFAULT_THRESHOLD, DEFAULT_MAX_SAMPLE_SIZE,
                DEFAULT_MIN_STD_DEVIATION, DEFAULT_ACCEPTABLE_PAUSE, DEFAULT_FIRST_HEARTBEAT_ESTIMATE);

        public Config {
            if (!(threshold > 0) || Double.isInfinite(threshold)) {
                throw new IllegalArgumentException("threshold must be a positive finite number, not " + threshold);
            }
            if (maxSampleSize < 1 || maxSampleSize > MAX_SAMPLE_SIZE_LIMIT) {
                throw new IllegalArgumentException("maxSampleSize must be in 1.." + MAX_SAMPLE_SIZE_LIMIT
                        + ", not " + maxSampleSize);
            }
            checkDuration("minStdDeviation", minStdDeviation, false);
            checkDuration("acceptablePause", acceptablePause, true);
            checkDuration("firstHeartbeatEstimate", firstHeartbeatEstimate, false);
        }

        public Config withThreshold(double newThreshold) {
            return new Config(newThreshold, maxSampleSize, minStdDeviation, acceptablePause, firstHeartbeatEstimate);
        }

        public Config withAcceptablePause(Duration pause) {
            return new Config(threshold, maxSampleSize, minStdDeviation, pause, firstHeartbeatEstimate);
        }

        public Config withMinStdDeviation(Duration deviation) {
            return new Config(threshold, maxSampleSize, deviation, acceptablePause, firstHeartbeatEstimate);
        }

        public Config withFirstHeartbeatEstimate(Duration estimate) {
            return new Config(threshold, maxSampleSize, minStdDeviation, acceptablePause, estimate);
        }

        public Config withMaxSampleSize(int size) {
            return new Config(threshold, size, minStdDeviation, acceptablePause, firstHeartbeatEstimate);
        }

        private static void checkDuration(String name, Duration d, boolean zeroAllowed) {
            if (d == null || d.isNegative() || (!zeroAllowed && d.isZero()) || d.compareTo(MAX_DURATION) > 0) {
                throw new IllegalArgumentException(name + " must be " + (zeroAllowed ? "0" : "above 0")
                        + ".." + MAX_DURATION + ", not " + d);
            }
        }
    }

    /** What {@link #phi()} needs, replaced whole on each heartbeat so readers never lock. */
    private record Snapshot(long lastHeartbeatNanos, double meanMillis, double stdDeviationMillis) {
    }

    private static final double NANOS_PER_MILLI = 1_000_000.0;
    private static final double LN_10 = Math.log(10);

    private final Config config;
    private final Ticker ticker;
    private final double acceptablePauseMillis;
    private final double minStdDeviationMillis;
    /** The window of inter-arrival times in milliseconds, a ring; guarded by this. */
    private final double[] intervals;
    private int count;
    private int next;
    private volatile Snapshot snapshot; // null until the first heartbeat

    public PhiAccrualFailureDetector(Config config, Ticker ticker) {
        if (config == null || ticker == null) {
            throw new IllegalArgumentException("config and ticker must not be null");
        }
        this.config = config;
        this.ticker = ticker;
        this.acceptablePauseMillis = config.acceptablePause().toNanos() / NANOS_PER_MILLI;
        this.minStdDeviationMillis = config.minStdDeviation().toNanos() / NANOS_PER_MILLI;
        this.intervals = new double[config.maxSampleSize()];
    }

    public Config config() {
        return config;
    }

    // tag::heartbeat[]
    @Override
    public synchronized void heartbeat() {
        long now = ticker.nanoTime();
        Snapshot last = snapshot;
        if (last == null) {
            // Two made-up intervals around the first estimate, deviation a quarter of it:
            // a peer that sends one beat and dies is still detected.
            double first = config.firstHeartbeatEstimate().toNanos() / NANOS_PER_MILLI;
            append(first - first / 4);
            append(first + first / 4);
        } else if (phi(now, last) < config.threshold()) {
            append((now - last.lastHeartbeatNanos()) / NANOS_PER_MILLI);
        } // else: the first beat after a suspicion; its long interval would skew the history
        snapshot = statistics(now);
    }
    // end::heartbeat[]

    // tag::phi[]
    /** The suspicion level now: 0 before the first heartbeat, then growing with the silence. */
    public double phi() {
        Snapshot s = snapshot;
        return s == null ? 0.0 : phi(ticker.nanoTime(), s);
    }

    private double phi(long nowNanos, Snapshot s) {
        double silenceMillis = (nowNanos - s.lastHeartbeatNanos()) / NANOS_PER_MILLI;
        return phi(silenceMillis, s.meanMillis() + acceptablePauseMillis, s.stdDeviationMillis());
    }

    /**
     * -log10(1 - F(t)) for a normal distribution (mean, deviation), F by the logistic
     * approximation F = 1 / (1 + e^-z), z = y (1.5976 + 0.070566 y^2). Then 1 - F is
     * 1 / (1 + e^z) and phi = log10(1 + e^z), written so that it neither overflows nor
     * rounds to infinity far in the tail (where Akka's form returns Infinity from 22
     * deviations on): a dead peer's phi keeps growing, finitely.
     */
    static double phi(double t, double mean, double stdDeviation) {
        double y = (t - mean) / stdDeviation;
        double z = y * (1.5976 + 0.070566 * y * y);
        double lnOnePlusExpZ = z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z));
        return lnOnePlusExpZ / LN_10;
    }
    // end::phi[]

    @Override
    public boolean isAvailable() {
        return phi() < config.threshold();
    }

    @Override
    public boolean isMonitoring() {
        return snapshot != null;
    }

    @Override
    public double suspicion() {
        return phi();
    }

    /** The mean of the window, in milliseconds (NaN before the first heartbeat). */
    public double meanMillis() {
        Snapshot s = snapshot;
        return s == null ? Double.NaN : s.meanMillis();
    }

    /** The deviation phi uses (at least the minimum), in milliseconds (NaN before the first heartbeat). */
    public double stdDeviationMillis() {
        Snapshot s = snapshot;
        return s == null ? Double.NaN : s.stdDeviationMillis();
    }

    /** How many inter-arrival times the window holds. */
    public synchronized int sampleCount() {
        return count;
    }

    private void append(double intervalMillis) {
        intervals[next] = intervalMillis;
        next = (next + 1) % intervals.length;
        count = Math.min(count + 1, intervals.length);
    }

    /**
     * Mean and population deviation, recomputed over the window (at most maxSampleSize
     * values, once per heartbeat): running sums of squares would drift as values leave.
     */
    private Snapshot statistics(long now) {
        double sum = 0;
        for (int i = 0; i < count; i++) {
            sum += intervals[i];
        }
        double mean = sum / count;
        double squares = 0;
        for (int i = 0; i < count; i++) {
            double d = intervals[i] - mean;
            squares += d * d;
        }
        double deviation = Math.sqrt(squares / count);
        return new Snapshot(now, mean, Math.max(deviation, minStdDeviationMillis));
    }
}
