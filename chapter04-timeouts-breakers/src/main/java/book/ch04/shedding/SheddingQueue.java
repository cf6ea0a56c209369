package book.ch04.shedding;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * A bounded queue with a queue-time limit that turns to LIFO with a short limit under overload.
 *
 * Take it with you: the shedding queue (one file, JDK only).
 *
 * What it does: the queue in front of a server's workers, built to shed before it collapses.
 *  - Bounded: at `capacity` items, offer() refuses (answer 503 at once; it costs almost nothing).
 *  - A queue-time limit: an item that waited longer than its limit is shed, not served; its
 *    client has most likely given up, and serving it would only delay everyone behind it.
 *  - CoDel-style adaptation ("Fail at Scale", Facebook, after Nichols and Jacobson's CoDel):
 *    while the queue has been empty at least once in the last `interval`, it is a normal FIFO
 *    with the long limit `maxQueueTime`. When it has not been empty for a whole interval it is
 *    a standing queue (overload): new items get the short limit `target`, and the workers take
 *    the NEWEST item first (adaptive LIFO), whose client is still waiting, while the old ones
 *    expire. Served requests stay fresh instead of all going stale together.
 * Defaults: capacity 1000, maxQueueTime 1 s, target 10 ms, interval 100 ms.
 * Limits: capacity 1..1,000,000; target <= maxQueueTime <= 1 h; interval 1 ms..1 h.
 * Thread-safe (one lock); shed items are handed to `onShed` after the lock is released.
 * Time is a monotonic nanosecond source, never the wall clock.
 * Specified by: SheddingQueueTest, SheddingFilterTest, SimulationTest.
 */
public final class SheddingQueue<T> {

    public static final int DEFAULT_CAPACITY = 1000;
    public static final Duration DEFAULT_MAX_QUEUE_TIME = Duration.ofSeconds(1);
    public static final Duration DEFAULT_TARGET = Duration.ofMillis(10);
    public static final Duration DEFAULT_INTERVAL = Duration.ofMillis(100);
    public static final int MAX_CAPACITY = 1_000_000;

    private record Entry<T>(T item, long enqueuedNanos, long expiresNanos) {}

    private final int capacity;
    private final long maxQueueNanos;
    private final long targetNanos;
    private final long intervalNanos;
    private final LongSupplier nanoTime;
    private final Consumer<? super T> onShed;
    private final ArrayDeque<Entry<T>> entries = new ArrayDeque<>();
    private final ReentrantLock lock = new ReentrantLock();
    private long lastEmptyNanos;

    public SheddingQueue(int capacity, Duration maxQueueTime, Duration target, Duration interval,
                         LongSupplier nanoTime, Consumer<? super T> onShed) {
        if (capacity < 1 || capacity > MAX_CAPACITY) {
            throw new IllegalArgumentException("capacity must be in 1.." + MAX_CAPACITY + ", not " + capacity);
        }
        Duration hour = Duration.ofHours(1);
        if (maxQueueTime == null || maxQueueTime.isNegative() || maxQueueTime.isZero() || maxQueueTime.compareTo(hour) > 0) {
            throw new IllegalArgumentException("maxQueueTime must be in 1ns..1h, not " + maxQueueTime);
        }
        if (target == null || target.isNegative() || target.isZero() || target.compareTo(maxQueueTime) > 0) {
            throw new IllegalArgumentException("target must be in 1ns..maxQueueTime (" + maxQueueTime + "), not " + target);
        }
        if (interval == null || interval.compareTo(Duration.ofMillis(1)) < 0 || interval.compareTo(hour) > 0) {
            throw new IllegalArgumentException("interval must be in 1ms..1h, not " + interval);
        }
        if (nanoTime == null || onShed == null) {
            throw new IllegalArgumentException("nanoTime and onShed must not be null");
        }
        this.capacity = capacity;
        this.maxQueueNanos = maxQueueTime.toNanos();
        this.targetNanos = target.toNanos();
        this.intervalNanos = interval.toNanos();
        this.nanoTime = nanoTime;
        this.onShed = onShed;
        this.lastEmptyNanos = nanoTime.getAsLong();
    }

    public static <T> SheddingQueue<T> ofDefaults(LongSupplier nanoTime, Consumer<? super T> onShed) {
        return new SheddingQueue<>(DEFAULT_CAPACITY, DEFAULT_MAX_QUEUE_TIME, DEFAULT_TARGET, DEFAULT_INTERVAL, nanoTime, onShed);
    }

    // tag::offer[]
    /** Queues {@code item}, or returns false when the queue is full: refuse it now, cheaply. */
    public boolean offer(T item) {
        List<T> shed = new ArrayList<>(0);
        boolean accepted;
        lock.lock();
        try {
            long now = nanoTime.getAsLong();
            dropExpired(now, shed);
            if (entries.isEmpty()) {
                lastEmptyNanos = now;
            }
            accepted = entries.size() < capacity;
            if (accepted) {
                // A standing queue (not empty for a whole interval) gives newcomers the short limit.
                long limit = overloaded(now) ? targetNanos : maxQueueNanos;
                entries.addLast(new Entry<>(item, now, now + limit));
            }
        } finally {
            lock.unlock();
        }
        shed.forEach(onShed);
        return accepted;
    }

    /** The next item to serve, or null when none is left; expired items met on the way are shed. */
    public T poll() {
        List<T> shed = new ArrayList<>(0);
        T next = null;
        lock.lock();
        try {
            long now = nanoTime.getAsLong();
            dropExpired(now, shed);
            // Under overload serve the newest first: its client is still waiting.
            while (next == null && !entries.isEmpty()) {
                Entry<T> e = overloaded(now) ? entries.pollLast() : entries.pollFirst();
                if (e.expiresNanos - now > 0) {
                    next = e.item;
                } else {
                    shed.add(e.item);
                }
            }
            if (entries.isEmpty()) {
                lastEmptyNanos = now;
            }
        } finally {
            lock.unlock();
        }
        shed.forEach(onShed);
        return next;
    }
    // end::offer[]

    /** True while the queue has not been empty for a whole interval: a standing queue. */
    public boolean overloaded() {
        lock.lock();
        try {
            return overloaded(nanoTime.getAsLong());
        } finally {
            lock.unlock();
        }
    }

    public int size() {
        lock.lock();
        try {
            return entries.size();
        } finally {
            lock.unlock();
        }
    }

    private boolean overloaded(long now) {
        return !entries.isEmpty() && now - lastEmptyNanos > intervalNanos;
    }

    /** Sheds expired items from the old end (where, FIFO or LIFO, the longest waiters sit). */
    private void dropExpired(long now, List<T> shed) {
        while (!entries.isEmpty() && entries.peekFirst().expiresNanos - now <= 0) {
            shed.add(entries.pollFirst().item);
        }
    }
}
