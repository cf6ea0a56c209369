package book.ch02.proxy;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A ticker that never really waits: each wait records the deadline it was asked for and which
 * thread asked, and moves the time to it. A test reads exactly when each chunk was due.
 */
final class DeadlineTicker implements Ticker {

    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final List<Long> deadlines = new CopyOnWriteArrayList<>();
    private final List<String> sleepers = new CopyOnWriteArrayList<>();

    @Override
    public long nanoTime() {
        return now.get();
    }

    @Override
    public void sleep(Duration duration) {
        sleepUntil(now.get() + duration.toNanos());
    }

    @Override
    public void sleepUntil(long deadlineNanos) {
        deadlines.add(deadlineNanos);
        sleepers.add(Thread.currentThread().getName());
        now.accumulateAndGet(deadlineNanos, Math::max);
    }

    List<Long> deadlines() {
        return List.copyOf(deadlines);
    }

    List<String> sleepers() {
        return List.copyOf(sleepers);
    }
}
