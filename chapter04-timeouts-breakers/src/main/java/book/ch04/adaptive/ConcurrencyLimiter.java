package book.ch04.adaptive;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

/**
 * A concurrency limiter whose limit adapts: tryAcquire, then exactly one of success/dropped/ignore.
 *
 * Part of the AIMD unit (see AimdLimit.java). JDK only.
 *
 * What it does: admits a call while fewer than limit() calls are in flight, and feeds the call's
 * outcome and round-trip time back into the AimdLimit. A refused call never left the client, so
 * it reached nothing. Time is a monotonic nanosecond source (System::nanoTime), never the wall clock.
 * Specified by: ConcurrencyLimiterTest, ConcurrencyLimiterLoopbackTest, SimulationTest.
 */
public final class ConcurrencyLimiter {

    private final AimdLimit limit;
    private final LongSupplier nanoTime;
    private final AtomicInteger inFlight = new AtomicInteger();

    public ConcurrencyLimiter(AimdLimit limit, LongSupplier nanoTime) {
        if (limit == null || nanoTime == null) {
            throw new IllegalArgumentException("limit and nanoTime must not be null");
        }
        this.limit = limit;
        this.nanoTime = nanoTime;
    }

    // tag::acquire[]
    /** A place for one call, or {@code null} when limit() calls are already in flight. */
    public Call tryAcquire() {
        while (true) {
            int current = inFlight.get();
            if (current >= limit.limit()) {
                return null;
            }
            if (inFlight.compareAndSet(current, current + 1)) {
                return new Call(nanoTime.getAsLong(), current + 1);
            }
        }
    }

    /** One admitted call. Report exactly one outcome; later reports are ignored. */
    public final class Call {
        private final long startNanos;
        private final int inFlightAtStart;
        private final AtomicInteger done = new AtomicInteger();

        private Call(long startNanos, int inFlightAtStart) {
            this.startNanos = startNanos;
            this.inFlightAtStart = inFlightAtStart;
        }

        /** The dependency answered and was not overloaded: 2xx, 3xx, 4xx other than 429. */
        public void success() {
            finish(false, true);
        }

        /** Timed out, reset, 5xx, or pushed back (429): the dependency is overloaded or failing. */
        public void dropped() {
            finish(true, true);
        }

        /** Says nothing about the dependency (the caller cancelled): free the place only. */
        public void ignore() {
            finish(false, false);
        }

        private void finish(boolean dropped, boolean sample) {
            if (done.getAndIncrement() != 0) {
                return;
            }
            inFlight.decrementAndGet();
            if (sample) {
                limit.onSample(startNanos, nanoTime.getAsLong() - startNanos, inFlightAtStart, dropped);
            }
        }
    }
    // end::acquire[]

    /**
     * The book's table applied to a limiter: 5xx are failures and 429 is pushback, and both
     * ask for fewer calls; 404 and the other 4xx are answers (the dependency did its job).
     */
    public static boolean isDropped(int status) {
        return status == 429 || status >= 500;
    }

    public int inFlight() {
        return inFlight.get();
    }

    public int limit() {
        return limit.limit();
    }
}
