package book.ch05.capstone;

import book.ch05.breaker.BreakerConfig;
import book.ch05.breaker.CircuitBreaker;
import book.ch05.breaker.Outcome;
import book.ch05.breaker.OutcomeClassifier;
import book.ch05.breaker.Transition;
import book.ch05.metrics.Counter;
import book.ch05.metrics.Gauge;
import book.ch05.metrics.MetricRegistry;
import book.ch05.replica.ReplicaClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.LongSupplier;

/**
 * One circuit breaker per replica (chapter 4's unit, copied into {@code book.ch05.breaker}),
 * consulted before the balancer picks: a replica whose breaker is open is out of the choice
 * until its open wait has passed, then a few probe requests decide whether it comes back.
 * Outcomes are read with the book's shared classification: a timeout, a reset, a refused
 * connect, a 5xx or a reply that is not HTTP is a failure; a 429 or the client's own cancel (a
 * hedge's loser, interrupted) says nothing about the replica and is not counted.
 *
 * <p>Each breaker's state is a gauge, {@code capstone_breaker_state{replica="r1"}} (0 closed,
 * 1 open, 2 half-open), each transition a counter and an event the run draws on its timeline.
 *
 * <p>What it protects against, beside heartbeats and outlier ejection: a replica that fails a
 * large share of requests without failing several in a row (the outlier detector's count resets
 * on every success), and a replica that comes back and takes full traffic at once (the breaker
 * sends it three probes first).
 */
final class ReplicaBreakers {

    /** Three failures in a row, as the outlier detector; or half the last 20 calls once 10 are in. */
    static final int CONSECUTIVE_FAILURES = 3;
    static final int WINDOW_CALLS = 20;
    static final int MINIMUM_CALLS = 10;
    static final double FAILURE_RATE_PERCENT = 50;
    /** Open for 1 s (the outlier detector's first ejection), then 3 probes, each given 2 s to report. */
    static final Duration OPEN_WAIT = Duration.ofSeconds(1);
    static final int PROBES = 3;
    static final Duration PROBE_TIMEOUT = Duration.ofSeconds(2);

    /** One transition as the run's timeline shows it. */
    record Event(int replica, CircuitBreaker.State from, CircuitBreaker.State to, String reason, long atNanos) {}

    // tag::classify[]
    /** Reads a replica's answer for health: the book's table, as chapter 4's classifier reads a status. */
    static final OutcomeClassifier<ReplicaClient.Response> CLASSIFIER = new OutcomeClassifier<>() {
        @Override
        public Outcome ofResult(ReplicaClient.Response response) {
            return OutcomeClassifier.ofStatus(response.status());
        }

        @Override
        public Outcome ofException(Throwable failure) {
            // A virtual thread interrupted on a socket sees a plain SocketException: the flag tells it was us.
            return Thread.currentThread().isInterrupted() ? Outcome.IGNORED
                    : OutcomeClassifier.exceptionsFail().ofException(failure);
        }
    };
    // end::classify[]

    private final CircuitBreaker[] breakers;
    private final LongSupplier ticker;
    private final long openWaitNanos;
    private final AtomicLongArray openedAt;
    private final List<Event> events = Collections.synchronizedList(new ArrayList<>());

    ReplicaBreakers(List<String> names, LongSupplier ticker, MetricRegistry metrics) {
        this.ticker = ticker;
        this.openWaitNanos = OPEN_WAIT.toNanos();
        this.breakers = new CircuitBreaker[names.size()];
        this.openedAt = new AtomicLongArray(names.size());
        var states = metrics.gauge("capstone_breaker_state",
                "Each replica's circuit breaker: 0 closed, 1 open, 2 half-open.", "replica");
        var transitions = metrics.counter("capstone_breaker_transitions_total",
                "Circuit breaker transitions, by replica and the state entered.", "replica", "to");
        for (int i = 0; i < names.size(); i++) {
            int replica = i;
            String name = names.get(i);
            Gauge state = states.labels(name);
            state.set(0);
            breakers[i] = CircuitBreaker.create(config(name), ticker);
            breakers[i].onTransition(t -> {
                if (t.to() == CircuitBreaker.State.OPEN) {
                    openedAt.set(replica, t.atNanos());
                }
                state.set(t.to().ordinal());
                Counter entered = transitions.labels(name, t.to().name().toLowerCase(java.util.Locale.ROOT));
                entered.inc();
                events.add(new Event(replica, t.from(), t.to(), t.reason(), t.atNanos()));
            });
        }
    }

    static BreakerConfig config(String name) {
        return new BreakerConfig(name, CONSECUTIVE_FAILURES, BreakerConfig.Window.lastCalls(WINDOW_CALLS), MINIMUM_CALLS,
                FAILURE_RATE_PERCENT, null, 100, OPEN_WAIT, PROBES, PROBE_TIMEOUT);
    }

    // tag::may-pick[]
    /**
     * Whether the balancer may choose the replica: closed, half-open (a probe place may be free),
     * or open long enough that the next call will probe. A half-open breaker with every place
     * taken still rejects at {@link #call}; the caller then picks another replica.
     */
    boolean mayPick(int replica) {
        CircuitBreaker.State s = breakers[replica].state();
        return s != CircuitBreaker.State.OPEN || ticker.getAsLong() - openedAt.get(replica) >= openWaitNanos;
    }
    // end::may-pick[]

    /**
     * How long until some replica's breaker lets a call through: 0 while any breaker is closed,
     * half-open or past its wait; else the shortest wait left (at most {@link #OPEN_WAIT}).
     */
    long nanosUntilProbe() {
        long now = ticker.getAsLong();
        long least = openWaitNanos;
        for (int i = 0; i < breakers.length; i++) {
            long left = breakers[i].state() == CircuitBreaker.State.OPEN ? openWaitNanos - (now - openedAt.get(i)) : 0;
            least = Math.min(least, Math.max(0, left));
        }
        return least;
    }

    /** Runs one attempt through the replica's breaker; throws {@code CallNotPermittedException} without calling. */
    ReplicaClient.Response call(int replica, Callable<ReplicaClient.Response> attempt) throws Exception {
        return breakers[replica].execute(attempt, CLASSIFIER);
    }

    CircuitBreaker.State state(int replica) {
        return breakers[replica].state();
    }

    /** Every transition so far, in order. */
    List<Event> events() {
        synchronized (events) {
            return List.copyOf(events);
        }
    }
}
