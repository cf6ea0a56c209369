package book.ch03.retry;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import java.util.random.RandomGenerator;

/**
 * Runs a call under a {@link RetryPolicy}. It retries only what the policy says is safe, waits
 * the backoff between attempts, starts no attempt without time left and hands each attempt the
 * time left ({@link Attempt}), stops at once when interrupted, and keeps every failure: the one
 * it throws carries the earlier ones as suppressed exceptions, plus a note saying why it stopped.
 *
 * <p>Time: the policy's {@code maxDuration} (counted from the first failure) and the caller's
 * {@link Deadline} run on a monotonic {@link Ticker}, never the wall clock. A wait, even one of
 * {@code Long.MAX_VALUE} ms, is compared with the time left, never added to a time.
 *
 * <p>Thread-safe and meant to be shared, provided its random source is (the default is
 * {@link ThreadLocalRandom}; a {@code SplittableRandom} or {@code RandomGenerator.getDefault()}
 * is not). The first attempt's success reads no clock and allocates nothing (unless a listener
 * or a caller's deadline is installed), so wrapping a call that rarely fails is free.
 *
 * <p>Unit "retry-loop" (with {@code RetryPolicy}, the backoffs and the classifier); defaults in
 * {@link RetryPolicy}: 4 attempts, 10 s from the first failure, full jitter over 200 ms capped at
 * 30 s, connect failures retried only. Limits: at most 100 attempts; a wait is whole milliseconds.
 * Specified by: RetryTest, RetryTimeTest, BackoffTest, FailureClassifierTest, SharedRetryTableTest
 */
public final class Retry<T> {

    private final int maxAttempts;
    private final Predicate<Throwable> retryOnFailure;
    private final Predicate<? super T> retryOnResult;
    /** The gate, when a first attempt's success needs nothing more (no listener, no result test); else null. */
    private final RetryGate fastPathGate;
    private final RetryPolicy<T> policy;
    private final Ticker ticker;
    private final Sleeper sleeper;
    private final RandomGenerator random;
    private final RetryListener listener;
    private final RetryGate gate;

    private Retry(RetryPolicy<T> policy, Ticker ticker, Sleeper sleeper, RandomGenerator random,
                  RetryListener listener, RetryGate gate) {
        this.policy = policy;
        this.maxAttempts = policy.maxAttempts();
        this.retryOnFailure = policy.retryOnFailure();
        this.retryOnResult = policy.retryOnResult();
        this.ticker = Objects.requireNonNull(ticker, "ticker");
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
        this.random = Objects.requireNonNull(random, "random");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.gate = Objects.requireNonNull(gate, "gate");
        this.fastPathGate = listener == RetryListener.NONE && retryOnResult == RetryPolicy.NO_RESULT_IS_RETRIED ? gate : null;
    }

    /** System.nanoTime, real sleeps, a thread-local random source, no listener, no budget. */
    public static <T> Retry<T> of(RetryPolicy<T> policy) {
        return new Retry<>(policy, Ticker.system(), Sleeper.system(),
                () -> ThreadLocalRandom.current().nextLong(), RetryListener.NONE, RetryGate.UNLIMITED);
    }

    /** Everything injected: what tests and simulations use. */
    public static <T> Retry<T> of(RetryPolicy<T> policy, Ticker ticker, Sleeper sleeper,
                                  RandomGenerator random, RetryListener listener, RetryGate gate) {
        return new Retry<>(policy, ticker, sleeper, random, listener, gate);
    }

    public Retry<T> withListener(RetryListener listener) {
        return new Retry<>(policy, ticker, sleeper, random, listener, gate);
    }

    public Retry<T> withGate(RetryGate gate) {
        return new Retry<>(policy, ticker, sleeper, random, listener, gate);
    }

    /** The ticker this Retry measures time on: make a caller's {@link Deadline} on it. */
    public Ticker ticker() {
        return ticker;
    }

    /** Runs the call, retrying under the policy. */
    // tag::fast-path[]
    public T call(Callable<? extends T> action) throws Exception {
        RetryGate fast = fastPathGate; // one field read decides: the common policy takes the fast path
        if (fast == null) {
            return loop(Deadline.none(), action, null, null);
        }
        // The success path, small enough for the JIT to inline into the caller: no clock, no allocation.
        fast.onRequest();
        try {
            return action.call();
        } catch (InterruptedException e) {
            throw interrupted(e, null, 1, 0);
        } catch (Exception e) {
            return loop(Deadline.none(), action, null, e); // the loop takes over from the first failure
        }
    }
    // end::fast-path[]

    /**
     * Runs the attempt, retrying under the policy, within the caller's deadline (made on this
     * Retry's {@link #ticker()}): no attempt starts after it, no wait ends after it, and each
     * attempt is handed the time left, the earlier of the caller's deadline and the policy's
     * retry window. A deadline already passed is a {@link TimeoutException} before any attempt.
     */
    public T callWithin(Deadline deadline, Attempt<? extends T> attempt) throws Exception {
        return loop(Objects.requireNonNull(deadline, "deadline"), null, Objects.requireNonNull(attempt, "attempt"), null);
    }

    // tag::call[]
    private T loop(Deadline callerDeadline, Callable<? extends T> action, Attempt<? extends T> attemptWithin,
                   Exception firstFailure) throws Exception {
        boolean listening = listener != RetryListener.NONE;
        long start = listening ? ticker.nanoTime() : 0;  // the success path reads no clock
        if (callerDeadline.isBounded() && callerDeadline.hasPassed()) {
            throw new TimeoutException("the caller's deadline passed before the first attempt");
        }
        if (firstFailure == null) {                      // else call()'s fast path counted the request
            gate.onRequest();
        }
        Deadline window = null;                          // maxDuration, from the first failure
        Deadline left = callerDeadline;                  // what each attempt is handed
        List<Exception> failures = null;                 // allocated on the first failure only
        long previousDelay = 0;
        for (int attempt = 1; ; attempt++) {
            T result = null;
            Exception failure = null;
            try {
                if (attempt == 1 && firstFailure != null) {  // made by call()'s fast path
                    throw firstFailure;
                } else {
                    result = attemptWithin == null ? action.call() : attemptWithin.run(left);
                }
            } catch (InterruptedException e) {
                throw interrupted(e, failures, attempt, start);
            } catch (Exception e) {
                failure = e;
            }
            boolean retryable = failure == null ? retryOnResult.test(result) : retryOnFailure.test(failure);
            if (!retryable && failure == null) {
                if (listening) {
                    report(attempt, Outcome.SUCCEEDED, 0, start, result, null, null);
                }
                return result;
            }
            if (window == null) {
                window = Deadline.after(policy.maxDuration(), ticker);
                failures = new ArrayList<>(maxAttempts);
            }
            if (failure != null) {
                failures.add(failure);
            }
            left = callerDeadline.earlier(window);
            Stop stop = retryable ? nextDelay(attempt, previousDelay, result, failure, left, window)
                                  : new Stop(Outcome.NOT_RETRYABLE, 0, null);
            report(attempt, stop.outcome, stop.delayMillis, start, result, failure, stop.note);
            if (stop.outcome != Outcome.RETRYING) {
                return giveUp(stop, result, failure, failures);
            }
            try {
                sleeper.sleep(stop.delayMillis);
            } catch (InterruptedException e) {
                throw interrupted(e, failures, attempt, start);
            }
            if (left.hasPassed()) {                      // a sleeper may oversleep: never start late
                Stop late = new Stop(Outcome.DEADLINE_REACHED, 0, "the deadline passed during the wait;"
                        + " attempt " + (attempt + 1) + " not started");
                report(attempt + 1, late.outcome, 0, start, null, null, late.note);
                return giveUp(late, result, failure, failures);
            }
            previousDelay = stop.delayMillis;
        }
    }
    // end::call[]

    /** The delay before the next attempt, or the reason there will be none. */
    private Stop nextDelay(int attempt, long previousDelay, T result, Exception failure, Deadline left,
                           Deadline window) {
        if (attempt >= maxAttempts) {
            return new Stop(Outcome.ATTEMPTS_EXHAUSTED, 0, "all " + maxAttempts + " attempts failed");
        }
        if (Thread.currentThread().isInterrupted()) {
            return new Stop(Outcome.INTERRUPTED, 0, "interrupted");
        }
        long backoff = policy.backoff().delayMillis(attempt, previousDelay, random);
        RetryDelay.Choice choice = policy.delay().choose(attempt, result, failure, backoff, random);
        if (choice.giveUp()) {
            return new Stop(Outcome.DELAY_REFUSED, 0, choice.note());
        }
        long delay = choice.millis();
        // tag::deadline[]
        long leftNanos = left.remainingNanos();
        // Compared with what is left, never added to a time: a delay of Long.MAX_VALUE ms cannot overflow.
        // The wait must leave time for the attempt: at least 1 ns, so delay * 1e6 < leftNanos.
        if (leftNanos <= 0 || delay > (leftNanos - 1) / 1_000_000) {
            String which = left == window ? "the " + policy.maxDuration().toMillis() + " ms retry window"
                    : "the caller's deadline";
            return new Stop(Outcome.DEADLINE_REACHED, delay, "a " + delay + " ms wait would leave no time before "
                    + which + ", " + Math.max(0, leftNanos) / 1_000_000 + " ms away");
        }
        // end::deadline[]
        if (!gate.tryRetry()) {
            return new Stop(Outcome.BUDGET_EXHAUSTED, 0, "the retry budget is spent");
        }
        return new Stop(Outcome.RETRYING, delay, choice.note());
    }

    private record Stop(Outcome outcome, long delayMillis, String note) {
    }

    /**
     * Answers as the last attempt did: returns its result (a caller sees the 503 as if
     * unwrapped, even when an earlier attempt threw) or throws its failure, with the earlier
     * failures and the reason for stopping suppressed on it.
     */
    private T giveUp(Stop stop, T result, Exception last, List<Exception> failures) throws Exception {
        if (last == null) {
            return result;
        }
        for (int i = 0; i < failures.size() - 1; i++) {
            last.addSuppressed(failures.get(i));
        }
        last.addSuppressed(new RetryStoppedException(stop.outcome, stop.note));
        return rethrow(last);
    }

    // tag::interrupted[]
    private InterruptedException interrupted(InterruptedException e, List<Exception> failures,
                                             int attempt, long start) {
        Thread.currentThread().interrupt(); // callers that only catch Exception still see it
        if (failures != null) {
            failures.forEach(e::addSuppressed);
        }
        report(attempt, Outcome.INTERRUPTED, 0, start, null, e, "stopped, not retried");
        return e;
    }
    // end::interrupted[]

    private void report(int attempt, Outcome outcome, long delay, long start, Object result,
                        Throwable failure, String note) {
        if (listener != RetryListener.NONE) {
            long elapsedMillis = (ticker.nanoTime() - start) / 1_000_000;
            listener.onAttempt(new AttemptEvent(attempt, outcome, delay, elapsedMillis, result, failure, note));
        }
    }

    private static <R> R rethrow(Exception e) throws Exception {
        throw e;
    }
}
