package book.ch05.health;

import book.ch05.time.Sleeper;
import book.ch05.time.Ticker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Active health checking: probes every endpoint once per interval, each probe bounded by a
 * timeout, and keeps a verdict per endpoint with rise/fall counts ({@link RiseFallCounter}),
 * as HAProxy's {@code check inter 2s rise 2 fall 3} and Envoy's {@code health_checks} do.
 *
 * <p>What it protects against: sending requests to an endpoint that is down when no traffic
 * tells us so (a backup that receives nothing, a replica after a quiet night), and a stalled
 * endpoint delaying the checks of the others: the endpoints are probed in parallel, on
 * virtual threads, and a round lasts at most one timeout.
 *
 * <p>Defaults ({@link Config#DEFAULTS}): HAProxy's interval 2 s, rise 2, fall 3, with a 1 s
 * timeout; so a dead endpoint is out after at most fall × interval + timeout = 7 s. Rounds
 * start at a fixed rate on the monotonic {@link Ticker}; a round that overruns is followed
 * at once by the next, never by a burst of missed ones. Listeners hear each change of
 * verdict, on the checker's thread.
 *
 * <p>Specified by {@code ActiveHealthCheckerTest} (logic, with a scripted probe) and
 * {@code HealthOnLoopbackTest} (real servers).
 *
 * @param <E> how the caller names an endpoint
 */
public final class ActiveHealthChecker<E> implements AutoCloseable {

    /**
     * @param interval time between the starts of two rounds; 10 ms..1 h
     * @param timeout  a probe's limit; 1 ms..interval
     * @param rise     passes that bring an endpoint up; 1..1000
     * @param fall     failures that take it down; 1..1000
     */
    public record Config(Duration interval, Duration timeout, int rise, int fall) {

        public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(2);
        public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(1);
        public static final Config DEFAULTS = new Config(DEFAULT_INTERVAL, DEFAULT_TIMEOUT,
                RiseFallCounter.DEFAULT_RISE, RiseFallCounter.DEFAULT_FALL);

        public Config {
            if (interval == null || interval.compareTo(Duration.ofMillis(10)) < 0
                    || interval.compareTo(Duration.ofHours(1)) > 0) {
                throw new IllegalArgumentException("interval must be in 10ms..1h, not " + interval);
            }
            if (timeout == null || timeout.compareTo(Duration.ofMillis(1)) < 0 || timeout.compareTo(interval) > 0) {
                throw new IllegalArgumentException("timeout must be in 1ms..interval (" + interval + "), not " + timeout);
            }
            new RiseFallCounter(rise, fall, true); // validates both counts with its messages
        }
    }

    /** Hears every change of an endpoint's verdict. */
    @FunctionalInterface
    public interface Listener<E> {
        void changed(E endpoint, boolean healthy);
    }

    private final Config config;
    private final HealthProbe<E> probe;
    private final Listener<E> listener;
    private final Ticker ticker;
    private final Sleeper sleeper;
    private final Map<E, RiseFallCounter> verdicts = new LinkedHashMap<>();
    private final AtomicBoolean started = new AtomicBoolean();
    private volatile Thread loop;

    /**
     * @param startHealthy the verdict before the first probe: true to keep serving from
     *                     endpoints nobody has checked yet (HAProxy), false to wait for
     *                     {@code rise} passes (Envoy with active checks)
     */
    public ActiveHealthChecker(Config config, List<E> endpoints, boolean startHealthy, HealthProbe<E> probe,
                               Listener<E> listener, Ticker ticker, Sleeper sleeper) {
        if (config == null || endpoints == null || probe == null || listener == null || ticker == null
                || sleeper == null) {
            throw new IllegalArgumentException("no argument may be null");
        }
        for (E e : endpoints) {
            if (verdicts.put(e, new RiseFallCounter(config.rise(), config.fall(), startHealthy)) != null) {
                throw new IllegalArgumentException("endpoint " + e + " is listed twice");
            }
        }
        this.config = config;
        this.probe = probe;
        this.listener = listener;
        this.ticker = ticker;
        this.sleeper = sleeper;
    }

    // tag::round[]
    /** One round: every endpoint probed in parallel; returns when all probes have ended. */
    public void checkOnce() throws InterruptedException {
        List<E> endpoints = List.copyOf(verdicts.keySet());
        boolean[] passed = new boolean[endpoints.size()];
        List<Thread> probes = new ArrayList<>();
        for (int i = 0; i < endpoints.size(); i++) {
            int index = i;
            probes.add(Thread.ofVirtual().name("probe-" + endpoints.get(i)).start(() -> {
                try {
                    passed[index] = probe.check(endpoints.get(index), config.timeout());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt(); // the round is being cancelled
                }
            }));
        }
        try {
            for (Thread t : probes) {
                t.join(); // each probe ends by its own timeout
            }
        } catch (InterruptedException e) {
            probes.forEach(Thread::interrupt); // cancelled: stop the probes too,
            awaitAll(probes);                  // and leave none running behind us
            throw e;
        }
        for (int i = 0; i < endpoints.size(); i++) {
            RiseFallCounter.Change change = verdicts.get(endpoints.get(i)).record(passed[i]);
            if (change != RiseFallCounter.Change.NONE) {
                listener.changed(endpoints.get(i), change == RiseFallCounter.Change.WENT_UP);
            }
        }
    }
    // end::round[]

    /** Joins every thread, through interrupts (each ends within its probe timeout), keeping the flag. */
    private static void awaitAll(List<Thread> threads) {
        boolean interrupted = false;
        for (Thread t : threads) {
            while (t.isAlive()) {
                try {
                    t.join();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** Starts the rounds on a virtual thread: one at once, then one per interval. */
    public void start() {
        if (!started.compareAndSet(false, true)) {
            throw new IllegalStateException("already started");
        }
        loop = Thread.ofVirtual().name("health-checker").start(() -> {
            long intervalNanos = config.interval().toNanos();
            long next = ticker.nanoTime();
            try {
                while (!Thread.currentThread().isInterrupted()) {
                    checkOnce();
                    next += intervalNanos;
                    long now = ticker.nanoTime();
                    if (now - next > 0) {
                        next = now; // overran: start the next round now, and do not try to catch up
                    }
                    sleeper.sleep(Duration.ofNanos(next - now));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt(); // closed: end the loop
            }
        });
    }

    public boolean isHealthy(E endpoint) {
        RiseFallCounter c = verdicts.get(endpoint);
        if (c == null) {
            throw new IllegalArgumentException("unknown endpoint " + endpoint);
        }
        return c.isHealthy();
    }

    /** The endpoints whose verdict is healthy now, in the order given. */
    public List<E> healthy() {
        List<E> up = new ArrayList<>();
        verdicts.forEach((e, c) -> {
            if (c.isHealthy()) {
                up.add(e);
            }
        });
        return up;
    }

    public Config config() {
        return config;
    }

    /** Stops the rounds and waits for the one in progress to end (at most one timeout). */
    @Override
    public void close() {
        Thread t = loop;
        if (t != null) {
            t.interrupt();
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt(); // our caller is being stopped too; the loop ends by itself
            }
        }
    }
}
