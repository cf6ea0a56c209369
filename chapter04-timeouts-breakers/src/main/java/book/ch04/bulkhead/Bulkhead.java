package book.ch04.bulkhead;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A fixed number of concurrent calls to one dependency; the rest are refused quickly.
 *
 * Take it with you: the semaphore bulkhead (Bulkhead.java, BulkheadFullException.java; JDK only).
 *
 * What it does: at most `maxConcurrent` calls to one dependency at a time; a caller that finds
 * them all taken waits at most `maxWait` and is then refused with BulkheadFullException, which
 * costs no thread and no socket. One bulkhead per dependency, so that a slow dependency fills
 * its own compartment and not the capacity every other dependency needs.
 * Defaults: maxConcurrent 25, maxWait 0 (refuse at once: a queue in front of a slow dependency
 * only stores callers that will time out).
 * Limits: maxConcurrent 1..1,000,000; maxWait 0..1h. Not fair (a barging caller may overtake a
 * waiting one), as Resilience4j's default.
 * The permit follows the I/O: enter() hands out a Permit that whoever owns the I/O closes when
 * the I/O has really ended; closing twice releases once. A caller that gives up (its timeout
 * fired) while the I/O goes on must NOT close it: the dependency is still busy with that call.
 * Specified by: BulkheadTest, BulkheadLoopbackTest.
 */
public final class Bulkhead {

    public static final int DEFAULT_MAX_CONCURRENT = 25;
    public static final Duration DEFAULT_MAX_WAIT = Duration.ZERO;
    public static final int MAX_CONCURRENT_LIMIT = 1_000_000;
    public static final Duration MAX_WAIT_LIMIT = Duration.ofHours(1);

    private final String name;
    private final int maxConcurrent;
    private final long maxWaitNanos;
    private final Semaphore permits;

    public Bulkhead(String name, int maxConcurrent, Duration maxWait) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("name must not be blank");
        }
        if (maxConcurrent < 1 || maxConcurrent > MAX_CONCURRENT_LIMIT) {
            throw new IllegalArgumentException("maxConcurrent must be in 1.." + MAX_CONCURRENT_LIMIT + ", not " + maxConcurrent);
        }
        if (maxWait == null || maxWait.isNegative() || maxWait.compareTo(MAX_WAIT_LIMIT) > 0) {
            throw new IllegalArgumentException("maxWait must be in 0s.." + MAX_WAIT_LIMIT + ", not " + maxWait);
        }
        this.name = name;
        this.maxConcurrent = maxConcurrent;
        this.maxWaitNanos = maxWait.toNanos();
        this.permits = new Semaphore(maxConcurrent);
    }

    /** 25 concurrent calls, no waiting. */
    public static Bulkhead ofDefaults(String name) {
        return new Bulkhead(name, DEFAULT_MAX_CONCURRENT, DEFAULT_MAX_WAIT);
    }

    // tag::call[]
    /** Runs {@code call} in the caller's thread inside the bulkhead, or refuses it. */
    public <T> T call(Callable<T> call) throws Exception {
        acquire();
        try {
            return call.call();
        } finally {
            permits.release();
        }
    }
    // end::call[]

    // tag::enter[]
    /**
     * Takes a permit for I/O that another thread will do. Close the permit where the I/O ends
     * (in that thread's finally), not where the caller stops waiting for it.
     */
    public Permit enter() throws InterruptedException {
        acquire();
        return new Permit(permits);
    }

    /** One taken place in the bulkhead; closing it again does nothing. */
    public static final class Permit implements AutoCloseable {
        private final Semaphore permits;
        private final AtomicBoolean open = new AtomicBoolean(true);

        private Permit(Semaphore permits) {
            this.permits = permits;
        }

        @Override
        public void close() {
            if (open.compareAndSet(true, false)) {
                permits.release();
            }
        }
    }
    // end::enter[]

    private void acquire() throws InterruptedException {
        boolean got = maxWaitNanos == 0
                ? permits.tryAcquire()
                : permits.tryAcquire(maxWaitNanos, TimeUnit.NANOSECONDS);
        if (!got) {
            throw new BulkheadFullException(name, maxConcurrent);
        }
    }

    /** Calls running now (or permits not yet closed). */
    public int inUse() {
        return maxConcurrent - permits.availablePermits();
    }

    public int maxConcurrent() {
        return maxConcurrent;
    }

    public String name() {
        return name;
    }
}
