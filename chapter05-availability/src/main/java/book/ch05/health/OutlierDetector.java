package book.ch05.health;

import book.ch05.time.Ticker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Passive health checking: watches the outcome of real requests and ejects a host that
 * failed {@code consecutiveFailures} times in a row (5xx answers, connect failures, timeouts)
 * for a time that grows with each ejection: {@code baseEjectionTime × ejections}, capped at
 * {@code maxEjectionTime}, as Envoy's outlier detection does.
 *
 * <p>What it protects against: a host that accepts connections and answers its health check
 * but fails real requests (a broken dependency, a full disk, a corrupt cache), which only the
 * traffic shows; and the opposite mistake, ejecting every host when the fault is not the
 * hosts' (a bad deploy of the client, an outage of a shared database). At most
 * {@code maxEjectionPercent} of the hosts are ejected at once (at least one may be, unless the
 * share is 0), and never the last one: a balancer that ejected everyone would turn a partial outage into a total one.
 *
 * <p>Which outcomes count follows the book's retry table: a 5xx, a failed connect, a timeout
 * and a reply that is not HTTP are the host's failures; a 4xx is the request's fault and says
 * the host works (it resets the count); a 429 is pushback, neither failure nor success.
 * The ejection count decays: each {@code baseEjectionTime} a host spends back in service
 * takes one ejection off, so a host that failed once last week is not ejected for the maximum.
 *
 * <p>Defaults ({@link Config#DEFAULTS}): Envoy's: 5 consecutive failures, 30 s base, 300 s
 * maximum, 10 % of the hosts. Time comes from the injected monotonic {@link Ticker}; an
 * ejection is stored as its start and length, never as "now + length", so no duration
 * overflows. Thread-safe (one lock; a few tens of nanoseconds uncontended).
 *
 * <p>Copyable unit {@code outlier-detector} (this file and {@code Ticker}); on loopback in
 * {@code HealthOnLoopbackTest}.
 * Specified by: OutlierDetectorTest, HealthOnLoopbackTest
 *
 * @param <H> how the caller names a host (an address, an index); compared with equals
 */
public final class OutlierDetector<H> {

    /** What one request to a host ended with, as far as the host's health goes. */
    public enum Outcome {
        /** An answer: 1xx to 4xx except 429. The host works, even if the request was wrong. */
        SUCCESS,
        /** A 5xx, or a reply that is not HTTP at all. */
        SERVER_ERROR,
        /** The connection was refused, reset before the request left, or its connect timed out. */
        CONNECT_FAILURE,
        /** The host accepted the request and did not answer in time. */
        TIMEOUT,
        /** 429 Too Many Requests: the host is alive and asks for less; not held against it. */
        PUSHBACK;

        /** The outcome of an HTTP status; a status outside 100..599 is a protocol error. */
        public static Outcome ofStatus(int status) {
            if (status < 100 || status >= 500) { // 5xx, or not an HTTP status at all
                return SERVER_ERROR;
            }
            return status == 429 ? PUSHBACK : SUCCESS;
        }

        boolean isFailure() {
            return this == SERVER_ERROR || this == CONNECT_FAILURE || this == TIMEOUT;
        }
    }

    /**
     * @param consecutiveFailures failures in a row that eject a host; 1..1000
     * @param baseEjectionTime    the first ejection's length; 1 ms..1 day
     * @param maxEjectionTime     the longest ejection; from baseEjectionTime to 1 day
     * @param maxEjectionPercent  the share of hosts that may be ejected at once; 0..100
     */
    public record Config(int consecutiveFailures, Duration baseEjectionTime, Duration maxEjectionTime,
                         int maxEjectionPercent) {

        public static final int DEFAULT_CONSECUTIVE_FAILURES = 5;
        public static final Duration DEFAULT_BASE_EJECTION_TIME = Duration.ofSeconds(30);
        public static final Duration DEFAULT_MAX_EJECTION_TIME = Duration.ofSeconds(300);
        public static final int DEFAULT_MAX_EJECTION_PERCENT = 10;
        static final Duration LONGEST = Duration.ofDays(1);

        /** Envoy's defaults (outlier_detection: consecutive_5xx, base_ejection_time, ...). */
        public static final Config DEFAULTS = new Config(DEFAULT_CONSECUTIVE_FAILURES, DEFAULT_BASE_EJECTION_TIME,
                DEFAULT_MAX_EJECTION_TIME, DEFAULT_MAX_EJECTION_PERCENT);

        public Config {
            if (consecutiveFailures < 1 || consecutiveFailures > 1_000) {
                throw new IllegalArgumentException("consecutiveFailures must be in 1..1000, not " + consecutiveFailures);
            }
            if (baseEjectionTime == null || baseEjectionTime.compareTo(Duration.ofMillis(1)) < 0
                    || baseEjectionTime.compareTo(LONGEST) > 0) {
                throw new IllegalArgumentException("baseEjectionTime must be in 1ms..1d, not " + baseEjectionTime);
            }
            if (maxEjectionTime == null || maxEjectionTime.compareTo(baseEjectionTime) < 0
                    || maxEjectionTime.compareTo(LONGEST) > 0) {
                throw new IllegalArgumentException("maxEjectionTime must be in baseEjectionTime ("
                        + baseEjectionTime + ")..1d, not " + maxEjectionTime);
            }
            if (maxEjectionPercent < 0 || maxEjectionPercent > 100) {
                throw new IllegalArgumentException("maxEjectionPercent must be in 0..100, not " + maxEjectionPercent);
            }
        }
    }

    /** One host's record; guarded by the detector's lock. */
    private static final class HostState {
        int consecutiveFailures;
        int ejections;
        boolean everEjected;
        long ejectedAtNanos;
        long ejectionNanos;
    }

    private final Config config;
    private final Ticker ticker;
    private final Map<H, HostState> hosts = new LinkedHashMap<>();
    private final int maxEjected;
    /** The count at which an ejection lasts the maximum; counting further would only slow the decay. */
    private final int ejectionsToReachMax;

    public OutlierDetector(Config config, List<H> hosts, Ticker ticker) {
        if (config == null || hosts == null || ticker == null) {
            throw new IllegalArgumentException("config, hosts and ticker must not be null");
        }
        for (H h : hosts) {
            if (this.hosts.put(h, new HostState()) != null) {
                throw new IllegalArgumentException("host " + h + " is listed twice");
            }
        }
        if (this.hosts.isEmpty()) {
            throw new IllegalArgumentException("hosts must not be empty");
        }
        this.config = config;
        this.ticker = ticker;
        this.maxEjected = maxEjected(this.hosts.size(), config.maxEjectionPercent());
        long base = config.baseEjectionTime().toNanos();
        this.ejectionsToReachMax = (int) ((config.maxEjectionTime().toNanos() + base - 1) / base);
    }

    /**
     * How many of n hosts may be ejected at once: the percentage rounded down, but at least
     * one (Envoy's rule, so that 10 % of 3 hosts still ejects a bad one) and never all;
     * 0 % turns ejection off.
     */
    static int maxEjected(int hosts, int percent) {
        if (percent == 0) {
            return 0;
        }
        int byPercent = (int) ((long) hosts * percent / 100);
        return Math.min(hosts - 1, Math.max(1, byPercent));
    }

    // tag::record[]
    /** Records a request's outcome; returns true if this outcome ejected the host. */
    public synchronized boolean record(H host, Outcome outcome) {
        HostState s = state(host);
        long now = ticker.nanoTime();
        if (outcome == Outcome.SUCCESS) {
            s.consecutiveFailures = 0;
            return false;
        }
        if (!outcome.isFailure() || isEjected(s, now)) {
            return false; // pushback, or a late answer from a host already out
        }
        s.consecutiveFailures++;
        if (s.consecutiveFailures < config.consecutiveFailures() || ejectedCount(now) >= maxEjected) {
            return false; // not yet, or the cap: never eject more than the share allows
        }
        s.ejections = Math.min(decayedEjections(s, now) + 1, ejectionsToReachMax);
        s.ejectedAtNanos = now;
        s.ejectionNanos = ejectionNanos(s.ejections);
        s.everEjected = true;
        s.consecutiveFailures = 0;
        return true;
    }
    // end::record[]

    /** Whether the host is out of rotation now. */
    public synchronized boolean isEjected(H host) {
        return isEjected(state(host), ticker.nanoTime());
    }

    /** The hosts in rotation now, in the order given. */
    public synchronized List<H> available() {
        long now = ticker.nanoTime();
        List<H> in = new ArrayList<>();
        hosts.forEach((h, s) -> {
            if (!isEjected(s, now)) {
                in.add(h);
            }
        });
        return in;
    }

    /** Ejections counted against the host, after decay, as the next ejection would see them. */
    public synchronized int ejections(H host) {
        HostState s = state(host);
        long now = ticker.nanoTime();
        return isEjected(s, now) ? s.ejections : decayedEjections(s, now);
    }

    /** How many hosts may be ejected at once. */
    public int maxEjected() {
        return maxEjected;
    }

    public Config config() {
        return config;
    }

    private int ejectedCount(long now) {
        int n = 0;
        for (HostState s : hosts.values()) {
            if (isEjected(s, now)) {
                n++;
            }
        }
        return n;
    }

    private static boolean isEjected(HostState s, long now) {
        return s.everEjected && now - s.ejectedAtNanos < s.ejectionNanos;
    }

    /** One ejection forgiven per base ejection time spent back in service since the last one ended. */
    private int decayedEjections(HostState s, long now) {
        if (!s.everEjected) {
            return 0;
        }
        long inService = now - s.ejectedAtNanos - s.ejectionNanos;
        long forgiven = inService / config.baseEjectionTime().toNanos();
        return (int) Math.max(0, s.ejections - forgiven);
    }

    /** base × ejections, capped at the maximum (the product is formed only when it fits). */
    private long ejectionNanos(int ejections) {
        long base = config.baseEjectionTime().toNanos();
        long max = config.maxEjectionTime().toNanos();
        return ejections > max / base ? max : base * ejections;
    }

    private HostState state(H host) {
        HostState s = hosts.get(host);
        if (s == null) {
            throw new IllegalArgumentException("unknown host " + host);
        }
        return s;
    }
}
