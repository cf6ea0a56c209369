/*
 * Chapter 4's unit (chapter04-timeouts-breakers, book.ch04.breaker), copied unchanged except the
 * package, so that chapter 5 depends on no other chapter; its tests are copied beside it.
 * Copyable unit "circuit-breaker" (files: CircuitBreaker, BreakerConfig, SlidingWindow, Outcome,
 * OutcomeClassifier, Transition, CallNotPermittedException): a circuit breaker with closed, open
 * and half-open states, a consecutive-failure rule, failure-rate and slow-call-rate rules over a
 * count or time window with a minimum number of calls, a bounded number of half-open probes
 * with a bounded wait for each, and an event for every transition. Defaults: BreakerConfig.
 * The closed path allocates nothing and takes no lock; a rejection allocates nothing and reads
 * the clock once. Time comes from an injected monotonic ticker (nanoseconds), never the wall
 * clock. Limits: a listener runs on the thread that made the transition and must be quick.
 * Specified by: CircuitBreakerTest, BreakerRacesTest, BreakerOnLoopbackTest.
 */
package book.ch05.breaker;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Stops calling a dependency that is failing, so a dead dependency costs a rejection of a few
 * nanoseconds instead of a thread waiting on a timeout, and the dependency gets room to
 * recover; probes it after a while and resumes when the probes succeed.
 *
 * <p>Put it inside the retry loop and outside the per-attempt timeout: the timeout turns
 * slowness into a failure the breaker can count, and the retry loop stops at the first
 * {@link CallNotPermittedException}.
 *
 * <p>Specified by: CircuitBreakerTest, BreakerRacesTest, BreakerConfigTest, OutcomeClassifierTest, RetryOutsideBreakerTest
 */
public final class CircuitBreaker {

    public enum State { CLOSED, OPEN, HALF_OPEN }

    /**
     * One stay in one state. A transition replaces it (compare-and-set, so of many threads that
     * see the same reason to move, exactly one moves it and one event fires); a call remembers
     * the phase that admitted it, so an outcome reported late, after the breaker moved on, is
     * not counted against the new phase.
     */
    private static final class Phase {
        final State state;
        final long sinceNanos;
        final SlidingWindow window;          // CLOSED only
        final AtomicInteger consecutive;     // CLOSED only: failures in a row
        final AtomicInteger probesStarted;   // HALF_OPEN only
        final AtomicInteger probesSucceeded; // HALF_OPEN only

        Phase(State state, long sinceNanos, BreakerConfig config) {
            this.state = state;
            this.sinceNanos = sinceNanos;
            boolean closed = state == State.CLOSED;
            this.window = closed ? new SlidingWindow(config, sinceNanos) : null;
            this.consecutive = closed ? new AtomicInteger() : null;
            this.probesStarted = state == State.HALF_OPEN ? new AtomicInteger() : null;
            this.probesSucceeded = state == State.HALF_OPEN ? new AtomicInteger() : null;
        }
    }

    private final BreakerConfig config;
    private final LongSupplier ticker;
    private final long openWaitNanos;
    private final long probeTimeoutNanos;
    private final long slowNanos;          // 0: calls are not timed
    private final boolean readsClockOnCompletion;
    private final AtomicReference<Phase> phase;
    private final List<Consumer<Transition>> listeners = new CopyOnWriteArrayList<>();
    private final LongAdder rejected = new LongAdder();
    private final CallNotPermittedException rejectOpen;
    private final CallNotPermittedException rejectHalfOpen;

    private CircuitBreaker(BreakerConfig config, LongSupplier ticker) {
        this.config = Objects.requireNonNull(config, "config");
        this.ticker = Objects.requireNonNull(ticker, "ticker");
        this.openWaitNanos = config.openWait().toNanos();
        this.probeTimeoutNanos = config.probeTimeout().toNanos();
        this.slowNanos = config.slowCallDuration() == null ? 0 : config.slowCallDuration().toNanos();
        this.readsClockOnCompletion = slowNanos > 0 || config.window().isTimeBased();
        this.phase = new AtomicReference<>(new Phase(State.CLOSED, ticker.getAsLong(), config));
        this.rejectOpen = new CallNotPermittedException(config.name(), State.OPEN);
        this.rejectHalfOpen = new CallNotPermittedException(config.name(), State.HALF_OPEN);
    }

    /** A breaker on {@link System#nanoTime()}. */
    public static CircuitBreaker create(BreakerConfig config) {
        return new CircuitBreaker(config, System::nanoTime);
    }

    /** A breaker on the given monotonic ticker (nanoseconds); tests pass a hand-driven one. */
    public static CircuitBreaker create(BreakerConfig config, LongSupplier nanoTicker) {
        return new CircuitBreaker(config, nanoTicker);
    }

    /** Calls {@code listener} on every transition, on the thread that made it. */
    public CircuitBreaker onTransition(Consumer<Transition> listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
        return this;
    }

    public BreakerConfig config() {
        return config;
    }

    public State state() {
        return phase.get().state;
    }

    /** Calls rejected since the breaker was made. */
    public long rejected() {
        return rejected.sum();
    }

    /** Calls, failures and slow calls in the closed window now ({0, 0, 0} unless closed). */
    public long[] windowCounts() {
        Phase p = phase.get();
        return p.window == null ? new long[3] : p.window.counts();
    }

    /** {@link #execute(Callable, OutcomeClassifier)} with {@link OutcomeClassifier#exceptionsFail()}. */
    public <T> T execute(Callable<T> call) throws Exception {
        return execute(call, OutcomeClassifier.exceptionsFail());
    }

    // tag::execute[]
    /**
     * Runs {@code call} if the breaker permits it and counts its outcome; otherwise throws the
     * breaker's preallocated {@link CallNotPermittedException} without calling.
     */
    public <T> T execute(Callable<T> call, OutcomeClassifier<? super T> classifier) throws Exception {
        Phase admitted = admit();                       // throws when open
        long start = slowNanos > 0 ? ticker.getAsLong() : 0L;
        T result;
        try {
            result = call.call();
        } catch (Throwable failure) {
            complete(admitted, classifier.ofException(failure), start);
            throw failure;
        }
        complete(admitted, classifier.ofResult(result), start);
        return result;
    }
    // end::execute[]

    // tag::admit[]
    private Phase admit() {
        Phase p = phase.get();
        return p.state == State.CLOSED ? p : admitWhileNotClosed(p); // the hot path: one volatile read
    }

    private Phase admitWhileNotClosed(Phase seen) {
        long now = ticker.getAsLong();
        for (Phase p = seen; ; p = phase.get()) {      // after a move (ours or another thread's), look again
            switch (p.state) {
                case CLOSED -> {
                    return p;
                }
                case OPEN -> {
                    if (now - p.sinceNanos < openWaitNanos) {
                        rejected.increment();
                        throw rejectOpen;               // preallocated, no stack trace
                    }
                    moveTo(p, new Phase(State.HALF_OPEN, now, config), "open for " + config.openWait() + ", probing");
                }
                case HALF_OPEN -> {
                    if (takeProbe(p.probesStarted)) {
                        return p;
                    }
                    if (now - p.sinceNanos < probeTimeoutNanos) {
                        rejected.increment();
                        throw rejectHalfOpen;
                    }
                    // every place taken and a probe never reported: don't wedge
                    moveTo(p, new Phase(State.OPEN, now, config), "probes did not report within " + config.probeTimeout());
                }
            }
        }
    }

    private boolean takeProbe(AtomicInteger started) {
        for (int n = started.get(); n < config.halfOpenProbes(); n = started.get()) {
            if (started.compareAndSet(n, n + 1)) {
                return true;
            }
        }
        return false;
    }
    // end::admit[]

    // tag::complete[]
    private void complete(Phase p, Outcome outcome, long startNanos) {
        if (outcome == Outcome.IGNORED) {
            if (p.state == State.HALF_OPEN) {
                p.probesStarted.decrementAndGet();      // the probe told nothing: give its place back
            }
            return;
        }
        long now = readsClockOnCompletion ? ticker.getAsLong() : 0L;
        boolean slow = slowNanos > 0 && now - startNanos >= slowNanos;
        boolean failure = outcome == Outcome.FAILURE;
        if (p.state == State.HALF_OPEN) {
            if (failure || slow) {
                moveTo(p, new Phase(State.OPEN, ticker.getAsLong(), config), failure ? "a probe failed" : "a probe was slow");
            } else if (p.probesSucceeded.incrementAndGet() == config.halfOpenProbes()) {
                moveTo(p, new Phase(State.CLOSED, ticker.getAsLong(), config), config.halfOpenProbes() + " probes succeeded");
            }
            return;
        }
        int consecutive = 0;
        if (failure) {
            consecutive = p.consecutive.incrementAndGet();
        } else if (p.consecutive.get() != 0) {
            p.consecutive.set(0);                       // a plain read when already 0: no write on the hot path
        }
        int verdict = p.window.record(failure, slow, now);
        if (config.consecutiveFailures() != BreakerConfig.OFF && consecutive >= config.consecutiveFailures()) {
            open(p, consecutive + " consecutive failures");
        } else if (verdict != SlidingWindow.BELOW) {
            long[] c = p.window.counts();
            open(p, verdict == SlidingWindow.FAILURE_RATE
                    ? c[1] + " failures in " + c[0] + " calls >= " + config.failureRatePercent() + " %"
                    : c[2] + " slow calls in " + c[0] + " calls >= " + config.slowCallRatePercent() + " %");
        }
    }
    // end::complete[]

    private void open(Phase closed, String reason) {
        if (phase.get() == closed) {                    // don't allocate for threads that lost the race
            moveTo(closed, new Phase(State.OPEN, ticker.getAsLong(), config), reason);
        }
    }

    /** Moves from {@code from} to {@code to} unless another thread moved it first; the mover fires the event. */
    private void moveTo(Phase from, Phase to, String reason) {
        if (!phase.compareAndSet(from, to)) {
            return;
        }
        Transition t = new Transition(config.name(), from.state, to.state, reason, to.sinceNanos);
        for (Consumer<Transition> listener : listeners) {
            try {
                listener.accept(t);
            } catch (RuntimeException e) {               // a broken listener must not break the caller's call
                Thread current = Thread.currentThread();
                current.getUncaughtExceptionHandler().uncaughtException(current, e);
            }
        }
    }
}
