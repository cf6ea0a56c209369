package book.ch05.hedge;

import java.util.Objects;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Hedged requests ("The Tail at Scale", Dean and Barroso): send the request; if no answer has
 * come after the p95 of recent latencies, send a second copy, take whichever answers first and
 * cancel the other. Most requests never hedge (95 % are faster than the delay), the few that
 * hit a slow replica are rescued by a second one that probably isn't, and the extra load is
 * capped by a {@link RetryBudget} shared with retries.
 *
 * <p>Only a request that is safe to send twice is hedged: an idempotent one, or one carrying an
 * idempotency key the servers honour. Both copies may be processed; the caller says so per call.
 *
 * <p>Cancelling the loser interrupts its virtual thread; a virtual thread interrupted while
 * blocked on a socket has the socket closed (JDK 21+), so the server sees the connection end
 * and can stop working. An attempt that holds other resources should close them on interrupt.
 *
 * <p>An attempt that fails before the delay is not hedged: its failure is returned to the caller,
 * whose retry policy decides (a hedge is not a retry). When one of two attempts fails, the other
 * is awaited. Time is read from an injected monotonic source ({@code System::nanoTime}).
 *
 * <p>Unit "hedging" (with {@link LatencyWindow}, {@link RetryBudget}); measured by the {@code hedging} program.
 *
 * <p>Specified by: HedgerTest
 */
public final class Hedger implements AutoCloseable {

    /** One copy of the request; {@code attempt} is 0 for the original, 1 for the hedge. */
    @FunctionalInterface
    public interface Attempt<T> {
        T run(int attempt) throws Exception;
    }

    private final LatencyWindow window;
    private final RetryBudget budget;
    private final LongSupplier nanoTime;
    private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
    private final AtomicLong hedges = new AtomicLong();
    private final AtomicLong hedgeWins = new AtomicLong();
    private final AtomicLong denied = new AtomicLong();

    public Hedger(LatencyWindow window, RetryBudget budget, LongSupplier nanoTime) {
        this.window = Objects.requireNonNull(window, "window");
        this.budget = Objects.requireNonNull(budget, "budget");
        this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
    }

    // tag::call[]
    /**
     * Runs {@code attempt}, hedged if {@code safeToRepeat} and the budget allows.
     *
     * @throws ExecutionException with the attempt's failure as its cause (both failures, if both failed)
     */
    public <T> T call(boolean safeToRepeat, Attempt<T> attempt) throws ExecutionException, InterruptedException {
        long start = nanoTime.getAsLong();
        budget.onRequest();
        CompletionService<T> done = new ExecutorCompletionService<>(threads);
        Future<T> first = done.submit(() -> attempt.run(0));
        Future<T> second = null;
        try {
            long delay = window.quantileNanos(); // -1: not enough data yet, don't hedge
            Future<T> winner = safeToRepeat && delay >= 0 ? done.poll(delay, TimeUnit.NANOSECONDS) : null;
            if (winner == null && safeToRepeat && delay >= 0) {
                if (budget.tryWithdraw()) {
                    hedges.incrementAndGet();
                    second = done.submit(() -> attempt.run(1));
                } else {
                    denied.incrementAndGet();
                }
            }
            if (winner == null) {
                winner = done.take();
            }
            if (second != null && isFailed(winner)) {
                Future<T> other = done.take(); // one failed: the other may still succeed
                if (!isFailed(other)) {
                    winner = other;
                } else {
                    failure(other).addSuppressed(failure(winner));
                    winner = other;
                }
            }
            T result = winner.get();
            if (winner == second) {
                hedgeWins.incrementAndGet();
            }
            window.record(nanoTime.getAsLong() - start);
            return result;
        } finally {
            first.cancel(true); // no effect on the one that finished; closes the loser's socket
            if (second != null) {
                second.cancel(true);
            }
        }
    }
    // end::call[]

    private static boolean isFailed(Future<?> f) {
        return f.state() == Future.State.FAILED;
    }

    private static Throwable failure(Future<?> f) {
        return f.exceptionNow();
    }

    /** Hedges sent so far. */
    public long hedges() {
        return hedges.get();
    }

    /** Hedges that answered before the original. */
    public long hedgeWins() {
        return hedgeWins.get();
    }

    /** Hedges the budget refused. */
    public long denied() {
        return denied.get();
    }

    @Override
    public void close() {
        threads.shutdownNow();
    }
}
