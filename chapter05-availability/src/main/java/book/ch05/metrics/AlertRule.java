package book.ch05.metrics;

import book.ch05.time.Ticker;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.LongSupplier;

/**
 * An alert on a ratio of two counters, evaluated as Prometheus evaluates
 * {@code increase(errors[window]) / increase(requests[window]) > threshold} with {@code for: holdFor}:
 * the condition must hold at every evaluation for {@code holdFor} before the alert fires, so a
 * single bad scrape pages nobody, and the alert resolves as soon as the condition stops holding.
 *
 * <pre>
 * INACTIVE --condition--> PENDING --held for holdFor--> FIRING --condition gone--> INACTIVE (resolved)
 *               PENDING --condition gone--> INACTIVE (never fired)
 * </pre>
 *
 * <p>No requests in the window is no data, not a 0 % or 100 % error rate: the condition is false
 * (pair it with an alert on the absence of traffic). A counter that goes down (its process
 * restarted) starts the window over. Time is the injected monotonic {@link Ticker}; the caller
 * calls {@link #evaluate()} on its evaluation interval (Prometheus's default: 1 minute; here
 * whatever the caller's scheduler says).
 *
 * <p>Specified by: AlertRuleTest
 */
public final class AlertRule {

    /** Where the alert is. */
    public enum State { INACTIVE, PENDING, FIRING }

    /** Told of every change of state; {@code resolved} is a FIRING alert going back to INACTIVE. */
    public interface Listener {
        void changed(State from, State to, double ratio);
    }

    private record Sample(long nanos, long errors, long requests) {}

    private final String name;
    private final LongSupplier errors;
    private final LongSupplier requests;
    private final double threshold;
    private final long windowNanos;
    private final long holdForNanos;
    private final Ticker ticker;
    private final Listener listener;
    private final Deque<Sample> samples = new ArrayDeque<>();
    private State state = State.INACTIVE;
    private long activeSince;
    private double lastRatio = Double.NaN;

    /**
     * @param threshold the ratio above which the condition holds; 0 (exclusive) .. 1 (exclusive)
     * @param window    how far back the increase is taken; at least 1 ms
     * @param holdFor   how long the condition must hold before firing; 0 fires at once
     */
    public AlertRule(String name, LongSupplier errors, LongSupplier requests, double threshold,
                     Duration window, Duration holdFor, Ticker ticker, Listener listener) {
        if (!(threshold > 0 && threshold < 1)) {
            throw new IllegalArgumentException("threshold must be between 0 and 1 (exclusive), not " + threshold);
        }
        if (window.toMillis() < 1 || window.compareTo(Duration.ofDays(1)) > 0) {
            throw new IllegalArgumentException("window must be 1ms..1d, not " + window);
        }
        if (holdFor.isNegative() || holdFor.compareTo(Duration.ofDays(1)) > 0) {
            throw new IllegalArgumentException("holdFor must be 0..1d, not " + holdFor);
        }
        this.name = name;
        this.errors = errors;
        this.requests = requests;
        this.threshold = threshold;
        this.windowNanos = window.toNanos();
        this.holdForNanos = holdFor.toNanos();
        this.ticker = ticker;
        this.listener = listener;
    }

    // tag::evaluate[]
    /** Samples the counters, updates the state and returns it. Not thread-safe: one evaluator calls it. */
    public State evaluate() {
        long now = ticker.nanoTime();
        Sample latest = new Sample(now, errors.getAsLong(), requests.getAsLong());
        Sample newest = samples.peekLast();
        if (newest != null && (latest.errors < newest.errors || latest.requests < newest.requests)) {
            samples.clear(); // a counter reset: the old samples say nothing about the new process
        }
        samples.addLast(latest);
        // Keep one sample at or before the window's start: it is the base of the increase.
        while (samples.size() >= 2) {
            Sample first = samples.removeFirst();
            if (now - samples.peekFirst().nanos < windowNanos) {
                samples.addFirst(first);
                break;
            }
        }
        Sample base = samples.peekFirst();
        long requested = latest.requests - base.requests;
        lastRatio = requested == 0 ? Double.NaN : (double) (latest.errors - base.errors) / requested;
        boolean condition = requested > 0 && lastRatio > threshold;
        State next = switch (state) {
            case INACTIVE -> condition ? (holdForNanos == 0 ? State.FIRING : State.PENDING) : State.INACTIVE;
            case PENDING -> !condition ? State.INACTIVE : now - activeSince >= holdForNanos ? State.FIRING : State.PENDING;
            case FIRING -> condition ? State.FIRING : State.INACTIVE;
        };
        if (state == State.INACTIVE && next != State.INACTIVE) {
            activeSince = now;
        }
        if (next != state) {
            State from = state;
            state = next;
            listener.changed(from, next, lastRatio);
        }
        return state;
    }
    // end::evaluate[]

    public State state() {
        return state;
    }

    /** The ratio at the last evaluation; NaN when the window held no request. */
    public double lastRatio() {
        return lastRatio;
    }

    public String name() {
        return name;
    }
}
