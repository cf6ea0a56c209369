/*
 * Chapter 4's unit (chapter04-timeouts-breakers, book.ch04.breaker), copied unchanged except the
 * package, so that chapter 5 depends on no other chapter; its tests are copied beside it.
 * Copyable unit "circuit-breaker": the sliding window a CircuitBreaker computes its failure and
 * slow-call rates over. Counts calls, failures and slow calls in 10 buckets; a call costs one
 * atomic add and a few plain reads, and allocates nothing. A count window of N calls keeps
 * buckets of B = max(1, N/10) calls and covers the last N calls rounded down to a multiple of B,
 * give or take the bucket being filled (exactly N for N < 20); a time window covers the calls
 * that ended in the last D, give or take a tenth of D. A bucket holds up to 2^30 calls before it is folded into the
 * totals early, so no count can overflow.
 * Specified by: CircuitBreakerTest, BreakerRacesTest.
 */
package book.ch05.breaker;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.StampedLock;

/**
 * Failure and slow-call counts over the last calls or the last stretch of time. The hot path
 * adds to the current bucket with one {@code getAndAdd}; moving to the next bucket (once a tenth
 * of the window) takes a lock and recomputes the totals of the finished buckets, which readers
 * see through a {@link StampedLock} optimistic read, so they never block and never see a bucket
 * counted twice or not at all.
 */
final class SlidingWindow {

    /** What a call's outcome did to the window's verdict. */
    static final int BELOW = 0;
    static final int FAILURE_RATE = 1;
    static final int SLOW_RATE = 2;

    private static final long ONE_CALL = 1L;
    private static final long ONE_FAILURE = 1L << 32;
    private static final long CALLS_MASK = 0xFFFF_FFFFL;
    private static final long FOLD_AT = 1L << 30;

    private final int buckets;
    private final boolean timeBased;
    private final long bucketCalls;
    private final long bucketNanos;
    private final long originNanos;
    private final int minimumCalls;
    private final double failureRatePercent;
    private final double slowRatePercent;

    // The current bucket: calls in the low 32 bits, failures in the high 32; slow calls apart.
    private final AtomicLong current = new AtomicLong();
    private final AtomicLong currentSlow = new AtomicLong();
    private volatile long currentEpoch;

    // Finished buckets, indexed by epoch % buckets, and their totals; written under the write lock.
    private final StampedLock lock = new StampedLock();
    private final long[] ringCalls;
    private final long[] ringFailures;
    private final long[] ringSlow;
    private long doneCalls;
    private long doneFailures;
    private long doneSlow;

    SlidingWindow(BreakerConfig config, long nowNanos) {
        BreakerConfig.Window w = config.window();
        this.timeBased = w.isTimeBased();
        this.bucketCalls = timeBased ? FOLD_AT : Math.max(1, w.calls() / BreakerConfig.Window.BUCKETS);
        this.buckets = timeBased ? BreakerConfig.Window.BUCKETS : (int) (w.calls() / bucketCalls);
        this.ringCalls = new long[buckets];
        this.ringFailures = new long[buckets];
        this.ringSlow = new long[buckets];
        this.bucketNanos = timeBased ? Math.max(1, w.duration().toNanos() / buckets) : 1;
        this.originNanos = nowNanos;
        this.minimumCalls = config.minimumCalls();
        this.failureRatePercent = config.failureRatePercent();
        this.slowRatePercent = config.slowCallRatePercent();
    }

    /**
     * Counts one call that ended at {@code nowNanos} and tells whether a rate is now at its
     * threshold. Only a failure or a slow call can raise a rate, so only they look at the totals:
     * a success costs one add. (A success that brings the window up to its minimum number of calls
     * therefore does not open the breaker; the next failure does.)
     */
    int record(boolean failure, boolean slow, long nowNanos) {
        if (timeBased) {
            long epoch = (nowNanos - originNanos) / bucketNanos;
            if (epoch > currentEpoch) {
                advance(epoch);
            }
        }
        if ((current.get() & CALLS_MASK) >= bucketCalls) {
            advance(timeBased ? currentEpoch : currentEpoch + 1); // a count bucket is full (or a time bucket huge)
        }
        if (slow) {
            currentSlow.getAndIncrement();
        }
        current.getAndAdd(failure ? ONE_CALL + ONE_FAILURE : ONE_CALL);
        return failure || slow ? verdict() : BELOW;
    }

    /** Whether the rates over the window reach a threshold now. */
    int verdict() {
        long stamp = lock.tryOptimisticRead();
        int verdict = verdictOf(doneCalls, doneFailures, doneSlow);
        if (lock.validate(stamp)) {
            return verdict;                             // no bucket moved while we read: the common case
        }
        stamp = lock.readLock();
        try {
            return verdictOf(doneCalls, doneFailures, doneSlow);
        } finally {
            lock.unlockRead(stamp);
        }
    }

    private int verdictOf(long finishedCalls, long finishedFailures, long finishedSlow) {
        long cur = current.get();
        long calls = finishedCalls + (cur & CALLS_MASK);
        if (calls < minimumCalls) {
            return BELOW;
        }
        if ((finishedFailures + (cur >>> 32)) * 100.0 >= failureRatePercent * calls) {
            return FAILURE_RATE;
        }
        return (finishedSlow + currentSlow.get()) * 100.0 >= slowRatePercent * calls ? SLOW_RATE : BELOW;
    }

    /** Calls, failures and slow calls in the window now (for events and metrics; allocates). */
    long[] counts() {
        long stamp = lock.readLock();
        try {
            long cur = current.get();
            return new long[] {doneCalls + (cur & CALLS_MASK), doneFailures + (cur >>> 32), doneSlow + currentSlow.get()};
        } finally {
            lock.unlockRead(stamp);
        }
    }

    /** Folds the current bucket into the ring and, when time moved on, drops the buckets that left the window. */
    private void advance(long toEpoch) {
        long stamp = lock.writeLock();
        try {
            long from = currentEpoch;
            boolean full = (current.get() & CALLS_MASK) >= bucketCalls;
            if (toEpoch < from || (toEpoch == from && !full) || (!timeBased && !full)) {
                return; // another thread got here first
            }
            int slot = (int) (from % buckets);
            long folded = current.getAndSet(0);
            ringCalls[slot] += folded & CALLS_MASK;
            ringFailures[slot] += folded >>> 32;
            ringSlow[slot] += currentSlow.getAndSet(0);
            for (long e = from + 1; e <= toEpoch && e <= from + buckets; e++) {
                int s = (int) (e % buckets);
                ringCalls[s] = 0;
                ringFailures[s] = 0;
                ringSlow[s] = 0;
            }
            currentEpoch = toEpoch;
            long calls = 0;
            long failures = 0;
            long slow = 0;
            for (int s = 0; s < buckets; s++) {
                calls += ringCalls[s];
                failures += ringFailures[s];
                slow += ringSlow[s];
            }
            doneCalls = calls;
            doneFailures = failures;
            doneSlow = slow;
        } finally {
            lock.unlockWrite(stamp);
        }
    }
}
