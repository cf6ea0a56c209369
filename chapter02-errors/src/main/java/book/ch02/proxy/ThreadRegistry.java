package book.ch02.proxy;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The threads a {@link FaultProxy} started, so that closing it can stop them all and prove it:
 * once {@link #stopStarting()} has been called no new thread starts, and {@link #interruptAndJoin}
 * waits for the ones that did. Without it a pump started during shutdown would outlive the proxy.
 */
final class ThreadRegistry {

    private final Set<Thread> running = ConcurrentHashMap.newKeySet();
    private final boolean virtual;
    private boolean stopped; // guarded by this

    ThreadRegistry(boolean virtual) {
        this.virtual = virtual;
    }

    /** Starts {@code task} on a new thread; returns null if the registry no longer starts threads. */
    synchronized Thread start(String name, Runnable task) {
        if (stopped) {
            return null;
        }
        Thread.Builder builder = virtual ? Thread.ofVirtual() : Thread.ofPlatform().daemon();
        Thread thread = builder.name(name).unstarted(() -> {
            try {
                task.run();
            } finally {
                running.remove(Thread.currentThread());
            }
        });
        running.add(thread);
        thread.start();
        return thread;
    }

    synchronized void stopStarting() {
        stopped = true;
    }

    /** Interrupts every thread (a fault may be sleeping) and waits up to {@code timeout} for all of them. */
    void interruptAndJoin(Duration timeout) {
        List<Thread> threads = List.copyOf(running);
        threads.forEach(Thread::interrupt);
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            for (Thread thread : threads) {
                thread.join(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    int alive() {
        return (int) running.stream().filter(Thread::isAlive).count();
    }
}
