package book.ch03.herd;

import book.ch03.retry.Sleeper;
import book.ch03.retry.Ticker;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Virtual time for a herd of client threads on real sockets. Time stands still while any
 * client works (connects, sends, waits for its answer, which the server stamps with this
 * clock); when every client sleeps or has finished, it jumps to the earliest wake-up and wakes
 * exactly the clients due then. So the arrivals the server logs are the backoff's own
 * schedule, to the nanosecond, however slow or loaded the machine: the test can be exact.
 *
 * <p>It waits until all {@code clients} have slept once before moving (each client's first
 * attempt fails in the outage, so each sleeps). A platform daemon thread watches; close stops it.
 */
final class HerdClock implements Ticker, Sleeper, AutoCloseable {

    private final int clients;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition moved = lock.newCondition();
    private final Set<Thread> known = new HashSet<>();
    private final Map<Thread, Long> sleeping = new HashMap<>(); // thread -> wake-up time
    private final Thread watcher;
    private long nowNanos;
    private volatile boolean closed;

    HerdClock(int clients) {
        this.clients = clients;
        this.watcher = Thread.ofPlatform().daemon().name("herd-clock").start(this::watch);
    }

    @Override
    public long nanoTime() {
        lock.lock();
        try {
            return nowNanos;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void sleep(long millis) throws InterruptedException {
        Thread me = Thread.currentThread();
        lock.lock();
        try {
            known.add(me);
            sleeping.put(me, nowNanos + TimeUnit.MILLISECONDS.toNanos(millis));
            while (sleeping.containsKey(me)) {
                try {
                    moved.await();
                } catch (InterruptedException e) {
                    sleeping.remove(me);
                    throw e;
                }
            }
        } finally {
            lock.unlock();
        }
    }

    /** Moves time whenever every client is asleep or done; polls, as a thread's end signals nothing. */
    private void watch() {
        while (!closed) {
            lock.lock();
            try {
                boolean allIdle = known.size() == clients && !sleeping.isEmpty()
                        && known.stream().allMatch(t -> sleeping.containsKey(t) || t.getState() == Thread.State.TERMINATED);
                if (allIdle) {
                    long next = sleeping.values().stream().mapToLong(Long::longValue).min().orElseThrow();
                    nowNanos = Math.max(nowNanos, next);
                    sleeping.values().removeIf(wake -> wake <= nowNanos);
                    moved.signalAll();
                }
            } finally {
                lock.unlock();
            }
            try {
                Thread.sleep(1); // how often to look, not a measure of anything
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        watcher.interrupt(); // it ends within a look; nothing waits for it
    }
}
