package book.ch03.retry;

import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;
import java.util.random.RandomGenerator;

/**
 * Runs a call under a {@link RetryPolicy}. It retries only what the policy says is safe,
 * waits the backoff between attempts, never starts a wait that would end past the deadline,
 * stops at once when interrupted, and keeps every failure: the one it throws carries the
 * earlier ones as suppressed exceptions, plus a note saying why it stopped.
 *
 * <p>Thread-safe and meant to be shared. The first attempt's success costs no allocation
 * and no clock read (unless a listener is installed), so wrapping a call that rarely fails
 * is free.
 */
public final class Retry<T> {

    private final int maxAttempts;
    private final long maxDurationMillis;
    private final Predicate<Throwable> retryOnFailure;
    private final Predicate<? super T> retryOnResult;
    private final RetryPolicy<T> policy;
    private final InstantSource clock;
    private final Sleeper sleeper;
    private final RandomGenerator random;
    private final RetryListener listener;
    private final RetryGate gate;

    private Retry(RetryPolicy<T> policy, InstantSource clock, Sleeper sleeper, RandomGenerator random,
                  RetryListener listener, RetryGate gate) {
        this.policy = policy;
        this.maxAttempts = policy.maxAttempts();
        this.maxDurationMillis = policy.maxDuration().toMillis();
        this.retryOnFailure = policy.retryOnFailure();
        this.retryOnResult = policy.retryOnResult();
        this.clock = Objects.requireNonNull(clock, "clock");
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
        this.random = Objects.requireNonNull(random, "random");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.gate = Objects.requireNonNull(gate, "gate");
    }

    /** The system clock, real sleeps, a thread-local random source, no listener, no budget. */
    public static <T> Retry<T> of(RetryPolicy<T> policy) {
        return new Retry<>(policy, InstantSource.system(), Sleeper.system(),
                () -> ThreadLocalRandom.current().nextLong(), RetryListener.NONE, RetryGate.UNLIMITED);
    }

    /** Everything injected: what tests and simulations use. */
    public static <T> Retry<T> of(RetryPolicy<T> policy, InstantSource clock, Sleeper sleeper,
                                  RandomGenerator random, RetryListener listener, RetryGate gate) {
        return new Retry<>(policy, clock, sleeper, random, listener, gate);
    }

    public Retry<T> withListener(RetryListener listener) {
        return new Retry<>(policy, clock, sleeper, random, listener, gate);
    }

    public Retry<T> withGate(RetryGate gate) {
        return new Retry<>(policy, clock, sleeper, random, listener, gate);
    }

    /** Runs the call, retrying under the policy. */
    public T call(Callable<? extends T> action) throws Exception {
        return callUntil(Long.MAX_VALUE, action);
    }

    /**
     * Runs the call, and also starts no wait that would end after {@code deadlineMillis}
     * (on this Retry's clock): the caller's own deadline, when the request has one.
     */
    // tag::call[]
    public T callUntil(long deadlineMillis, Callable<? extends T> action) throws Exception {
        gate.onRequest();
        boolean listening = listener != RetryListener.NONE;
        long start = listening ? clock.millis() : 0;     // the success path reads no clock
        long firstFailure = -1;
        List<Exception> failures = null;                 // allocated on the first failure only
        long previousDelay = 0;
        for (int attempt = 1; ; attempt++) {
            T result = null;
            Exception failure = null;
            try {
                result = action.call();
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
            long now = clock.millis();
            if (firstFailure < 0) {
                firstFailure = now;
                failures = new ArrayList<>(maxAttempts);
            }
            if (failure != null) {
                failures.add(failure);
            }
            long left = deadlineMillis == Long.MAX_VALUE ? Long.MAX_VALUE : deadlineMillis - now;
            Stop stop = retryable ? nextDelay(attempt, previousDelay, result, failure, now - firstFailure, left)
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
            previousDelay = stop.delayMillis;
        }
    }
    // end::call[]

    /** The delay before the next attempt, or the reason there will be none. */
    private Stop nextDelay(int attempt, long previousDelay, T result, Exception failure, long retryingMillis,
                           long leftMillis) {
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
        if (retryingMillis + delay > maxDurationMillis) {
            return new Stop(Outcome.DEADLINE_REACHED, delay, "a " + delay + " ms wait after "
                    + retryingMillis + " ms of retrying would pass the " + maxDurationMillis + " ms deadline");
        }
        if (delay > leftMillis) {
            return new Stop(Outcome.DEADLINE_REACHED, delay, "a " + delay + " ms wait would pass the caller's"
                    + " deadline, " + Math.max(0, leftMillis) + " ms away");
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
            long elapsed = clock.millis() - start;
            listener.onAttempt(new AttemptEvent(attempt, outcome, delay, elapsed, result, failure, note));
        }
    }

    private static <R> R rethrow(Exception e) throws Exception {
        throw e;
    }
}
